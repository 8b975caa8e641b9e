"""The weekly hours editor's form: seven days, Monday first, each closed, open 24 hours
or open for one or two ranges of time (a split shift), with one season and one note.

``HoursForm.of(rows)`` shows a record's hours (``fields`` "hours" rows) and
``form.rows()`` gives them back in the proposal's shape, as few rows as the week allows
(``week.rows``). Rows the week cannot show (another season, another note, a third range
on a day; ``week.split``) are kept: listed read-only under the week, each with a
"Remove" box, and sent back unchanged unless ticked. Replacing them on save would
drop hours the provider never saw in the form; keeping them means opening the form and
sending it unchanged proposes nothing.

Times come from ``<input type="time">`` ("17:30"), or are typed where a browser has no
time picker: "9", "9:00", "9am", "5:30 pm", "noon" are read too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, time

from flask_babel import lazy_gettext as _l
from wtforms import Form as Subform
from wtforms import (
    FormField, RadioField, SelectChoice, SelectMultipleField, StringField, SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget, TimeInput

from navigator.forms import DayField, Form

from .rows import as_json
from .week import DAYS, FULL_DAY, Week, day_problem, rows, split

NOTE_CHARS = 300
STATES = {"closed": _l("Closed"), "24h": _l("Open 24 hours"),
          "hours": _l("Open these hours")}
DAY_NAMES = dict(zip(DAYS, (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"),
                            _l("Friday"), _l("Saturday"), _l("Sunday"))))
FIELD_NAMES = dict(zip(DAYS, ("monday", "tuesday", "wednesday", "thursday", "friday",
                              "saturday", "sunday")))

TIME_FORMAT = _l("Enter a time such as 9:00, 17:30 or 5:30 pm.")
OPENS_MISSING = _l("Enter when it opens.")
CLOSES_MISSING = _l("Enter when it closes.")
SAME_TIMES = _l("It opens and closes at the same time. For the whole day, choose "
                "“Open 24 hours”.")
OVERLAP = _l("This overlaps the first opening (%(first)s). Change one of them.")
NO_TIMES = _l("Enter when it opens and closes, or choose “Closed”.")
CLOSED_WITH_TIMES = _l("You chose “Closed” and entered times. Choose “Open these hours” "
                       "to keep the times, or clear them.")
FULL_DAY_WITH_TIMES = _l("You chose “Open 24 hours” and entered times. Choose “Open these "
                         "hours” to keep the times, or clear them.")
UNKNOWN_STATE = _l("Choose closed, open 24 hours or open these hours.")
ENDS_FIRST = _l("The last day is before the first day.")
SEASON_ALONE = _l("A season needs hours: enter them above, or clear the dates.")

_CLOCK = re.compile(r"([0-9]{1,2})(?:[:.h]([0-9]{2}))?(?::[0-9]{2})?\s*"
                    r"(?:h|([ap])\.?\s*m\.?)?")
_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "00:00", "mediodía": "12:00",
          "mediodia": "12:00", "medianoche": "00:00"}


def read_time(text: str) -> str:
    """A time of day as typed ("9", "9:00", "17:30", "9am", "5:30 p.m.", "noon"), as
    "HH:MM"; ValueError for anything else. "24:00" is midnight."""
    text = " ".join(text.strip().lower().split())
    if text in _WORDS:
        return _WORDS[text]
    found = _CLOCK.fullmatch(text)
    if found is None:
        raise ValueError(text)
    hour, minute = int(found[1]), int(found[2] or 0)
    if found[3]:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if found[3] == "p" else 0)
    elif (hour, minute) == (24, 0):
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return f"{hour:02d}:{minute:02d}"


def clock(text: str) -> str:
    """"09:00" as a person writes it: "9:00"."""
    return text.lstrip("0") if not text.startswith("00") else text[1:]


class TimeOfDayField(StringField):
    """A time of day: ``data`` is "HH:MM", or None when left empty; what could not be
    read is shown again as typed."""

    widget = TimeInput()

    def process_formdata(self, valuelist):
        self.data = None
        text = valuelist[0] if valuelist else ""
        if text.strip():
            try:
                self.data = read_time(text)
            except ValueError:
                raise ValueError(TIME_FORMAT) from None

    def _value(self) -> str:
        return self.data or (self.raw_data[0] if self.raw_data else "")


class DayHours(Subform):
    """One day: closed, open 24 hours, or open for one or two ranges."""

    state = RadioField(choices=[SelectChoice(v, label) for v, label in STATES.items()],
                       default="closed", validate_choice=False)
    opens_1 = TimeOfDayField(_l("Opens"))
    closes_1 = TimeOfDayField(_l("Closes"))
    opens_2 = TimeOfDayField(_l("Opens again"))
    closes_2 = TimeOfDayField(_l("Closes again"))

    def _pairs(self):
        return ((self.opens_1, self.closes_1), (self.opens_2, self.closes_2))

    def second_given(self) -> bool:
        """Whether anything was given for the second range (the page shows it open)."""
        return any(f.data or f.errors or (f.raw_data and f.raw_data[0].strip())
                   for f in self._pairs()[1])

    def ranges(self) -> tuple[tuple[str, str], ...]:
        if self.state.data == "24h":
            return (FULL_DAY,)
        if self.state.data != "hours":
            return ()
        return tuple(sorted((o.data, c.data) for o, c in self._pairs() if o.data and c.data))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False  # a time that could not be read says so already
        entered = any(f.data for pair in self._pairs() for f in pair)
        state = self.state
        if state.data not in STATES:
            state.errors.append(UNKNOWN_STATE)
        elif state.data == "closed" and entered:
            state.errors.append(CLOSED_WITH_TIMES)
        elif state.data == "24h" and entered:
            state.errors.append(FULL_DAY_WITH_TIMES)
        elif state.data == "hours":
            self._check_ranges(entered)
        return not self.errors

    def _check_ranges(self, entered: bool) -> None:
        if not entered:
            self.state.errors.append(NO_TIMES)
        for opens, closes in self._pairs():
            if opens.data and not closes.data:
                closes.errors.append(CLOSES_MISSING)
            elif closes.data and not opens.data:
                opens.errors.append(OPENS_MISSING)
            elif opens.data and opens.data == closes.data:
                closes.errors.append(SAME_TIMES)
        if not self.errors and day_problem(self.ranges()) == "overlap":
            first = self._pairs()[0]
            self.opens_2.errors.append(OVERLAP % {
                "first": f"{clock(first[0].data)}–{clock(first[1].data)}"})


def _day_data(ranges: tuple[tuple[str, str], ...]) -> dict:
    if not ranges:
        return {"state": "closed"}
    if ranges == (FULL_DAY,):
        return {"state": "24h"}
    data = {"state": "hours"}
    for n, (opens, closes) in enumerate(ranges, start=1):
        data.update({f"opens_{n}": opens, f"closes_{n}": closes})
    return data


@dataclass(frozen=True)
class Kept:
    """A row the week cannot show, as the form lists it."""

    key: str
    days: list
    opens: time | None
    closes: time | None
    valid_from: date | None
    valid_to: date | None
    description: str | None


def _key(row: dict) -> str:
    return hashlib.sha256(as_json(row).encode()).hexdigest()[:16]


def _kept(row: dict) -> Kept:
    tokens = [t.strip().upper() for t in (row.get("byday") or "").split(",") if t.strip()]
    parse = lambda text, read: read(text) if text else None  # noqa: E731
    return Kept(_key(row), [DAY_NAMES.get(t, t) for t in tokens],
                parse(row.get("opens_at"), time.fromisoformat),
                parse(row.get("closes_at"), time.fromisoformat),
                parse(row.get("valid_from"), date.fromisoformat),
                parse(row.get("valid_to"), date.fromisoformat), row.get("description"))


class HoursForm(Form):
    monday = FormField(DayHours, DAY_NAMES["MO"])
    tuesday = FormField(DayHours, DAY_NAMES["TU"])
    wednesday = FormField(DayHours, DAY_NAMES["WE"])
    thursday = FormField(DayHours, DAY_NAMES["TH"])
    friday = FormField(DayHours, DAY_NAMES["FR"])
    saturday = FormField(DayHours, DAY_NAMES["SA"])
    sunday = FormField(DayHours, DAY_NAMES["SU"])
    valid_from = DayField(_l("First day"), validators=[Optional()])
    valid_to = DayField(_l("Last day"), validators=[Optional()])
    note = TextAreaField(_l("Note (optional)"), validators=[Length(
        max=NOTE_CHARS, message=_l("Use %(count)d characters or fewer.", count=NOTE_CHARS))])
    remove = SelectMultipleField(_l("Remove"), choices=[], validate_choice=False,
                                 widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput())
    preview = SubmitField(_l("Preview"))
    send = SubmitField(_l("Send for review"))

    kept: tuple[dict, ...] | list[dict] = ()

    @classmethod
    def of(cls, stored: list[dict], **options) -> "HoursForm":
        """A form showing ``stored`` (the record's "hours" rows), nothing sent;
        ``options`` as any form takes them (a ``prefix``...)."""
        week, kept = split(stored)
        data = {FIELD_NAMES[day]: _day_data(week.ranges(day)) for day in DAYS}
        form = cls(formdata=None, data={
            **data, "note": week.note or "",
            "valid_from": date.fromisoformat(week.valid_from) if week.valid_from else None,
            "valid_to": date.fromisoformat(week.valid_to) if week.valid_to else None},
            **options)
        form.keep(kept)
        return form

    @classmethod
    def posted(cls, stored: list[dict], **options) -> "HoursForm":
        """The form as the request sent it, keeping the rows of ``stored`` that the week
        cannot show (read again from the record, never from the request)."""
        form = cls(**options)
        form.keep(split(stored)[1])
        return form

    def keep(self, kept: list[dict]) -> None:
        self.kept = list(kept)
        self.remove.choices = [SelectChoice(_key(row), _l("Remove")) for row in kept]

    def days(self) -> list[FormField]:
        return [self[FIELD_NAMES[day]] for day in DAYS]

    def kept_rows(self) -> list[tuple[Kept, object]]:
        """Each kept row with its "Remove" box."""
        return list(zip((_kept(row) for row in self.kept), self.remove))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        first, last = self.valid_from.data, self.valid_to.data
        if first and last and last < first:
            self.valid_to.errors.append(ENDS_FIRST)
        elif valid and (first or last) and not (self.note.data or "").strip() \
                and not any(day.form.ranges() for day in self.days()):
            self.valid_from.errors.append(SEASON_ALONE)
        return not self.errors

    def week(self) -> Week:
        iso = lambda day: day.isoformat() if day else None  # noqa: E731
        return Week({day: field.form.ranges() for day, field in zip(DAYS, self.days())},
                    iso(self.valid_from.data), iso(self.valid_to.data),
                    (self.note.data or "").strip() or None)

    def rows(self) -> list[dict[str, str | None]]:
        """The week's rows and the kept rows not removed, in the proposal's shape."""
        removed = set(self.remove.data or ())
        return sorted(rows(self.week()) + [row for row in self.kept
                                           if _key(row) not in removed], key=as_json)

    def problems(self) -> list[tuple[str, str, str]]:
        """(field id, what it is, message) of each error, in page order."""
        found = []
        for day in self.days():
            for sub in day.form:
                if sub.errors:
                    at = f"{sub.id}-0" if sub.short_name == "state" else sub.id
                    found.append((at, day.label.text, sub.errors[0]))
        for sub in (self.valid_from, self.valid_to, self.note):
            if sub.errors:
                found.append((sub.id, sub.label.text, sub.errors[0]))
        return found
