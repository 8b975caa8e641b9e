"""Import an HSDS package into the directory: check everything, then write in one go.

The importer reads every table, converts and checks each cell, resolves every
reference (against the package and the rows already in the database), and only
then writes, in one transaction. Problems are reported as ``file:row:column:
message``. Required references to missing rows are errors; optional ones are
left empty with a warning. With ``skip_invalid`` bad rows and the rows that
depend on them are skipped instead of stopping the import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from flask import current_app
from sqlalchemy import select

from navigator.extensions import db
from . import defaults, replacing, text_repair, values
from .completing import apply_patches, geocode
from .raw import Problem, RawTable
from .references import References
from .report import Defaults, ImportReport, sort_key
from .rows import DERIVED_ID_NAMESPACE, ColumnPlan, Rows, converter, derived_id
from .sources import SourceError, open_source
from .tables import OWNED_TABLES, PATCHES, TABLES, Column
from .writing import write

__all__ = ["DERIVED_ID_NAMESPACE", "Importer", "derived_id", "import_package"]


class Importer:
    def __init__(self, *, replace: bool = False, skip_invalid: bool = False,
                 report_only: bool = False, progress: Callable[[str, int], None] | None = None,
                 country: str | None = None, keep_defaults: bool = False,
                 confirm: Callable[[list[replacing.Unlink]], bool] = lambda unlinks: False):
        """``confirm`` is asked, with what a replacement would unlink outside the
        directory, before anything is written; by default such a replacement is refused.
        ``country`` fills addresses that lack one (default: ``NAVIGATOR_COUNTRY``).
        Defaults are counted, not kept one by one, unless ``keep_defaults`` (for a report
        file listing every one)."""
        self.replace = replace
        self.confirm = confirm
        self.skip_invalid = skip_invalid
        self.report_only = report_only
        self.progress = progress or (lambda phase, n: None)
        self.report = ImportReport(defaults=Defaults(every=keep_defaults))
        self.data: dict[str, Rows] = {}
        self._existing: dict[str, set[str]] = {}
        #: Derived UUID -> the id as the file wrote it, so messages name ids users can find.
        self._written_as: dict[str, str] = {}
        self._fills = defaults.fills(
            country or current_app.config.get("NAVIGATOR_COUNTRY", "US"))
        #: Rows left out because they meant nothing (``defaults.DROP_WHEN_EMPTY``), by table.
        self._dropped: dict[str, int] = {}

    # -- entry point -----------------------------------------------------------

    def run(self, path: Path) -> ImportReport:
        try:
            with open_source(Path(path)) as source:
                for raw in source.tables:
                    self._read(raw)
                self.report.problems.extend(source.problems)
            # Its ids are scattered over the memory the rows were read into, which
            # they would keep from going back to the system after the import.
            derived_id.cache_clear()
        except SourceError as error:
            self.report.problems.extend(error.problems)
            self.report.problems.append(Problem(error.label, None, None, error.message))
            self.report.unreadable = True
            return self._finish()
        References(self.data, self.report, written_as=self._written_as,
                   skip_invalid=self.skip_invalid, existing_ids=self.existing_ids).resolve()
        db_patches = apply_patches(self.data)
        self.report.geocoded += geocode(self.data, replace=self.replace,
                                        existing_ids=self.existing_ids)
        if self.report.errors and not self.skip_invalid:
            return self._finish()
        gone = None
        if self.replace:
            gone = replacing.gone(db.session, self._kept())
            self.report.unlinks = replacing.unlinks(db.session, gone)
            if self.report.unlinks and not self.report_only and not self.confirm(
                    self.report.unlinks):
                self.report.unconfirmed = True
                return self._finish()
        if not self.report_only:
            write(self.data, db_patches, self.report, replace=self.replace, gone=gone,
                  dropped=self._dropped,
                  known_ids=self.stored_ids if self.replace else self.existing_ids,
                  progress=self.progress)
        return self._finish()

    def _kept(self) -> dict[str, set]:
        """The keys of the rows this package writes, by table."""
        kept = {}
        for table, rows in self.data.items():
            if table in TABLES:
                positions = [rows.columns.index(c) for c in TABLES[table].key]
                kept[table] = {row[positions[0]] if len(positions) == 1
                               else tuple(row[p] for p in positions) for _, row in rows.good()}
        return kept

    def _finish(self) -> ImportReport:
        self.report.problems.sort(key=sort_key)
        self.report.dependents.sort(key=sort_key)
        return self.report

    def _problem(self, origin, column, message, severity="error", value=None) -> None:
        label, where = origin
        if severity == defaults.DEFAULT:
            self.report.defaults.add(label, where, column, message, value)
        else:
            self.report.problems.append(Problem(label, where, column, message, severity,
                                                value))

    # -- reading and converting ------------------------------------------------

    def _read(self, raw: RawTable) -> None:
        patch = PATCHES.get(raw.table)
        spec = TABLES.get(raw.table)
        if patch is None and spec is None:
            self._problem((raw.label, None), None, f"unknown table {raw.table!r}; ignored",
                          "warning")
            return
        if patch:
            known = {patch.key: Column(patch.key, "reference", True, True, patch.target)}
            target = TABLES[patch.target].by_name
            known.update({f: target[f] for f in patch.fields})
            key_columns = [patch.key]
        else:
            known = spec.by_name
            key_columns = spec.key
        positions = {name: i for i, name in enumerate(raw.columns) if name}
        header = (raw.label, 1)
        extra = [c for c in positions if c not in known]
        if extra:
            self._problem(header, None, "columns not in HSDS 3.0 ignored: " + ", ".join(extra),
                          "warning")
        columns = [c for c in known if c in positions]
        missing = [c for c, col in known.items() if col.required and c not in positions]
        for name in missing:
            self._problem(header, name, "required column is missing")
        rows = self.data.setdefault(raw.table, Rows(raw.table, []))
        for name in columns:
            rows.add_column(name)
        converters = {c: converter(raw.table if spec else patch.target, known[c],
                                   self._written_as) for c in columns}
        width = len(raw.columns)
        derived_warned = False
        count = self.report.counts[patch.target if patch else raw.table]
        table = patch.target if patch else raw.table
        # What each column does with an empty cell and a full one, worked out once per
        # file: the loop below runs for every cell of a 200,000-row export.
        plans = [ColumnPlan(
            name, positions[name], converters[name], known[name].kind == "text",
            self._fills.get((raw.table, name)), defaults.DROP_WHEN_EMPTY.get((raw.table, name)),
            name == "id" and raw.table in OWNED_TABLES and not patch,
            ("id is missing" if name in key_columns else f"{name} is required")
            if known[name].required else None,
            table == "schedule" and name in defaults.SCHEDULE_TIMES) for name in columns]
        for where, cells in raw.rows:
            count.read += 1 if not patch else 0
            origin = (raw.label, where)
            row_ok = not missing
            dropped = None  # why the row means nothing (it is left out, not an error)
            filled = False
            if len(cells) > width:
                self._problem(origin, None, f"row has {len(cells)} values but the header names "
                                            f"{width} columns")
                row_ok = False
            record: dict[str, Any] = {}
            for plan in plans:
                name = plan.name
                cell = cells[plan.position] if plan.position < len(cells) else None
                if isinstance(cell, str):
                    cell = cell.strip() or None
                if cell is None:
                    if plan.fill is not None:
                        record[name] = plan.fill.value
                        self._problem(origin, name, plan.fill.action, defaults.DEFAULT)
                        filled = True
                        continue
                    if plan.drop is not None:
                        dropped = (name, plan.drop, None)
                    elif plan.made_id:
                        record[name] = None  # made from the row's content below
                        continue
                    elif plan.required is not None:
                        self._problem(origin, name, plan.required)
                        row_ok = False
                    record[name] = None
                    continue
                try:
                    value = plan.convert(cell)
                except values.DroppedValue as problem:
                    self._problem(origin, name, str(problem), "warning")
                    record[name] = None
                    continue
                except values.BadValue as problem:
                    record[name] = None
                    if plan.drops_row:
                        dropped = (name, f"schedule row dropped: {problem}", str(cell))
                        continue
                    self._problem(origin, name, str(problem))
                    row_ok = False
                    continue
                if plan.text and isinstance(value, str):
                    value, repairs = text_repair.repair(value)
                    for repair in repairs:
                        self._problem(origin, name, repair, defaults.DEFAULT)
                        filled = True
                record[name] = value
            if dropped is not None:
                name, action, value = dropped
                self._problem(origin, name, action, "warning", value=value)
                self._dropped[raw.table] = self._dropped.get(raw.table, 0) + 1
                continue
            if raw.table in OWNED_TABLES and "id" in record and record["id"] is None:
                # Real exports leave schedule ids out: one from the row's own content.
                record["id"] = defaults.content_id(raw.table, raw.label, where, cells)
                self._problem(origin, "id", "no id: a stable one made from the row",
                              defaults.DEFAULT)
                filled = True
            count.defaulted += filled
            # Ids that are not UUIDs (1.x exports number their rows) become stable UUIDs.
            if "id" in record and record["id"] is not None and not values.is_uuid(record["id"]):
                if not derived_warned:
                    self._problem(origin, "id", "ids are not UUIDs; stable UUIDs derived from "
                                                "them are used instead", "warning")
                    derived_warned = True
                written, record["id"] = record["id"], derived_id(raw.table, record["id"])
                self._written_as[record["id"]] = written
            for name in ("link_id", "resource_id"):
                if record.get(name) and not values.is_uuid(record[name]):
                    entity = record.get("link_entity") or record.get("resource_type") or ""
                    record[name] = derived_id(entity, record[name])
            key = tuple(record.get(c) for c in key_columns)
            index = len(rows.rows)
            rows.rows.append([record.get(c) for c in rows.columns])
            rows.origins.append(origin)
            if not row_ok:
                rows.bad.add(index)
            if None in key:
                continue
            key = key[0] if len(key) == 1 else key
            if (key in rows.index and not patch and raw.table in OWNED_TABLES
                    and "id" in key_columns):
                # A child table's rows sharing an id (languages.csv numbering each
                # service's languages from 1): the same row again is dropped, a
                # different one gets an id of its own.
                first = rows.rows[rows.index[key]]
                if [v for c, v in zip(rows.columns, first) if c != "id"] == [
                        v for c, v in zip(rows.columns, rows.rows[index]) if c != "id"]:
                    rows.bad.add(index)
                    self._problem(origin, "id", "the same row twice: dropped", "warning")
                    continue
                fresh = defaults.content_id(raw.table, raw.label, where, cells)
                rows.rows[index][rows.columns.index("id")] = fresh
                self._problem(origin, "id", "id shared with another row: a stable one of its "
                                            "own made from the row", defaults.DEFAULT)
                count.defaulted += not filled
                key = fresh
            if key in rows.index and not (patch and patch.accumulate):
                first_label, first_where = rows.origins[rows.index[key]]
                place = f"row {first_where}" if first_label == raw.label else (
                    f"{first_label}:{first_where}")
                self._problem(origin, key_columns[0] if not patch else patch.key,
                              f"duplicate {'id' if not patch else patch.key} "
                              f"{self._written_as.get(key, key)} "
                              f"(first on {place})")
                rows.bad.add(index)
            else:
                rows.index.setdefault(key, index)
            if index % 5000 == 4999:
                self.progress("read", 5000)

    # -- ids in the database --------------------------------------------------------

    def existing_ids(self, table: str) -> set[str]:
        """Ids already in the database that the package may refer to (none when it
        replaces the directory)."""
        if self.replace:
            return set()
        if table not in self._existing:
            self._existing[table] = self.stored_ids(table)
        return self._existing[table]

    def stored_ids(self, table: str) -> set[str]:
        """Ids in the database now, whatever the import may refer to."""
        column = db.metadata.tables[table].c.id
        return set(db.session.execute(select(column)).scalars())


def import_package(path: Path, **options) -> ImportReport:
    """Import the HSDS package or JSON at ``path``; see :class:`Importer` for options."""
    return Importer(**options).run(path)
