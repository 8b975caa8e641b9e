"""When a service is open: HSDS 3.0 schedules (iCalendar-style recurrence rules)."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import Date, Float, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from navigator.extensions import db
from .base import id_column, reference, uri_column

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCIES = ("WEEKLY", "MONTHLY")


class Schedule(db.Model):
    __tablename__ = "schedule"

    id: Mapped[str] = id_column()
    service_id: Mapped[str | None] = reference("service")
    location_id: Mapped[str | None] = reference("location")
    service_at_location_id: Mapped[str | None] = reference("service_at_location")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    dtstart: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[float | None] = mapped_column(Float)
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    wkst: Mapped[str | None] = mapped_column(String(2), info={"enum": WEEKDAYS})
    freq: Mapped[str | None] = mapped_column(String(16), info={"enum": FREQUENCIES})
    interval: Mapped[int | None] = mapped_column(Integer)
    byday: Mapped[str | None] = mapped_column(Text)
    byweekno: Mapped[str | None] = mapped_column(Text)
    bymonthday: Mapped[str | None] = mapped_column(Text)
    byyearday: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[time | None] = mapped_column(Time)
    closes_at: Mapped[time | None] = mapped_column(Time)
    schedule_link: Mapped[str | None] = uri_column()
    attending_type: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
