"""The fields of the listing forms (``review.forms``) and the checks they share.

Each field turns a proposal's value (``review.fields``: text, an age as a number, rows as
lists of dicts of text, a group such as the address as one dict, categories as a list of
ids) into what the form shows (``form_data``), and what was sent back into that same
shape (``value``). The checks say what is wrong in words a provider can act on, and keep
each text within what its column holds: a value refused at approval would be lost.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from babel import Locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList, FormField, SelectChoice, SelectField, SelectMultipleField, StringField)
from wtforms import Form as RowForm
from wtforms.utils import unset_value
from wtforms.validators import Length, ValidationError

#: How long a name, a short text (a row's) and a long text (a description) may be.
NAME_CHARS, SHORT_CHARS, LONG_CHARS = 200, 500, 4000
#: The HSDS columns' own limits.
EMAIL_CHARS, URL_CHARS, PHONE_CHARS, CODE_CHARS = 320, 2048, 64, 16
#: Rows a list takes at most, and the empty ones offered to add to (no JavaScript).
MOST_ROWS, BLANK_ROWS = 30, 3
OLDEST = 130


def within(count: int) -> Length:
    return Length(max=count, message=_l("Use %(count)d characters or fewer.", count=count))


def strip(text):
    return text.strip() if isinstance(text, str) else text


def text_of(data) -> str | None:
    """A text as a proposal holds it: stripped, None when empty."""
    return (data.strip() or None) if isinstance(data, str) else None


# -- checks -------------------------------------------------------------------------------

_PHONE = re.compile(r"[0-9 +().\-]+")


def phone_number(form, field) -> None:
    """Digits and the usual punctuation: ten digits or so, or a short line such as 211."""
    text = field.data or ""
    digits = sum(c in "0123456789" for c in text)
    if text and not (_PHONE.fullmatch(text) and (digits == 3 or 7 <= digits <= 15)):
        raise ValidationError(_l("Enter a phone number like 919-555-0123, or a three-digit "
                                 "number such as 211. Put an extension in its own box."))


def digits_only(form, field) -> None:
    if field.data and not re.fullmatch(r"[0-9]{1,9}", field.data):
        raise ValidationError(_l("Enter the extension in digits only (up to 9)."))


_LANGUAGES = frozenset(Locale("en").languages)


def language_code(form, field) -> None:
    """An ISO 639 code ("es", "vi", "zh-Hant"), whose language Babel knows."""
    text = field.data or ""
    primary = text.split("-")[0].lower()
    if text and not (re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", text)
                     and primary in _LANGUAGES):
        raise ValidationError(_l("Enter a language code like es (Spanish) or vi "
                                 "(Vietnamese), or leave it empty."))


def currency_code(form, field) -> None:
    if field.data and not re.fullmatch(r"[A-Z]{3}", field.data):
        raise ValidationError(_l("Enter a three-letter currency code, like USD."))


def amount(form, field) -> None:
    if field.data and not re.fullmatch(r"[0-9]{1,12}(\.[0-9]{1,2})?", field.data):
        raise ValidationError(_l("Enter an amount like 25 or 12.50."))


def web_address(form, field) -> None:
    """An http(s) address with a host name: the public page links to it."""
    text = field.data or ""
    if not text:
        return
    try:
        parts = urlsplit(text) if not re.search(r"\s", text) else None
        host = parts.hostname if parts else None
    except ValueError:  # "http://[::1", say
        parts = host = None
    if parts is None or parts.scheme not in ("http", "https") or "." not in (host or "") \
            or parts.username or parts.password:
        raise ValidationError(_l("Enter a web address like https://www.example.org."))


def with_scheme(text):
    """"www.example.org" as "https://www.example.org": what people type."""
    text = strip(text)
    if text and "://" not in text and re.match(r"[A-Za-z0-9-]+\.", text):
        return "https://" + text
    return text


def money_text(text):
    """"$1,200.00 " as "1200.00"."""
    return strip(text).replace("$", "").replace(",", "").strip() if isinstance(text, str) \
        else text


def upper(text):
    return strip(text).upper() if isinstance(text, str) else text


# -- fields that shape a proposal's value -------------------------------------------------

class AgeField(StringField):
    """An age in years (0 to 130, a fraction allowed: 0.5 for six months), typed as
    text so that what was typed is shown again with its error."""

    def __init__(self, label=None, validators=(), **kwargs):
        super().__init__(label, [self.check, *validators], filters=[strip],
                         render_kw={"inputmode": "decimal"}, **kwargs)

    @staticmethod
    def form_data(value):
        return None if value is None else f"{value:g}"

    @staticmethod
    def check(form, field) -> None:
        text = field.data or ""
        if text and not (re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,2})?", text)
                         and float(text) <= OLDEST):
            raise ValidationError(_l("Enter an age in years from 0 to %(oldest)d, like 18.",
                                     oldest=OLDEST))

    def value(self) -> float | None:
        return float(self.data) if self.data else None


class ChoiceField(SelectField):
    """A choice that may be left unsaid: a value of None is the empty choice."""

    def process_data(self, value):
        super().process_data("" if value is None else value)


class Row(RowForm):
    """One row of a list (a phone, a language...): its fields are its columns."""

    def value(self) -> dict[str, str | None]:
        return {field.short_name: text_of(field.data) for field in self}

    def blank(self) -> bool:
        return not any(self.value().values())


class RowsField(FieldList):
    """Rows of ``row`` (a ``Row``): those given, then ``BLANK_ROWS`` empty ones to fill
    in; the rows left empty are dropped. ``row_label`` names one ("Phone %(n)d")."""

    def __init__(self, label, row: type[Row], row_label, **kwargs):
        super().__init__(FormField(row), label, max_entries=MOST_ROWS, **kwargs)
        self.row_label = row_label

    @staticmethod
    def form_data(value):
        return list(value or [])

    def entry_label(self, index: int) -> str:
        return str(self.row_label) % {"n": index + 1}

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        blank = sum(entry.form.blank() for entry in self.entries)
        while blank < BLANK_ROWS and len(self.entries) < MOST_ROWS:
            self.append_entry()
            blank += 1

    def value(self) -> list[dict[str, str | None]]:
        return [entry.form.value() for entry in self.entries if not entry.form.blank()]


class GroupField(FormField):
    """Texts that go together (a street address, the Spanish texts): one dict."""

    @staticmethod
    def form_data(value):
        return dict(value or {})

    def value(self) -> dict[str, str | None]:
        return {field.short_name: text_of(field.data) for field in self.form}


class TermsField(SelectMultipleField):
    """Categories, as checkboxes (the template draws them, ``terms.shown``): the
    choices are every term of the directory (``offer``)."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, choices=[], invalid_choice_message=_l(
            "Choose categories from the list."), **kwargs)
        self.terms = []

    def offer(self, terms) -> None:
        self.terms = terms
        self.choices = [SelectChoice(term.id, term.name) for term in terms]

    @staticmethod
    def form_data(value):
        return list(value or [])

    def value(self) -> list[str]:
        return sorted(set(self.data or []))
