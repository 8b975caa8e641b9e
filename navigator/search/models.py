"""Search's own tables: the search log (what people looked for, kept only as aggregate,
anonymous rows) and each host's index replica."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger, Boolean, Date, Float, Index, Integer, String, Text, text,
)
from sqlalchemy.orm import Mapped, mapped_column

from navigator.directory.models.base import UTCDateTime
from navigator.extensions import db


class SearchLog(db.Model):
    """One search: its words, filters, ZIP-level place and result count.

    No IP address, session, user or time of day: nothing here can say who searched.
    """

    __tablename__ = "search_log"
    # The unmet-needs report reads these indexes alone, never the table: the searches of
    # a period by day and ZIP (within a category too), those that found nothing by their
    # categories, and the few rows whose categories are not read yet.
    __table_args__ = (
        Index("ix_search_log_day_zip", "searched_on", "zip_code", "categories", "filters",
              "result_count"),
        Index("ix_search_log_found_none", "result_count", "searched_on", "categories",
              "filters"),
        # Led by the column: its "IS NULL" makes this the planner's choice on SQLite too.
        Index("ix_search_log_unread", "categories", "searched_on",
              sqlite_where=text("categories IS NULL"),
              postgresql_where=text("categories IS NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    searched_on: Mapped[date] = mapped_column(Date, index=True)
    terms: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[str] = mapped_column(Text, default="{}")
    zip_code: Mapped[str | None] = mapped_column(String(5), index=True)
    result_count: Mapped[int] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    #: The taxonomy term ids the search was for, its words' and its filter's, and those
    #: above them, as `` a b | p `` ("" for none; NULL: not read yet): see
    #: ``log_categories``.
    categories: Mapped[str | None] = mapped_column(Text)


class SearchReplica(db.Model):
    """One host's search index, as its follower last saw it (``replicas.record``): which
    change of the directory's log it has applied, how far behind it is, whether it can
    answer searches. Pruning the log never removes a row a live host still needs."""

    __tablename__ = "search_replica"

    #: ``NAVIGATOR_REPLICA_NAME``, or the machine's name and the index folder.
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    #: The change the index has applied up to (0: none, or no index) and its commit time.
    applied_change: Mapped[int] = mapped_column(BigInteger, default=0)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Rows of the log after ``applied_change``, and how long the oldest of them has
    #: waited (0 when there are none), when last seen.
    behind: Mapped[int] = mapped_column(Integer, default=0)
    lag_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    #: The live generation's folder name and its listings.
    generation: Mapped[str | None] = mapped_column(String(64))
    documents: Mapped[int] = mapped_column(Integer, default=0)
    ready: Mapped[bool] = mapped_column(Boolean, default=False)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
