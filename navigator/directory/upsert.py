"""Writing checked rows: dialect upserts in batches, parents before their children."""

from __future__ import annotations

from typing import Callable

from sqlalchemy.dialects import postgresql, sqlite

from navigator.extensions import db
from .tables import TableSpec

BATCH = 2000


def upsert(spec: TableSpec, columns: list[str], rows: list[list],
           progress: Callable[[int], None] = lambda n: None) -> None:
    """Insert ``rows`` of ``spec``'s table, updating rows whose key already exists."""
    if spec.name in ("organization", "taxonomy_term"):
        rows = parents_first(rows, columns, "parent_organization_id"
                             if spec.name == "organization" else "parent_id")
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" \
        else sqlite.insert
    statement = insert(spec.table)
    changing = {c: statement.excluded[c] for c in columns if c not in spec.key}
    if changing:
        statement = statement.on_conflict_do_update(index_elements=spec.key, set_=changing)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=spec.key)
    for start in range(0, len(rows), BATCH):
        batch = [dict(zip(columns, row)) for row in rows[start:start + BATCH]]
        db.session.execute(statement, batch)
        progress(len(batch))


def parents_first(rows: list[list], columns: list[str], parent_column: str) -> list[list]:
    """Order a self-referencing table so each parent is written before its children."""
    if parent_column not in columns:
        return rows
    ident, parent = columns.index("id"), columns.index(parent_column)
    by_id = {row[ident]: row for row in rows}
    ordered, placed = [], set()
    for row in rows:
        chain = []
        current = row
        while current is not None and current[ident] not in placed:
            chain.append(current)
            placed.add(current[ident])
            current = by_id.get(current[parent])
        ordered.extend(reversed(chain))
    return ordered
