"""The base of every form, the fields that read what ``int()`` and dates get wrong, and
how the error summary words an error after its field's label.

``Form`` refuses text that cannot be stored (``request_input.storable``: a NUL, which
PostgreSQL refuses) in any field, those of a list of rows too (``FieldList``,
``FormField``), with the error beside the field and the text kept, the character shown
as U+FFFD, so that nothing the person typed is lost.
"""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, FormField, IntegerField

from .request_input import replace_unstorable, storable, whole_number

UNSTORABLE = _l("This has a character we cannot save (shown as \ufffd). Remove it and "
                "send the form again.")
#: A label that ends in one of these is followed by the error without a colon.
LABEL_ENDINGS = ("?", ".", "!", ":", "…")
#: The last day a form takes: a day after 9999-12-31 is past the last date Python holds.
LAST_DAY = date(2999, 12, 31)


class Form(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in leaves(self):
            values = [v for v in field.raw_data or () if isinstance(v, str)]
            if all(storable(v) for v in values):
                continue
            field.errors = [UNSTORABLE, *field.errors]
            field.raw_data = [replace_unstorable(v) for v in values]
            if isinstance(field.data, str):
                field.data = replace_unstorable(field.data)
            elif isinstance(field.data, list):
                field.data = [replace_unstorable(v) if isinstance(v, str) else v
                              for v in field.data]
            valid = False
        return valid


def leaves(fields):
    """The fields a person fills in: those of each row of a ``FieldList`` and of each
    ``FormField``, in page order, instead of the list or the row."""
    for field in fields:
        if isinstance(field, FieldList):
            yield from leaves(field.entries)
        elif isinstance(field, FormField):
            yield from leaves(field.form)
        else:
            yield field


class WholeNumberField(IntegerField):
    """A whole number in ASCII digits (``int()`` also reads "١٢" and "1_000")."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = whole_number(valuelist[0])
        except ValueError as exc:
            self.data = None
            raise ValueError(_l("Enter a whole number, in the digits 0 to 9.")) from exc


class DayField(DateField):
    """A date no later than ``LAST_DAY`` (the day after a later one may not exist)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and self.data > LAST_DAY:
            self.data = None
            raise ValueError(_l("Enter a date before the year 3000."))


def error_line(label: str, message: str) -> str:
    """An error as the form's summary lists it: "Email: Enter an email address...", but
    "What do you need help with? Tell us..." (no colon after a label that ends in a
    question mark or a full stop, in any language)."""
    label = str(label).rstrip()
    return f"{label} {message}" if label.endswith(LABEL_ENDINGS) else f"{label}: {message}"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(error_line=error_line)
