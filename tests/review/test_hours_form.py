"""The weekly hours form, without a request to the site: rows shown as a week and written
back as they were, what a person types read as the time they meant, each mistake named
beside its field, and the preview read by the public page's own rules."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from navigator.directory.models import Location, Schedule, Service
from navigator.extensions import db
from navigator.review import fields
from navigator.review.rows import as_json
from navigator.review.hours_form import HoursForm, read_time
from navigator.review.week import preview, split

from tests.html_forms import forms_of

WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
DAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: A Monday in Durham's winter (the preview's week starts on it).
MONDAY = datetime(2026, 1, 5, 12)


def row(byday, opens, closes, valid_from=None, valid_to=None, description=None):
    return {"byday": byday, "opens_at": opens, "closes_at": closes,
            "valid_from": valid_from, "valid_to": valid_to, "description": description}


def sent(form: HoursForm) -> MultiDict:
    """What a browser sends back of the form as it is shown, untouched."""
    html = "".join(str(f()) for day in form.days() for f in day.form)
    html += "".join(str(f()) for f in (form.valid_from, form.valid_to, form.note))
    html += "".join(str(box()) for _, box in form.kept_rows())
    [page] = forms_of(f'<form method="post">{html}</form>', "/")
    return MultiDict([(f.name, f.value) for f in page.fields
                      if f.kind not in ("radio", "checkbox") or f.chosen])


def posted(data, stored=()) -> HoursForm:
    form = HoursForm(MultiDict(data), meta={"csrf": False})
    form.keep(split(list(stored))[1])
    return form


def days_of(data: dict) -> dict:
    """Every day closed unless ``data`` says otherwise."""
    return {**{f"{d}-state": "closed" for d in DAY_FIELDS}, **data}


ROUND_TRIPS = {
    "weekdays 9 to 5": [row(WEEKDAYS, "09:00", "17:00")],
    "split shifts": [row(WEEKDAYS, "09:00", "12:00"), row(WEEKDAYS, "13:00", "17:00"),
                     row("SA", "10:00", "14:00")],
    "24 hours every day": [row(EVERY_DAY, "00:00", "23:59")],
    "past midnight": [row("MO,TU,WE,TH,FR,SA", "20:00", "07:00")],
    "closed weekends, a note": [row(WEEKDAYS, "08:30", "16:30",
                                    description="Call before you go")],
    "seasonal": [row("MO,WE,FR", "10:00", "15:00", "2026-06-01", "2026-08-31")],
    "a note only": [row(None, None, None, description="Hours not yet verified")],
    "two seasons": [row(WEEKDAYS, "09:00", "17:00"),
                    row("SA,SU", "10:00", "14:00", "2026-06-01", "2026-08-31")],
    "three openings a day": [row(EVERY_DAY, "08:00", "09:00"), row(EVERY_DAY, "12:00", "13:00"),
                             row(EVERY_DAY, "18:00", "19:00")],
}


@pytest.mark.parametrize("stored", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_rows_come_back_as_they_were(app, stored):
    stored = sorted(stored, key=as_json)
    with app.test_request_context():
        form = HoursForm.of(stored)
        assert form.rows() == stored
        again = posted(sent(form), stored)
        assert again.validate(), again.errors
        assert again.rows() == stored


def test_the_week_shows_each_day(app):
    stored = ROUND_TRIPS["split shifts"]
    with app.test_request_context():
        form = HoursForm.of(stored)
        monday, saturday, sunday = form.monday.form, form.saturday.form, form.sunday.form
        assert (monday.state.data, monday.opens_1.data, monday.closes_1.data,
                monday.opens_2.data, monday.closes_2.data) == (
            "hours", "09:00", "12:00", "13:00", "17:00")
        assert (saturday.state.data, saturday.opens_1.data, saturday.opens_2.data) == (
            "hours", "10:00", None)
        assert sunday.state.data == "closed" and form.kept == []
        every_day = HoursForm.of(ROUND_TRIPS["24 hours every day"])
        assert {d.form.state.data for d in every_day.days()} == {"24h"}
        seasonal = HoursForm.of(ROUND_TRIPS["seasonal"])
        assert (seasonal.valid_from.data, seasonal.valid_to.data) == (
            date(2026, 6, 1), date(2026, 8, 31))
        assert HoursForm.of(ROUND_TRIPS["a note only"]).note.data == "Hours not yet verified"


def test_rows_the_week_cannot_show_are_kept_unless_removed(app):
    stored = sorted(ROUND_TRIPS["two seasons"], key=as_json)
    with app.test_request_context():
        form = HoursForm.of(stored)
        assert form.friday.form.state.data == "hours" and form.saturday.form.state.data == "closed"
        [(kept, box)] = form.kept_rows()
        assert (kept.days, kept.opens, kept.closes, kept.valid_from) == (
            ["Saturday", "Sunday"], time(10), time(14), date(2026, 6, 1))
        data = sent(form)
        data.add("remove", box.data)
        removed = posted(data, stored)
        assert removed.validate(), removed.errors
        assert removed.rows() == [row(WEEKDAYS, "09:00", "17:00")]
        # A row changed since the form was shown is kept: only what was listed is removed.
        changed = [stored[0], row("SA,SU", "10:00", "15:00", "2026-06-01", "2026-08-31")]
        assert len(posted(data, changed).rows()) == 2
        # Three openings a day: the form shows none of them, and keeps them all.
        three = HoursForm.of(ROUND_TRIPS["three openings a day"])
        assert {d.form.state.data for d in three.days()} == {"closed"}
        assert len(three.kept_rows()) == 3


def test_the_import_of_the_sample_directory_loses_nothing(app, durham):
    """Every service's and place's hours as the import wrote them: shown and sent back
    unchanged, and the week holds their times where it can."""
    with app.app_context(), app.test_request_context():
        shown = 0
        for kind, model in (("service", Service), ("location", Location)):
            owners = db.session.scalars(select(model).where(model.id.in_(
                select(getattr(Schedule, f"{kind}_id"))))).all()
            for record in owners:
                stored = fields.current(kind, record, ["hours"])["hours"]
                form = HoursForm.of(stored)
                assert form.rows() == stored, record.name
                again = posted(sent(form), stored)
                assert again.validate(), (record.name, again.errors)
                assert again.rows() == stored, record.name
                shown += any(d.form.state.data != "closed" for d in form.days())
        assert shown >= 30  # the 24-hour services, the clinics, the meals, the buses


def test_typed_times_are_read_as_meant():
    for typed, meant in (("9", "09:00"), ("9:00", "09:00"), ("09:00", "09:00"),
                         ("9am", "09:00"), ("9 a.m.", "09:00"), ("5:30 pm", "17:30"),
                         ("5:30PM", "17:30"), ("17:30", "17:30"), ("12 am", "00:00"),
                         ("12pm", "12:00"), ("noon", "12:00"), ("midnight", "00:00"),
                         ("24:00", "00:00"), ("08:15:00", "08:15"), ("9.30", "09:30"),
                         ("17h", "17:00"), ("medianoche", "00:00")):
        assert read_time(typed) == meant, typed
    for wrong in ("", "25:00", "9:60", "13pm", "0am", "nine", "9:5", "١٢:٠٠", "9 to 5"):
        with pytest.raises(ValueError):
            read_time(wrong)


def test_a_week_typed_in_is_written_compactly(app):
    weekdays = {f"{d}-{k}": v for d in DAY_FIELDS[:5] for k, v in (
        ("state", "hours"), ("opens_1", "9am"), ("closes_1", "12:00"),
        ("opens_2", "1 pm"), ("closes_2", "5pm"))}
    with app.test_request_context():
        form = posted(days_of({**weekdays, "saturday-state": "24h",
                               "sunday-state": "hours", "sunday-opens_1": "20:00",
                               "sunday-closes_1": "7:00", "note": " Call first "}))
        assert form.validate(), form.errors
        note = "Call first"
        assert form.rows() == sorted([
            row(WEEKDAYS, "09:00", "12:00", description=note),
            row(WEEKDAYS, "13:00", "17:00", description=note),
            row("SA", "00:00", "23:59", description=note),
            row("SU", "20:00", "07:00", description=note)], key=as_json)
        closed = posted(days_of({}))
        assert closed.validate() and closed.rows() == []


MISTAKES = {
    "second range overlaps the first": (
        {"monday-state": "hours", "monday-opens_1": "9:00", "monday-closes_1": "14:00",
         "monday-opens_2": "13:00", "monday-closes_2": "17:00"},
        "monday-opens_2", "This overlaps the first opening (9:00–14:00)"),
    "a range without its close": (
        {"monday-state": "hours", "monday-opens_1": "9:00"},
        "monday-closes_1", "Enter when it closes."),
    "a second range without its open": (
        {"monday-state": "hours", "monday-opens_1": "9:00", "monday-closes_1": "12:00",
         "monday-closes_2": "17:00"},
        "monday-opens_2", "Enter when it opens."),
    "24 hours and ranges": (
        {"tuesday-state": "24h", "tuesday-opens_1": "9:00", "tuesday-closes_1": "17:00"},
        "tuesday-state-0", "You chose “Open 24 hours” and entered times."),
    "closed and ranges": (
        {"friday-opens_1": "9:00", "friday-closes_1": "17:00"},
        "friday-state-0", "You chose “Closed” and entered times."),
    "open with no times": ({"sunday-state": "hours"}, "sunday-state-0",
                           "Enter when it opens and closes"),
    "the same time twice": (
        {"monday-state": "hours", "monday-opens_1": "9:00", "monday-closes_1": "9am"},
        "monday-closes_1", "It opens and closes at the same time."),
    "a time that is no time": (
        {"monday-state": "hours", "monday-opens_1": "nine", "monday-closes_1": "5pm"},
        "monday-opens_1", "Enter a time such as 9:00, 17:30 or 5:30 pm."),
    "the season ends before it starts": (
        {"monday-state": "24h", "valid_from": "2026-08-31", "valid_to": "2026-06-01"},
        "valid_to", "The last day is before the first day."),
    "a season without hours": ({"valid_from": "2026-06-01"}, "valid_from",
                               "A season needs hours"),
}


@pytest.mark.parametrize("data, at, message", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_mistake_is_named_beside_its_field(app, data, at, message):
    with app.test_request_context():
        form = posted(days_of(data))
        assert not form.validate()
        [(where, _, said)] = form.problems()
        assert (where, str(said)[:len(message)]) == (at, message)


def test_the_preview_reads_rows_as_the_public_page_does(app):
    stored = [row("MO", "20:00", "07:00"), row("TU", "09:00", "12:00"),
              row("TU", "13:00", "17:00"), row("WE", "00:00", "23:59")]
    shown = preview(stored, "America/New_York", MONDAY)
    assert shown.hours.known
    spans = [[(s.strftime("%a %H:%M"), e.strftime("%a %H:%M")) for s, e in day.intervals]
             for day in shown.week]
    assert spans[:4] == [[("Mon 20:00", "Tue 07:00")],
                         [("Tue 09:00", "Tue 12:00"), ("Tue 13:00", "Tue 17:00")],
                         [("Wed 00:00", "Thu 00:00")], []]
    assert [d.is_today for d in shown.week] == [True] + [False] * 6
    assert not preview([row(None, None, None, description="Call")], "America/New_York",
                       MONDAY).hours.known
