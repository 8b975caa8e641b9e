"""Rows that belong to a record (its phones, hours, languages...), as a proposal holds
them: a sorted list of dicts of text, compared and written as a whole.

Writing keeps the rows that stay as they were (their ids too), deletes the others and adds
what is new, with one ``metadata`` row on the owner that tells the whole change.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from sqlalchemy import select

from navigator.directory import provenance
from navigator.extensions import db


def text_value(value: Any) -> str | None:
    """A text as stored: stripped, and None when empty."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value.strip() or None


@dataclass(frozen=True)
class Edit:
    """Who makes a change, and the day it is recorded on (the directory's time zone)."""

    by: str
    on: date


def as_time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def as_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def as_amount(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None


def as_int(text: str | None) -> int | None:
    return int(text) if text else None


def _plain(value: Any) -> str | None:
    """A column's value in a proposal: times as HH:MM, everything else as its text."""
    if value is None:
        return None
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return format(value, "f")
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Rows:
    """Rows of ``model`` that belong to a record through ``owner`` (a column name); the
    proposal holds ``columns`` of each, as text; ``parse`` turns a column's text back
    into the column's type (checked in ``clean`` too, so a bad value never reaches the
    database); ``scope`` narrows the rows shown (a condition), ``new`` is set on rows
    added."""

    model: type
    owner: str
    columns: tuple[str, ...]
    parse: dict[str, Callable[[str | None], Any]] = field(default_factory=dict)
    scope: Any = None
    new: dict[str, Any] = field(default_factory=dict)

    def query(self, record):
        query = select(self.model).where(getattr(self.model, self.owner) == record.id)
        if self.scope is not None:
            query = query.where(self.scope)
        return query.order_by(self.model.id)

    def plain(self, row) -> dict[str, str | None]:
        return {name: _plain(getattr(row, name)) for name in self.columns}

    def read(self, record) -> list[dict[str, str | None]]:
        return sorted((self.plain(row) for row in db.session.scalars(self.query(record))),
                      key=_row_key)

    def clean(self, value: Any) -> list[dict[str, str | None]]:
        if not isinstance(value, list):
            raise ValueError("expected a list of rows")
        rows = []
        for item in value:
            if not isinstance(item, dict) or set(item) - set(self.columns):
                raise ValueError("unexpected fields in a row")
            row = {name: text_value(item.get(name)) for name in self.columns}
            for name, parse in self.parse.items():
                try:
                    parse(row[name])
                except (ValueError, InvalidOperation):
                    raise ValueError(f"{name}: {row[name]!r} cannot be read") from None
            if any(row.values()):
                rows.append(row)
        return sorted(rows, key=_row_key)

    def write(self, record, value: list[dict], edit: Edit) -> None:
        """Keep the rows that stay as they are (their ids too), delete the others and add
        what is new; one ``metadata`` row on the owner tells the whole change."""
        old = list(db.session.scalars(self.query(record)))
        before = sorted((self.plain(row) for row in old), key=_row_key)
        wanted = list(value)
        for row in old:
            plain = self.plain(row)
            if plain in wanted:
                wanted.remove(plain)
            else:
                db.session.delete(row)
        for item in wanted:
            columns = {name: self.parse.get(name, lambda text: text)(text)
                       for name, text in item.items()}
            db.session.add(self.model(id=str(uuid.uuid4()), **{self.owner: record.id},
                                      **self.new, **columns))
        provenance.note(record, self.model.__tablename__, as_json(before), as_json(value),
                        updated_by=edit.by, on=edit.on)


def _row_key(row: dict) -> str:
    return as_json(row)


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
