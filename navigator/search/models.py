"""The search log: what people looked for, kept only as aggregate, anonymous rows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navigator.extensions import db


class SearchLog(db.Model):
    """One search: its words, filters, ZIP-level place and result count.

    No IP address, session, user or time of day: nothing here can say who searched.
    """

    __tablename__ = "search_log"
    # The unmet-needs report reads these indexes alone, never the table: the searches of
    # a period by day and ZIP, and those that found nothing by their words.
    __table_args__ = (
        Index("ix_search_log_day_zip", "searched_on", "zip_code", "terms", "filters",
              "result_count"),
        Index("ix_search_log_found_none", "result_count", "searched_on", "terms", "filters"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    searched_on: Mapped[date] = mapped_column(Date, index=True)
    terms: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[str] = mapped_column(Text, default="{}")
    zip_code: Mapped[str | None] = mapped_column(String(5), index=True)
    result_count: Mapped[int] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(8), default="en")
