"""The directory's change log: a row per committed change of the directory, which
every host's search index follows (``navigator.directory.changes`` writes it in the
change's own transaction; ``navigator.search`` reads it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navigator.extensions import db
from .base import UTCDateTime, utcnow

#: ``kind`` of a change: these services to re-index, the whole index to rebuild (an
#: import, a taxonomy's names), or a change no listing shows (an organization's phone).
SERVICES, REBUILD, OTHER = "services", "rebuild", "other"


class DirectoryChange(db.Model):
    """One committed change. Ids only grow, in the order the changes committed (see
    ``navigator.directory.changes``), and are never used twice (AUTOINCREMENT on SQLite)."""

    __tablename__ = "directory_change"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(16))
    #: The services touched, as a JSON list (``SERVICES`` only).
    service_ids: Mapped[str | None] = mapped_column(Text)
