"""Column types and helpers shared by the HSDS models.

Each column's ``info`` carries what the datapackage needs and SQL does not:
``format`` (uuid, email, uri), ``enum`` and ``local`` (a Navigator field that is
not part of HSDS 3.0: kept out of the official CSV files on export).
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator

ID_LENGTH = 64


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored as UTC on every database (SQLite has no zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def id_column():
    """The HSDS primary key: a UUID string kept exactly as the source gave it."""
    return mapped_column(String(ID_LENGTH), primary_key=True, info={"format": "uuid"})


def reference(target: str, *, required: bool = False, **kwargs):
    """A foreign key to another HSDS table's ``id``.

    Required references cascade deletes (a phone goes with its service); optional
    ones are set to NULL so the row survives without the link.
    """
    return mapped_column(
        String(ID_LENGTH),
        ForeignKey(f"{target}.id", ondelete="CASCADE" if required else "SET NULL"),
        nullable=not required,
        index=True,
        info={"format": "uuid", "references": target},
        **kwargs,
    )


def email_column(**kwargs):
    return mapped_column(String(320), info={"format": "email"}, **kwargs)


def uri_column(**kwargs):
    return mapped_column(String(2048), info={"format": "uri"}, **kwargs)
