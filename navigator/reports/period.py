"""The date range and filters every report is computed for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Filters:
    """A report's scope: from ``start`` to ``end`` (both days included), optionally one
    need category (a taxonomy term id, its descendants included), one place (a ZIP code
    or a neighborhood's name, as recorded on the resident) and one team (``User.team``
    of the navigator who recorded the work)."""

    start: date
    end: date
    category: str | None = None
    place: str | None = None
    team: str | None = None

    @property
    def starts_at(self) -> datetime:
        """The first instant of the range (UTC, naive as the database stores it)."""
        return datetime.combine(self.start, time.min)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the range."""
        return datetime.combine(date.fromordinal(self.end.toordinal() + 1), time.min)


def utc_now_naive() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


#: The earliest day a report may cover: Navigator holds nothing older, and the sections
#: count back from a period's days without running off the calendar.
FIRST_DAY = date(2000, 1, 1)


def local_today(timezone_name: str) -> date:
    """Today where the city is (``NAVIGATOR_TIMEZONE``)."""
    return datetime.now(timezone.utc).astimezone(ZoneInfo(timezone_name)).date()


def last_twelve_months(today: date) -> tuple[date, date]:
    """The default period: the year of days that ends today (from ``FIRST_DAY`` at most)."""
    return max(today - timedelta(days=364), FIRST_DAY), today
