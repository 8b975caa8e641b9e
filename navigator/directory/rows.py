"""The importer's checked rows: one table's rows with where each came from, and ids."""

from __future__ import annotations

import functools
import uuid
from typing import Any, Callable, Iterable, NamedTuple

from . import defaults, values
from .tables import Column

#: Namespace of the stable UUIDs derived from ids that are not UUIDs (``"42"`` in a
#: 1.x export becomes the same UUID on every import of that export).
DERIVED_ID_NAMESPACE = uuid.UUID("6f1c1d2e-8a43-4b7e-9a52-3c1e0e5e7a10")


@functools.lru_cache(maxsize=65536)  # each organization's id is met once per service
def derived_id(table: str, raw_id: str) -> str:
    return values.name_uuid(DERIVED_ID_NAMESPACE, f"{table}:{raw_id}")


def converter(table: str, column: Column, written_as: dict[str, str]) -> Callable[[Any], Any]:
    """How to read a cell of ``column``; a reference that is not a UUID becomes the
    derived id, remembered in ``written_as`` with the id as the file wrote it."""
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
            written_as[derived] = text
            return derived

        return reference
    if column.kind == "enum":
        return values.to_enum(column.enum)
    return values.CONVERTERS[column.kind]


class ColumnPlan(NamedTuple):
    name: str
    position: int
    convert: Callable[[Any], Any]
    text: bool
    fill: defaults.Fill | None  # the value an empty cell means
    drop: str | None  # why an empty cell drops the row
    made_id: bool  # an empty id is made from the row's content
    required: str | None  # the error for an empty required cell
    drops_row: bool  # an unreadable value drops the row (schedule times)


class Rows:
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
        if not self.bad:  # most tables: no generator step per row
            return enumerate(self.rows)
        return ((i, row) for i, row in enumerate(self.rows) if i not in self.bad)

