"""The base of every form (``navigator.forms``): text that cannot be stored is refused
beside its field (a row's field too) and kept, shown as U+FFFD; numbers in ASCII digits; no
day past what the calendar holds; and the error summary's words after a label."""

from __future__ import annotations

import importlib
import pkgutil
import re
from html import unescape

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    FieldList, FormField, SelectChoice, SelectMultipleField, StringField, TextAreaField)
from wtforms import Form as RowForm

import navigator
from navigator.extensions import limiter
from navigator.forms import UNSTORABLE, DayField, Form, WholeNumberField, error_line


class Sample(Form):
    class Meta:
        csrf = False

    name = StringField()
    notes = TextAreaField()
    tags = SelectMultipleField(choices=[SelectChoice("a", "a"), SelectChoice("b", "b")],
                               validate_choice=False)
    year = WholeNumberField()
    day = DayField()


def _every_form_class() -> list[type]:
    for module in pkgutil.walk_packages(navigator.__path__, "navigator."):
        if "migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        todo += (subclasses := todo.pop().__subclasses__())
        found += [c for c in subclasses if c.__module__.startswith("navigator.")]
    return found


def test_every_form_of_the_site_is_built_on_the_base():
    classes = _every_form_class()
    assert len(classes) > 20
    assert [c.__qualname__ for c in classes if not issubclass(c, Form)] == []


@pytest.mark.parametrize("text", ["Sam\x00", "Sam\ud800", "\udfffSam"])
def test_what_cannot_be_stored_is_refused_and_kept(app, text):
    """A lone surrogate cannot come through HTTP (Werkzeug reads one as U+FFFD), but a
    form is refused on either, whatever sent it."""
    with app.test_request_context(method="POST"):
        form = Sample(MultiDict([("name", text), ("notes", "fine"), ("tags", "a"),
                                 ("tags", text)]))
        assert not form.validate()
        assert form.name.errors[0] == UNSTORABLE and form.tags.errors[0] == UNSTORABLE
        assert form.name.data == ("Sam\ufffd" if text.startswith("Sam") else "\ufffdSam")
        assert "\ufffd" in form.name() and form.tags.data[0] == "a"
        assert not form.notes.errors


class Row(RowForm):
    number = StringField()


class WithRows(Form):
    class Meta:
        csrf = False

    phones = FieldList(FormField(Row))
    address = FormField(Row)


def test_what_cannot_be_stored_is_refused_in_a_row_too(app):
    with app.test_request_context(method="POST"):
        form = WithRows(MultiDict({"phones-0-number": "919\x00", "phones-1-number": "fine",
                                   "address-number": "1 Main\x00"}))
        assert not form.validate()
        first, second = form.phones.entries
        assert first.form.number.errors == [UNSTORABLE]
        assert first.form.number.data == "919\ufffd" and not second.form.number.errors
        assert form.address.form.number.errors == [UNSTORABLE]
        assert WithRows(MultiDict({"phones-0-number": "fine"})).validate()


def test_storable_text_passes(app):
    with app.test_request_context(method="POST"):
        form = Sample(MultiDict({"name": "ñandú 🏠 \ufffd", "year": "1990",
                                 "day": "2026-01-31"}))
        assert form.validate(), form.errors
        assert form.year.data == 1990


@pytest.mark.parametrize("year", ["١٩٩٠", "1_990", "--1", "²", "9" * 10_000])
def test_a_whole_number_is_ascii_digits(app, year):
    with app.test_request_context(method="POST"):
        form = Sample(MultiDict({"year": year}))
        assert not form.validate() and form.year.errors and form.year.data is None


@pytest.mark.parametrize("day", ["9999-12-31", "3000-01-01"])
def test_a_day_past_the_year_2999_is_refused(app, day):
    """The day after 9999-12-31 is past the last date Python holds (an audit filter
    "until" and a consent "valid until" both take the next day)."""
    with app.test_request_context(method="POST"):
        form = Sample(MultiDict({"day": day}))
        assert not form.validate() and "before the year 3000" in form.day.errors[0]


@pytest.mark.parametrize(("label", "line"), [
    ("Email", "Email: Enter an email address."),
    ("What do you need help with?", "What do you need help with? Enter an email address."),
    ("¿Con qué necesita ayuda?", "¿Con qué necesita ayuda? Enter an email address."),
    ("I agree to be contacted about this request.",
     "I agree to be contacted about this request. Enter an email address."),
    ("Details (optional)", "Details (optional): Enter an email address."),
    ("Name ", "Name: Enter an email address."),
])
def test_an_error_follows_its_label_with_a_colon_unless_the_label_ends_a_sentence(label, line):
    assert error_line(label, "Enter an email address.") == line


@pytest.mark.parametrize(("path", "need", "consent"), [
    ("/callback", "What do you need help with? Tell us",
     "about this request. We can only call you back"),
    ("/es/callback", "¿Con qué necesita ayuda? Cuéntenos",
     "sobre esta solicitud. Solo podemos llamarle"),
])
def test_the_error_summary_puts_no_colon_after_a_question_or_a_sentence(client, path, need,
                                                                      consent):
    limiter.reset()
    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    response = client.post(path, data={"csrf_token": token, "name": "", "need": ""})
    summary = re.search(r'<div class="error-summary".*?</div>', response.get_data(as_text=True),
                        re.S)[0]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", summary)).split())
    assert need in text and consent in text
    assert "?:" not in text and ".:" not in text
