"""The base of every form (``navigator.forms``): text that cannot be stored is refused
beside its field and kept, shown as U+FFFD."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice, SelectMultipleField, StringField, TextAreaField

import navigator
from navigator.forms import UNSTORABLE, Form


class Sample(Form):
    class Meta:
        csrf = False

    name = StringField()
    notes = TextAreaField()
    tags = SelectMultipleField(choices=[SelectChoice("a", "a"), SelectChoice("b", "b")],
                               validate_choice=False)


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


def test_storable_text_passes(app):
    with app.test_request_context(method="POST"):
        form = Sample(MultiDict({"name": "ñandú 🏠 \ufffd"}))
        assert form.validate(), form.errors
