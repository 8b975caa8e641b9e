"""Import an HSDS package into the directory: check everything, then write in one go.

The importer reads every table, converts and checks each cell, resolves every
reference (against the package and the rows already in the database), and only
then writes, in one transaction. Problems are reported as ``file:row:column:
message``. Required references to missing rows are errors; optional ones are
left empty with a warning. With ``skip_invalid`` bad rows and the rows that
depend on them are skipped instead of stopping the import.
"""

from __future__ import annotations

import functools
import uuid
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from navigator.extensions import db
from . import defaults, replacing, text_repair, values
from .postal import zip_centroid
from .raw import Problem, RawTable
from .report import ImportReport, sort_key
from .sources import SourceError, open_source
from .tables import OWNED_TABLES, PATCHES, TABLES, Column, Patch, TableSpec, load_order
from .upsert import upsert

#: Namespace of the stable UUIDs derived from ids that are not UUIDs (``"42"`` in a
#: 1.x export becomes the same UUID on every import of that export).
DERIVED_ID_NAMESPACE = uuid.UUID("6f1c1d2e-8a43-4b7e-9a52-3c1e0e5e7a10")


@functools.lru_cache(maxsize=65536)  # each organization's id is met once per service
def derived_id(table: str, raw_id: str) -> str:
    return values.name_uuid(DERIVED_ID_NAMESPACE, f"{table}:{raw_id}")


class _ColumnPlan(NamedTuple):
    name: str
    position: int
    convert: Callable[[Any], Any]
    text: bool
    fill: defaults.Fill | None  # the value an empty cell means
    drop: str | None  # why an empty cell drops the row
    made_id: bool  # an empty id is made from the row's content
    required: str | None  # the error for an empty required cell
    drops_row: bool  # an unreadable value drops the row (schedule times)


class _Rows:
    """The checked rows of one table (or patch), with where each came from."""

    def __init__(self, name: str, columns: list[str]):
        self.name = name
        self.columns = list(columns)
        self.rows: list[list[Any]] = []
        self.origins: list[tuple[str, int | str]] = []
        self.bad: set[int] = set()
        self.index: dict[Any, int] = {}  # key -> row number

    def add_column(self, name: str, default: Any = None) -> int:
        if name not in self.columns:
            self.columns.append(name)
            for row in self.rows:
                row.append(default)
        return self.columns.index(name)

    def good(self) -> Iterable[tuple[int, list[Any]]]:
        return ((i, row) for i, row in enumerate(self.rows) if i not in self.bad)


