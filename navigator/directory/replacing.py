"""``import --replace``: the package becomes the whole directory, row by row.

Rows whose ids come back are updated in place, so whatever points at them from outside
the directory (a provider account's organization, a resident's report about a listing)
stays linked. Only the rows the package no longer has are deleted, children first, and
what that deletion would unlink outside the directory is worked out beforehand, so the
person importing can be told and asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import Table, delete, select, tuple_
from sqlalchemy.orm import Session

from navigator.extensions import db
from .tables import TABLES, load_order

#: Keys per statement: well under SQLite's limit on bound parameters.
BATCH = 500


@dataclass(frozen=True)
class Unlink:
    """Rows outside the directory that point at directory rows the import deletes."""

    table: str  # "user", "listing_report"
    column: str  # "organization_id"
    target: str  # the directory table pointed at: "organization"
    #: What the database then does: "SET NULL" (the row stays, unlinked) or "CASCADE"
    #: (the row is deleted with the row it points at).
    action: str
    #: The rows, named as a person finds them (an account's email) or by id.
    rows: tuple[str, ...]

    def describe(self) -> str:
        what = ("lose their link" if self.action == "SET NULL" else "be deleted")
        shown = ", ".join(self.rows[:10]) + (f" and {len(self.rows) - 10} more"
                                             if len(self.rows) > 10 else "")
        return (f"{len(self.rows)} {self.table} row(s) would {what} ({self.column}: the "
                f"{self.target} it points at is not in the package): {shown}")


def _key_columns(table: str) -> list:
    columns = db.metadata.tables[table].c
    return [columns[name] for name in TABLES[table].key]


def _keys(rows: Iterable[Any]) -> set:
    return {row[0] if len(row) == 1 else tuple(row) for row in rows}


def gone(session: Session, kept: dict[str, set]) -> dict[str, set]:
    """For each directory table, the keys in the database that are not in ``kept``
    (the package's keys by table; a table the package lacks keeps nothing)."""
    result = {}
    for table in load_order():
        stored = _keys(session.execute(select(*_key_columns(table))))
        missing = stored - kept.get(table, set())
        if missing:
            result[table] = missing
    return result


def unlinks(session: Session, gone_keys: dict[str, set]) -> list[Unlink]:
    """What deleting ``gone_keys`` would do to rows outside the directory, found from the
    foreign keys themselves: a table added later is covered without a change here."""
    directory = set(load_order())
    found = []
    for table in db.metadata.sorted_tables:
        if table.name in directory:
            continue
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if target not in gone_keys or [fk.column.name] != TABLES[target].key:
                continue
            rows = []
            for batch in _batches(sorted(gone_keys[target])):
                rows += session.execute(select(table).where(fk.parent.in_(batch))).all()
            if rows:
                found.append(Unlink(table.name, fk.parent.name, target,
                                    (fk.ondelete or "NO ACTION").upper(),
                                    tuple(sorted(_label(table, row) for row in rows))))
    return found


def _label(table: Table, row) -> str:
    for name in ("email", "name"):
        if name in table.c and row._mapping[table.c[name]]:
            return str(row._mapping[table.c[name]])
    return ":".join(str(row._mapping[c]) for c in table.primary_key.columns)


def delete_gone(session: Session, gone_keys: dict[str, set]) -> None:
    """Delete the rows the package no longer has, children before their parents."""
    for table in reversed(load_order()):
        keys = sorted(gone_keys.get(table, ()))
        columns = _key_columns(table)
        target = db.metadata.tables[table]
        for batch in _batches(keys):
            where = (columns[0].in_(batch) if len(columns) == 1
                     else tuple_(*columns).in_(batch))
            session.execute(delete(target).where(where))


def _batches(items: list) -> Iterable[list]:
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]
