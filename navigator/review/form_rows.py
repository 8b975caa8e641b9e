"""The rows and groups of fields the listing forms (``review.forms``) are made of: a
phone, a language, a document to bring, a cost, an accessibility feature; the Spanish
texts and the street address.

Each row's fields are named as the columns of its rows in ``review.fields``; a column
a row cannot do without (a phone's number, an address's street) is asked for only once
the row has something in it, so that the empty rows offered to add to are left alone.
"""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, StringField, TextAreaField
from wtforms.validators import ValidationError

from .form_fields import (
    CODE_CHARS, LONG_CHARS, NAME_CHARS, PHONE_CHARS, SHORT_CHARS, ChoiceField, Row, RowForm,
    amount, currency_code, digits_only, language_code, money_text, phone_number, strip,
    upper, within,
)

#: HSDS ``phone.type``; a listing's other types are offered too (``SectionForm.offer``).
PHONE_TYPES = {"": _l("Not said"), "voice": _l("Voice"), "text": _l("Text messages"),
               "cell": _l("Mobile"), "fax": _l("Fax"), "video": _l("Video"),
               "pager": _l("Pager"), "textphone": _l("TTY (text telephone)")}
TEXT = {"filters": [strip]}


def choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def _missing(message):
    """A row's ``validate_<column>``: that column is needed once the row has anything."""
    def check(form, field) -> None:
        if not field.data and not form.blank():
            raise ValidationError(message)
    return check


class PhoneRow(Row):
    number = StringField(_l("Number"), [within(PHONE_CHARS), phone_number], **TEXT,
                         render_kw={"type": "tel", "autocomplete": "off"})
    extension = StringField(_l("Extension"), [digits_only], **TEXT,
                            render_kw={"inputmode": "numeric"})
    type = ChoiceField(_l("Kind of line"), choices=choices(PHONE_TYPES),
                       invalid_choice_message=_l("Choose one of the kinds of line."))
    description = StringField(_l("What it is for"), [within(SHORT_CHARS)], **TEXT)
    validate_number = _missing(_l("Enter the number, or empty the row."))


class LanguageRow(Row):
    name = StringField(_l("Language"), [within(NAME_CHARS)], **TEXT)
    code = StringField(_l("Language code (optional)"), [within(CODE_CHARS), language_code],
                       **TEXT, description=_l("Like es (Spanish) or vi (Vietnamese)."))


class DocumentRow(Row):
    document = StringField(_l("Document"), [within(SHORT_CHARS)], **TEXT)


class CostRow(Row):
    option = StringField(_l("What it costs for"), [within(SHORT_CHARS)], **TEXT)
    amount = StringField(_l("Amount"), [amount], filters=[money_text],
                         render_kw={"inputmode": "decimal"})
    currency = StringField(_l("Currency"), [currency_code], filters=[upper],
                           description=_l("USD if left empty."))
    amount_description = StringField(_l("About the amount"), [within(SHORT_CHARS)], **TEXT)

    def validate_option(self, field) -> None:
        if not (field.data or self.amount.data or self.amount_description.data) \
                and not self.blank():
            raise ValidationError(_l("Say what the cost is for, or empty the row."))


class AccessRow(Row):
    description = StringField(_l("Feature"), [within(SHORT_CHARS)], **TEXT,
                              description=_l("Like: step-free entrance."))
    details = StringField(_l("Details"), [within(SHORT_CHARS)], **TEXT)


class SpanishTexts(RowForm):
    name = StringField(_l("Name in Spanish"), [within(NAME_CHARS)], **TEXT,
                       render_kw={"lang": "es"})
    description = TextAreaField(_l("Description in Spanish"), [within(LONG_CHARS)], **TEXT,
                                render_kw={"lang": "es"})
    eligibility_description = TextAreaField(_l("Who it serves, in Spanish"),
                                            [within(LONG_CHARS)], **TEXT,
                                            render_kw={"lang": "es"})
    application_process = TextAreaField(_l("How to apply, in Spanish"),
                                        [within(LONG_CHARS)], **TEXT,
                                        render_kw={"lang": "es"})


#: Asked for when a street address is given at all (``review.forms.Address``).
NO_STREET = _l("Enter the street address.")


class AddressParts(Row):
    address_1 = StringField(_l("Street address"), [_missing(NO_STREET), within(NAME_CHARS)],
                            **TEXT)
    address_2 = StringField(_l("Suite, floor or building (optional)"),
                            [within(NAME_CHARS)], **TEXT)
    city = StringField(_l("City"), [_missing(_l("Enter the city.")), within(NAME_CHARS)],
                       **TEXT)
    state_province = StringField(_l("State"), [_missing(_l("Enter the state.")),
                                               within(NAME_CHARS)], **TEXT)
    postal_code = StringField(_l("ZIP code"), [_missing(_l("Enter the ZIP code.")),
                                               within(32)], **TEXT)

    def validate_postal_code(self, field) -> None:
        if current_app.config["NAVIGATOR_COUNTRY"] == "US" and field.data \
                and not re.fullmatch(r"[0-9]{5}(-[0-9]{4})?", field.data):
            raise ValidationError(_l("Enter a 5-digit ZIP code, like 27701."))
