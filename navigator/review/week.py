"""Weekly hours as a provider thinks of them: each day closed, open 24 hours, or open for
one or two ranges of time, with one season and one note for the whole week.

The directory stores hours as HSDS ``schedule`` rows (``fields._hours``: byday,
opens_at, closes_at, valid_from, valid_to, description). ``rows`` writes a ``Week`` as
few rows as it can: one row per distinct range, naming every day that has it
("MO,TU,WE,TH,FR 09:00-17:00"). ``split`` reads rows back into a ``Week`` and the rows
it cannot show as one, which the editor keeps as they are (``hours_form``).

The note is the ``description`` of every row the week writes, or of a row without times
when the week has none. A separate row without times would say "hours unknown" on every
day (``navigator.directory.hours``), so the public page would tell a day the provider
closed as "call for hours".

Times are "HH:MM" text, as a proposal holds them. A range whose close is at or before
its open runs past midnight; "open 24 hours" is 00:00-23:59, which the public page reads
as the whole day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from types import SimpleNamespace

from navigator.directory.hours import Day, OpeningHours

from .fields import HOURS_COLUMNS
from .rows import as_json

#: HSDS day codes, Monday first, as ``byday`` lists them.
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NAMES = {name: code for code, name in zip(DAYS, (
    "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"))}
FULL_DAY = ("00:00", "23:59")
#: At most this many ranges a day (a split shift); a third is more than the form shows.
MOST_RANGES = 2

Range = tuple[str, str]


@dataclass(frozen=True)
class Week:
    """Each day's ranges (``DAYS`` code -> sorted ranges; none: closed; ``FULL_DAY``
    alone: open 24 hours), the season (ISO dates, inclusive) and the note."""

    days: dict[str, tuple[Range, ...]] = field(default_factory=dict)
    valid_from: str | None = None
    valid_to: str | None = None
    note: str | None = None

    def ranges(self, day: str) -> tuple[Range, ...]:
        return self.days.get(day, ())


def minutes(text: str) -> int:
    hours, _, mins = text.partition(":")
    return int(hours) * 60 + int(mins)


def span(opening: Range) -> tuple[int, int]:
    """Minutes after the day's midnight that ``opening`` starts and ends (past 1440
    when it runs past midnight)."""
    start, end = minutes(opening[0]), minutes(opening[1])
    return start, end if end > start else end + 24 * 60


def overlap(first: Range, second: Range) -> bool:
    (a, b), (c, d) = span(first), span(second)
    return a < d and c < b


def day_problem(ranges: tuple[Range, ...]) -> str | None:
    """What keeps ``ranges`` from being one day of the form: "too many", "same times"
    (open and close at once, which the public page reads as "hours unknown"), "full day"
    (24 hours and more) or "overlap"; None when they fit."""
    if len(ranges) > MOST_RANGES:
        return "too many"
    if any(opens == closes for opens, closes in ranges):
        return "same times"
    if FULL_DAY in ranges and len(ranges) > 1:
        return "full day"
    if len(ranges) == 2 and overlap(*ranges):
        return "overlap"
    return None


def rows(week: Week) -> list[dict[str, str | None]]:
    """The week as schedule rows: one per distinct range, with every day that has it."""
    days_of: dict[Range, list[str]] = defaultdict(list)
    for day in DAYS:
        for opening in week.ranges(day):
            days_of[opening].append(day)
    written = [_row(",".join(days), opens, closes, week)
               for (opens, closes), days in days_of.items()]
    if not written and week.note:
        written = [_row(None, None, None, week)]
    return sorted(written, key=as_json)


def _row(byday, opens, closes, week: Week) -> dict[str, str | None]:
    return {"byday": byday, "opens_at": opens, "closes_at": closes,
            "valid_from": week.valid_from, "valid_to": week.valid_to,
            "description": week.note}


def split(stored: list[dict]) -> tuple[Week, list[dict]]:
    """The week the rows tell, and the rows it leaves out, kept as they are.

    The week is one group of timed rows with the same season and note (the year-round
    group first, then the largest) whose days fit the form; without one, a row with no
    times and no days gives the note. Everything else is left out: other seasons, other
    notes, a third range on a day, a monthly rule, a closure."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in stored:
        if _days(row) is not None and row.get("opens_at") and row.get("closes_at"):
            groups[(row.get("valid_from"), row.get("valid_to"),
                    row.get("description"))].append(row)
    order = sorted(groups, key=lambda key: (key[:2] != (None, None), -len(groups[key]),
                                            as_json(key)))
    for key in order:
        week = _week_of(groups[key], *key)
        if week is not None:
            return week, _without(stored, groups[key])
    notes = [row for row in stored if _note_only(row)]
    if notes:
        first = notes[0]
        return (Week({}, first.get("valid_from"), first.get("valid_to"),
                     first.get("description")), _without(stored, [first]))
    return Week(), list(stored)


def _without(stored: list[dict], taken: list[dict]) -> list[dict]:
    left = list(stored)
    for row in taken:
        left.remove(row)
    return left


def _days(row: dict) -> list[str] | None:
    """The days a weekly row names (every day when it names none), or None when its
    ``byday`` holds anything but plain days ("1MO", "XX")."""
    tokens = [t.strip().upper() for t in (row.get("byday") or "").split(",") if t.strip()]
    if not tokens:
        return list(DAYS)
    days = [t if t in DAYS else _NAMES.get(t) for t in tokens]
    return None if None in days or len(set(days)) < len(days) else days


def _note_only(row: dict) -> bool:
    return not any(row.get(n) for n in ("byday", "opens_at", "closes_at")) \
        and bool(row.get("description"))


def _week_of(group: list[dict], valid_from, valid_to, note) -> Week | None:
    days: dict[str, list[Range]] = defaultdict(list)
    for row in group:
        opening = (row["opens_at"], row["closes_at"])
        if opening == ("00:00", "00:00"):
            opening = FULL_DAY  # the public page reads both as the whole day
        for day in _days(row):
            days[day].append(opening)
    week = {day: tuple(sorted(ranges)) for day, ranges in days.items()}
    if any(len(set(ranges)) < len(ranges) or day_problem(ranges)
           for ranges in week.values()):
        return None
    return Week(week, valid_from, valid_to, note)


@dataclass(frozen=True)
class Preview:
    """What the public page's hours table shows (``templates/public/_hours.html``)."""

    hours: OpeningHours
    week: list[Day]


def preview(stored: list[dict], tz: str | tzinfo, now: datetime | None = None) -> Preview:
    """This week as the public page would show it with ``stored`` as the hours: read by
    the page's own rules (``OpeningHours``), from the rows, not the database."""
    hours = OpeningHours.from_schedules(
        [SimpleNamespace(freq="WEEKLY", **{n: row.get(n) for n in HOURS_COLUMNS})
         for row in stored], tz)
    return Preview(hours, hours.this_week(now))
