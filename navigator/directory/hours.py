"""Opening hours from HSDS 3.0 schedules: "open now", the next opening and the week's hours.

All clock times are wall-clock times in the city's time zone. Choices for messy data:

* ``closes_at`` 23:59 (or later) means open through midnight, so 00:00–23:59 is a full day;
  ``closes_at`` at or before ``opens_at`` runs past midnight into the next day.
* ``opens_at`` == ``closes_at`` is a full day when both are 00:00, otherwise "hours unknown".
* ``opens_at`` without ``closes_at`` is open from ``opens_at`` to the end of that day.
* No ``opens_at`` means "hours unknown" on the matching days, unless the description or
  notes start with "Closed" (how holiday closures are imported): then a closure for those days.
* An empty ``byday`` on a WEEKLY rule means every day; unknown tokens are ignored, and a
  ``byday`` made only of unknown tokens never matches. Full day names ("Monday") are accepted.
* ``valid_from``/``dtstart`` and ``valid_to``/``until`` are inclusive bounds on the day an
  opening starts. ``interval`` counts from ``dtstart`` (ignored without it); ``count``,
  ``byweekno``, ``byyearday`` and the schedule's own ``timezone`` offset are ignored.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_TZ = "America/New_York"
HORIZON_DAYS = 8
DAY = 86400
_NAMES = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_TOKEN = re.compile(r"^([+-]?\d{1,2})?([A-Z]{2,9})$")
_CLOSED = re.compile(r"^\s*closed\b", re.IGNORECASE)
_OFFSETS = (timedelta(0), timedelta(days=1))

Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class Rule:
    """One schedule row reduced to what decides when it opens."""

    start: int | None  # seconds after midnight of the day it starts; None: hours unknown
    end: int | None  # above DAY when the opening runs past midnight
    monthly: bool = False
    weekdays: frozenset[int] | None = None  # None: every day (weekly), byday not given (monthly)
    nth: frozenset[tuple[int, int]] = frozenset()  # (ordinal in month, weekday), monthly only
    monthdays: frozenset[int] | None = None
    first: date | None = None
    last: date | None = None
    interval: int = 1
    anchor: date | None = None
    closure: bool = False

    def active(self, day: date) -> bool:
        """Whether `day` lies within the rule's validity dates."""
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)

    def occurs_on(self, day: date) -> bool:
        """Whether an opening (or closure) under this rule starts on `day`."""
        if not self.active(day):
            return False
        if self.interval > 1 and self.anchor is not None:
            anchor = self.anchor
            steps = ((day.year - anchor.year) * 12 + day.month - anchor.month if self.monthly
                     else (day - anchor).days // 7)
            if steps % self.interval:
                return False
        if not self.monthly:
            return self.weekdays is None or day.weekday() in self.weekdays
        length = calendar.monthrange(day.year, day.month)[1]
        by_day = by_month_day = None
        if self.weekdays is not None:
            weekday = day.weekday()
            by_day = (weekday in self.weekdays or (1 + (day.day - 1) // 7, weekday) in self.nth
                      or (-1 - (length - day.day) // 7, weekday) in self.nth)
        if self.monthdays is not None:
            by_month_day = day.day in self.monthdays or day.day - length - 1 in self.monthdays
        # RFC 5545: BYDAY and BYMONTHDAY together must both match.
        return (by_day, by_month_day) != (None, None) and False not in (by_day, by_month_day)


@dataclass(frozen=True, slots=True)
class Status:
    """Whether a service is open at a moment, and when that changes."""

    open: bool | None
    closes_at: datetime | None = None
    opens_at: datetime | None = None
    always_open: bool = False


@dataclass(frozen=True, slots=True)
class Day:
    """One day of the week view: its openings, in local time."""

    day: date
    intervals: list[Interval]
    is_today: bool = False
    hours_unknown: bool = False

    @property
    def closed(self) -> bool:
        """Whether the day has neither openings nor unknown hours."""
        return not self.intervals and not self.hours_unknown


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _as_time(value: Any) -> time | None:
    if value is None or value == "":
        return None
    value = value if isinstance(value, time) else time.fromisoformat(str(value).strip())
    # An offset on an opening time says nothing the city's time zone does not.
    return value.replace(tzinfo=None)


def _seconds(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def _span(opens: time | None, closes: time | None) -> tuple[int | None, int | None]:
    if opens is None:
        return None, None
    start = _seconds(opens)
    if closes is None:
        return start, DAY
    if _seconds(closes) == start:
        return (0, DAY) if start == 0 else (None, None)
    end = DAY if closes >= time(23, 59) else _seconds(closes)
    return start, end if end > start else end + DAY


def _weekday(code: str) -> int | None:
    for index, name in enumerate(_NAMES):
        if name.startswith(code):
            return index
    return None


def _byday(text: str | None) -> tuple[frozenset[int] | None, frozenset[tuple[int, int]]]:
    tokens = [t for t in re.split(r"[\s,;]+", (text or "").strip().upper()) if t]
    if not tokens:
        return None, frozenset()
    plain: set[int] = set()
    nth: set[tuple[int, int]] = set()
    for token in tokens:
        match = _TOKEN.match(token)
        weekday = _weekday(match[2]) if match else None
        if weekday is None:
            continue
        ordinal = int(match[1]) if match[1] else 0
        if ordinal == 0:
            plain.add(weekday)
        elif 1 <= abs(ordinal) <= 5:
            nth.add((ordinal, weekday))
    return frozenset(plain), frozenset(nth)


def _monthdays(text: Any) -> frozenset[int] | None:
    tokens = [t for t in re.split(r"[\s,;]+", str(text or "").strip()) if t]
    if not tokens:
        return None
    return frozenset(int(t) for t in tokens
                     if re.fullmatch(r"[+-]?\d{1,2}", t) and 1 <= abs(int(t)) <= 31)


def rule_from_schedule(schedule: Any) -> Rule:
    """Read one HSDS schedule (or any object with its attributes) into a Rule."""
    get = lambda name: getattr(schedule, name, None)  # noqa: E731
    start, end = _span(_as_time(get("opens_at")), _as_time(get("closes_at")))
    weekdays, nth = _byday(get("byday"))
    monthdays = _monthdays(get("bymonthday"))
    freq = (get("freq") or "").strip().upper()
    monthly = freq == "MONTHLY" or (not freq and (bool(nth) or monthdays is not None))
    dtstart = _as_date(get("dtstart"))
    lows = [d for d in (_as_date(get("valid_from")), dtstart) if d]
    highs = [d for d in (_as_date(get("valid_to")), _as_date(get("until"))) if d]
    if monthly and weekdays is None and monthdays is None and dtstart:
        monthdays = frozenset({dtstart.day})
    if not monthly and weekdays is not None:
        # Ordinals mean nothing in a weekly rule: "1MO" there is read as every Monday.
        weekdays = weekdays | {weekday for _, weekday in nth}
    anchor = dtstart
    if dtstart and not monthly:
        wkst = _weekday((get("wkst") or "MO").strip().upper()) or 0
        anchor = dtstart - timedelta(days=(dtstart.weekday() - wkst) % 7)
    notes = f"{get('description') or ''}\n{get('notes') or ''}".strip()
    return Rule(start, end, monthly, weekdays, nth if monthly else frozenset(), monthdays,
                max(lows, default=None), min(highs, default=None),
                max(int(get("interval") or 1), 1), anchor,
                closure=start is None and bool(_CLOSED.match(notes)))


class OpeningHours:
    """The opening hours of one service (or location) in one time zone."""

    def __init__(self, rules: Iterable[Rule], tz: str | tzinfo = DEFAULT_TZ):
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        self.rules = tuple(rules)
        self._timed = [r for r in self.rules if r.start is not None]
        self._unknown = [r for r in self.rules if r.start is None and not r.closure]
        self._closures = [r for r in self.rules if r.closure]
        # Weekly rules become per-weekday (start, end, days back to the start, rule to
        # check dates on) entries so that a check needs no recurrence expansion.
        table: list[list[tuple[int, int, int, Rule | None]]] = [[] for _ in range(7)]
        self._dated: list[Rule] = []
        for rule in self._timed:
            if rule.monthly or (rule.interval > 1 and rule.anchor is not None):
                self._dated.append(rule)
                continue
            check = rule if rule.first or rule.last else None
            for weekday in range(7) if rule.weekdays is None else sorted(rule.weekdays):
                table[weekday].append((rule.start, min(rule.end, DAY), 0, check))
                if rule.end > DAY:
                    table[(weekday + 1) % 7].append((0, rule.end - DAY, 1, check))
        self._table = tuple(tuple(entries) for entries in table)

    @classmethod
    def from_schedules(cls, schedules: Iterable[Any], tz: str | tzinfo = DEFAULT_TZ
                       ) -> OpeningHours:
        """Build opening hours from HSDS Schedule objects (or look-alikes)."""
        return cls((rule_from_schedule(s) for s in schedules), tz)

    @property
    def known(self) -> bool:
        """Whether any schedule gives clock times."""
        return bool(self._timed)

    def local(self, moment: datetime | None = None) -> datetime:
        """`moment` (default now) as a naive local wall-clock time; naive input is local."""
        if moment is None:
            return datetime.now(self.tz).replace(tzinfo=None)
        if moment.tzinfo is None:
            return moment
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def _closed_on(self, day: date) -> bool:
        return any(rule.occurs_on(day) for rule in self._closures)

    def _unknown_on(self, day: date) -> bool:
        return not self._closed_on(day) and any(r.occurs_on(day) for r in self._unknown)

    def is_open_at(self, moment: datetime | None = None) -> bool | None:
        """True/False for open/closed at `moment`; None when the hours are unknown."""
        if not self._timed:
            return None
        local = self.local(moment)
        day = local.date()
        second = local.hour * 3600 + local.minute * 60 + local.second
        closures = self._closures
        for start, end, back, rule in self._table[day.weekday()]:
            if start <= second < end:
                if rule is None and not closures:
                    return True
                began = day - _OFFSETS[back]
                if (rule is None or rule.active(began)) and not self._closed_on(began):
                    return True
        for rule in self._dated:
            for back in (0, 1):
                began = day - _OFFSETS[back]
                if (rule.start <= second + back * DAY < rule.end and rule.occurs_on(began)
                        and not self._closed_on(began)):
                    return True
        return None if self._unknown_on(day) else False

    def _occurrences(self, day: date) -> list[tuple[datetime, datetime]]:
        if self._closed_on(day):
            return []
        midnight = datetime.combine(day, time())
        return [(midnight + timedelta(seconds=r.start), midnight + timedelta(seconds=r.end))
                for r in self._timed if r.occurs_on(day)]

    @staticmethod
    def _merge(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
        merged: list[tuple[datetime, datetime]] = []
        for start, end in sorted(intervals):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def _aware(self, moment: datetime) -> datetime:
        return moment.replace(tzinfo=self.tz)

    def status_at(self, moment: datetime | None = None) -> Status:
        """Open or not at `moment`, when the current opening ends and the next one starts."""
        local = self.local(moment)
        today = local.date()
        found = []
        for offset in range(-1, HORIZON_DAYS + 1):
            found += self._occurrences(today + timedelta(days=offset))
        runs = self._merge(found)
        horizon_end = datetime.combine(today + timedelta(days=HORIZON_DAYS + 1), time())
        for start, end in runs:
            if start <= local < end:
                if end >= horizon_end:
                    return Status(True, always_open=True)
                return Status(True, closes_at=self._aware(end))
        upcoming = next((s for s, _ in runs
                         if local < s <= local + timedelta(days=HORIZON_DAYS)), None)
        is_open = None if not self._timed or self._unknown_on(today) else False
        return Status(is_open, opens_at=self._aware(upcoming) if upcoming else None)

    def is_always_open(self, moment: datetime | None = None) -> bool:
        """Whether the service stays open without a break for the next 8 days."""
        return self.status_at(moment).always_open

    def week(self, starting: date, today: date | None = None) -> list[Day]:
        """The 7 days from `starting`, each with the openings that start on it."""
        today = today or self.local().date()
        days = []
        for offset in range(7):
            day = starting + timedelta(days=offset)
            intervals = [(self._aware(s), self._aware(e))
                         for s, e in self._merge(self._occurrences(day))]
            days.append(Day(day, intervals, day == today, self._unknown_on(day)))
        return days

    def this_week(self, moment: datetime | None = None) -> list[Day]:
        """Monday to Sunday of the week that holds `moment` (default now), today marked:
        the week a service's public page shows, and the portal's preview of new hours."""
        today = self.local(moment).date()
        return self.week(today - timedelta(days=today.weekday()), today=today)