class Importer:
    def __init__(self, *, replace: bool = False, skip_invalid: bool = False,
                 report_only: bool = False, progress: Callable[[str, int], None] | None = None,
                 country: str = "US",
                 confirm: Callable[[list[replacing.Unlink]], bool] = lambda unlinks: False):
        """``confirm`` is asked, with what a replacement would unlink outside the
        directory, before anything is written; by default such a replacement is refused."""
        self.replace = replace
        self.confirm = confirm
        self.skip_invalid = skip_invalid
        self.report_only = report_only
        self.progress = progress or (lambda phase, n: None)
        self.report = ImportReport()
        self.data: dict[str, _Rows] = {}
        self._existing: dict[str, set[str]] = {}
        #: Derived UUID -> the id as the file wrote it, so messages name ids users can find.
        self._written_as: dict[str, str] = {}
        self._fills = defaults.fills(country)
        #: Rows left out because they meant nothing (``defaults.DROP_WHEN_EMPTY``), by table.
        self._dropped: dict[str, int] = {}

    # -- entry point -----------------------------------------------------------

    def run(self, path: Path) -> ImportReport:
        try:
            with open_source(Path(path)) as source:
                for raw in source.tables:
                    self._read(raw)
                self.report.problems.extend(source.problems)
        except SourceError as error:
            self.report.problems.extend(error.problems)
            self.report.problems.append(Problem(error.label, None, None, error.message))
            self.report.unreadable = True
            return self._finish()
        self._resolve_references()
        self._apply_patches()
        self._geocode()
        if self.report.errors and not self.skip_invalid:
            return self._finish()
        if self.replace:
            self._gone = replacing.gone(db.session, self._kept())
            self.report.unlinks = replacing.unlinks(db.session, self._gone)
            if self.report.unlinks and not self.report_only and not self.confirm(
                    self.report.unlinks):
                self.report.problems.append(Problem(
                    "database", None, None, "the replacement would unlink the rows above and "
                    "was not confirmed: nothing was written"))
                return self._finish()
        if not self.report_only:
            self._write()
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
        self.report.problems.append(Problem(label, where, column, message, severity, value))

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
        rows = self.data.setdefault(raw.table, _Rows(raw.table, []))
        for name in columns:
            rows.add_column(name)
        converters = {c: self._converter(raw.table if spec else patch.target, known[c])
                      for c in columns}
        width = len(raw.columns)
        derived_warned = False
        count = self.report.counts[patch.target if patch else raw.table]
        table = patch.target if patch else raw.table
        # What each column does with an empty cell and a full one, worked out once per
        # file: the loop below runs for every cell of a 200,000-row export.
        plans = [_ColumnPlan(
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

    def _converter(self, table: str, column: Column) -> Callable[[Any], Any]:
        special = values.COLUMN_CONVERTERS.get((table, column.name))
        if special:
            return special
        if column.kind in ("id", "link"):
            return values.to_text
        if column.kind == "reference":
            target = column.references

            def reference(value, target=target):
                text = values.to_text(value)
                if values.is_uuid(text):
                    return text
                derived = derived_id(target, text)
                self._written_as[derived] = text
                return derived

            return reference
        if column.kind == "enum":
            return values.to_enum(column.enum)
        return values.CONVERTERS[column.kind]

    # -- references --------------------------------------------------------------

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

    def _resolve_references(self) -> None:
        available: dict[str, set[str]] = {}
        for table in load_order():
            rows = self.data.get(table)
            spec = TABLES[table]
            if rows is None:
                continue
            references = [c for c in spec.columns if c.kind == "reference"
                          and c.name in rows.columns]
            required = [c for c in references if c.required]
            optional = [c for c in references if not c.required]
            for index, row in rows.good():
                for column in required:
                    self._check_reference(rows, index, row, column, available, required=True)
            available[table] = {rows.rows[i][rows.columns.index(spec.key[0])]
                                for i, _ in rows.good()} if "id" in spec.key else set()
            for index, row in list(rows.good()):
                said = len(self.report.problems)
                orphaned = [(column.name, reason) for column in optional
                            if (reason := self._check_reference(
                                rows, index, row, column, available, required=False))]
                # A phone or address whose only owner was skipped belongs to nothing:
                # it goes with its owner.
                if (orphaned and table in OWNED_TABLES
                        and all(row[rows.columns.index(c.name)] is None for c in optional)):
                    rows.bad.add(index)
                    del self.report.problems[said:]  # its emptied links no longer matter
                    self._dependent(rows, index, *orphaned[0])
            if table == "attribute":
                self._check_attribute_links(rows, available)
        for name, patch in PATCHES.items():
            rows = self.data.get(name)
            if rows is None:
                continue
            column = Column(patch.key, "reference", True, True, patch.target)
            for index, row in rows.good():
                self._check_reference(rows, index, row, column, available, required=True)
        self._available = available

    def _check_reference(self, rows: _Rows, index: int, row: list, column: Column,
                         available: dict[str, set[str]], *, required: bool) -> str | None:
        """Check one reference; when an optional link is emptied because the row it
        points at was skipped, say why."""
        position = rows.columns.index(column.name)
        value = row[position]
        target = column.references
        if value is None or value in available.get(target, ()):
            return None
        origin = rows.origins[index]
        target_rows = self.data.get(target)
        if target_rows is not None and value in target_rows.index:
            # The row exists in the package but was rejected. Without skip_invalid
            # nothing will be written, so the consequence is not worth a line.
            if not self.skip_invalid:
                return None
            bad_label, bad_where = target_rows.origins[target_rows.index[value]]
            reason = (f"{target} {self._written_as.get(value, value)} "
                      f"({bad_label}:{bad_where}), which was skipped")
            if required:
                rows.bad.add(index)
                self._dependent(rows, index, column.name, reason)
                return None
            row[position] = None
            self._problem(origin, column.name, f"link left empty: points at {reason}",
                          "warning")
            return reason
        if value in self.existing_ids(target):
            return None
        if required and self.skip_invalid and (rows.name, column.name) == (
                "service", "organization_id"):
            # A real service is not hidden from people for its agency's missing row.
            self._placeholder(value, available)
            self._problem(origin, column.name, f"no organization with id "
                          f"{self._written_as.get(value, value)}: kept under a placeholder "
                          "organization", "warning")
            return None
        if required:
            rows.bad.add(index)
            self._problem(origin, column.name,
                          f"no {target} with id {self._written_as.get(value, value)}")
        else:
            row[position] = None
            self._problem(origin, column.name, f"no {target} with id "
                          f"{self._written_as.get(value, value)}; link left empty",
                          "warning")
        return None

    def _placeholder(self, organization_id: str, available: dict[str, set[str]]) -> None:
        """An organization for services whose own is missing from the import, named so
        and listed in the summary for an admin to fix."""
        if organization_id in available.setdefault("organization", set()):
            return
        written = self._written_as.get(organization_id, organization_id)
        rows = self.data.setdefault("organization", _Rows("organization", ["id"]))
        for name in ("name", "description"):
            rows.add_column(name)
        row = [None] * len(rows.columns)
        row[rows.columns.index("id")] = organization_id
        row[rows.columns.index("name")] = defaults.placeholder_name(written)
        row[rows.columns.index("description")] = defaults.PLACEHOLDER_DESCRIPTION
        rows.index[organization_id] = len(rows.rows)
        rows.rows.append(row)
        rows.origins.append(("organizations.csv", None))
        available["organization"].add(organization_id)
        self.report.placeholders.append((written, organization_id))

    def _dependent(self, rows: _Rows, index: int, column: str, reason: str) -> None:
        label, where = rows.origins[index]
        self.report.dependents.append(
            Problem(label, where, column, f"depends on {reason}", "warning"))

    def _check_attribute_links(self, rows: _Rows, available: dict[str, set[str]]) -> None:
        link = rows.columns.index("link_id") if "link_id" in rows.columns else None
        entity = rows.columns.index("link_entity") if "link_entity" in rows.columns else None
        if link is None or entity is None:
            return
        for index, row in list(rows.good()):
            table = row[entity]
            if table not in TABLES or "id" not in TABLES[table].key:
                continue  # links to tables Navigator does not keep are kept as they are
            column = Column("link_id", "reference", True, False, table)
            if row[link] in available.get(table, ()) or row[link] in self.existing_ids(table):
                continue
            target_rows = self.data.get(table)
            if target_rows is not None and row[link] in target_rows.index:
                self._check_reference(rows, index, row, column, available, required=True)
            else:
                self._problem(rows.origins[index], "link_id",
                              f"links to {table} {row[link]}, which is not in the directory",
                              "warning")

    # -- patches and geocoding ------------------------------------------------------

    def _apply_patches(self) -> None:
        """Fold extension files into their target rows; rows only in the database
        are updated at write time."""
        self._db_patches: list[tuple[Patch, dict[str, Any]]] = []
        for name, patch in PATCHES.items():
            rows = self.data.get(name)
            if rows is None:
                continue
            target = self.data.get(patch.target)
            key = rows.columns.index(patch.key)
            fields = [f for f in patch.fields if f in rows.columns]
            merged: dict[str, dict[str, Any]] = {}
            for _, row in rows.good():
                values_ = merged.setdefault(row[key], {})
                for field_name in fields:
                    value = row[rows.columns.index(field_name)]
                    if value is None:
                        continue
                    if patch.accumulate and values_.get(field_name):
                        values_[field_name] = f"{values_[field_name]}; {value}"
                    else:
                        values_[field_name] = value
            for target_id, changes in merged.items():
                if target is not None and target_id in target.index:
                    position = target.index[target_id]
                    for field_name, value in changes.items():
                        column = TABLES[patch.target].table.c[field_name]
                        default = column.default.arg if column.default is not None else None
                        slot = target.add_column(field_name, default)
                        target.rows[position][slot] = value
                elif changes:
                    self._db_patches.append((patch, {"key": target_id, **changes}))

    def _geocode(self) -> None:
        """Give physical locations without coordinates their ZIP code's centre."""
        locations, addresses = self.data.get("location"), self.data.get("address")
        if locations is None:
            return
        needed = {}
        columns = locations.columns
        if "latitude" in columns:  # coordinates the file gives are not approximate
            locations.add_column("coordinates_approximate", False)
        # Locations already confidential in the database (this package does not say
        # otherwise) are never placed on the map either.
        table = db.metadata.tables["location"]
        untouched = set() if self.replace or "confidential" in columns else set(
            db.session.scalars(select(table.c.id).where(table.c.confidential.is_(True))))
        if "latitude" not in columns:
            # The file says nothing about coordinates: keep what the database has.
            untouched |= self.existing_ids("location")
        for index, row in locations.good():
            record = dict(zip(columns, row))
            if (record.get("latitude") is None and record.get("longitude") is None
                    and record.get("location_type") == "physical"
                    and not record.get("confidential") and record.get("id") not in untouched):
                needed[record["id"]] = index
        if not needed or addresses is None:
            return
        postal = {}
        a_cols = addresses.columns
        for _, row in addresses.good():
            record = dict(zip(a_cols, row))
            location_id = record.get("location_id")
            if location_id in needed and (location_id not in postal
                                          or record.get("address_type") == "physical"):
                postal[location_id] = record.get("postal_code")
        lat = locations.add_column("latitude")
        lon = locations.add_column("longitude")
        approximate = locations.add_column("coordinates_approximate", False)
        for location_id, code in postal.items():
            point = zip_centroid(code)
            if point:
                row = locations.rows[needed[location_id]]
                row[lat], row[lon] = point
                row[approximate] = True
                self.report.geocoded += 1

    # -- writing ------------------------------------------------------------------

    def _write(self) -> None:
        session = db.session
        try:
            for table in load_order():
                rows = self.data.get(table)
                if rows is not None:
                    self._upsert(TABLES[table], rows)
            for patch, changes in self._db_patches:
                target = db.metadata.tables[patch.target]
                key = changes.pop("key")
                session.execute(update(target).where(target.c.id == key).values(**changes))
            if self.replace:
                replacing.delete_gone(session, self._gone)
            session.commit()
        except SQLAlchemyError as error:
            session.rollback()
            message = str(getattr(error, "orig", None) or error).splitlines()[0]
            self.report.problems.append(
                Problem("database", None, None, f"the import was refused and nothing was "
                                                f"written: {message}"))
            return
        self.report.written = True

    def _upsert(self, spec: TableSpec, rows: _Rows) -> None:
        count = self.report.counts[spec.name]
        good = [row for _, row in rows.good()]
        count.skipped = len(rows.rows) - len(good) + self._dropped.get(spec.name, 0)
        if not good:
            return
        if self.replace:
            # A row that comes back is the package's row whole: what the package does
            # not carry goes back to its default, as if the row were new.
            for column in spec.table.columns:
                if column.name not in rows.columns and column.name not in spec.key and (
                        column.default is None or column.default.is_scalar) and (
                        column.nullable or column.default is not None):
                    rows.add_column(column.name, column.default.arg if column.default else None)
            good = [row for _, row in rows.good()]
        columns = rows.columns
        existing = set() if "id" not in spec.key else (
            self.stored_ids(spec.name) if self.replace else self.existing_ids(spec.name))
        key_position = columns.index("id") if "id" in spec.key else None
        if key_position is not None:
            count.updated = sum(1 for row in good if row[key_position] in existing)
            count.inserted = len(good) - count.updated
        else:
            count.inserted = len(good)
        upsert(spec, columns, good, progress=lambda n: self.progress("write", n))


def import_package(path: Path, **options) -> ImportReport:
    """Import the HSDS package or JSON at ``path``; see :class:`Importer` for options."""
    return Importer(**options).run(path)
