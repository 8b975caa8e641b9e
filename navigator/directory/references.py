"""Resolving the importer's references: against the package, then the database.

Required references to missing rows are errors; optional ones are left empty with a
warning. Under ``skip_invalid`` a row whose required row was skipped is skipped too
(a dependent), and a service whose organization is missing is kept under a
placeholder organization.
"""

from __future__ import annotations

from typing import Callable

from . import defaults
from .raw import Problem
from .report import ImportReport
from .rows import Rows
from .tables import OWNED_TABLES, PATCHES, TABLES, Column, load_order


class References:
    """One resolution of a package's references.

    A class rather than plain functions: every check reads the same rows, ids as
    written and ids in the database, adds to the same report, and a placeholder
    made by one check must be seen by the next; passing all that to each function
    would only spell the state out six times.
    """

    def __init__(self, data: dict[str, Rows], report: ImportReport, *,
                 written_as: dict[str, str], skip_invalid: bool,
                 existing_ids: Callable[[str], set[str]]):
        self.data = data
        self.report = report
        self._written_as = written_as
        self.skip_invalid = skip_invalid
        self.existing_ids = existing_ids

    def _problem(self, origin, column, message, severity="error", value=None) -> None:
        label, where = origin
        self.report.problems.append(Problem(label, where, column, message, severity, value))

    def resolve(self) -> None:
        """Check every reference, a table's parents before it."""
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

    def _check_reference(self, rows: Rows, index: int, row: list, column: Column,
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
        rows = self.data.setdefault("organization", Rows("organization", ["id"]))
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

    def _dependent(self, rows: Rows, index: int, column: str, reason: str) -> None:
        label, where = rows.origins[index]
        self.report.dependents.append(
            Problem(label, where, column, f"depends on {reason}", "warning"))

    def _check_attribute_links(self, rows: Rows, available: dict[str, set[str]]) -> None:
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
