"""The forms that edit a listing, one per section of a record, shared by the provider
portal (which files what changed as a proposal) and the admin's review (which edits a
proposal before approving it).

A section form is filled from values in the proposal shapes (``review.fields``: use
``fields.current`` for a record as it is) and gives back exactly its section's fields in
those shapes (``form.values()``), for ``proposals.propose``. Lists of rows come with a
few empty rows to add to, and the categories with a search that works without
JavaScript (``terms``). The hours have their own editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from navigator.directory.models import TRANSLATED_FIELDS
from navigator.forms import Form

from . import terms as term_list
from .form_fields import (
    EMAIL_CHARS, LONG_CHARS, NAME_CHARS, SHORT_CHARS, URL_CHARS, AgeField, GroupField,
    RowsField, TermsField, strip, web_address, with_scheme, within,
)
from .form_rows import (
    NO_STREET, PHONE_TYPES, TEXT, AccessRow, AddressParts, CostRow, DocumentRow, LanguageRow,
    PhoneRow, SpanishTexts, choices,
)


def _email(label):
    return EmailField(label, [Optional(), within(EMAIL_CHARS), Email(_l(
        "Enter an email address like name@example.org."))], filters=[strip])


def _web(label):
    return URLField(label, [within(URL_CHARS), web_address], filters=[with_scheme],
                    description=_l("The full address, like https://www.example.org."))


def _name(label, message):
    return StringField(label, [DataRequired(message), within(NAME_CHARS)], **TEXT)


def _long(label, description=None):
    return TextAreaField(label, [within(LONG_CHARS)], description=description, **TEXT)


# -- sections -------------------------------------------------------------------------------

class SectionForm(Form):
    """A section of a record; its fields are named as in ``review.fields``."""

    @classmethod
    def form_data(cls, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` (proposal shapes) as this form's data."""
        data = {}
        for name, value in values.items():
            unbound = getattr(cls, name, None)
            shape = getattr(getattr(unbound, "field_class", None), "form_data", None)
            if unbound is not None:
                data[name] = shape(value) if shape else value
        return data

    def edited(self) -> list:
        """Its fields but the CSRF token: those of ``review.fields``."""
        return [field for field in self if field.short_name != "csrf_token"]

    def values(self) -> dict[str, Any]:
        """The section's fields, in the proposal shapes."""
        return {field.short_name: field.value() if hasattr(field, "value")
                else (field.data.strip() or None) if isinstance(field.data, str) else None
                for field in self.edited()}

    def offer(self, values: dict[str, Any]) -> None:
        """Fill in the choices that depend on the directory or on the record."""
        phones = getattr(self, "phones", None)
        if phones is not None:
            extra = sorted({row.get("type") for row in values.get("phones") or []}
                           - set(PHONE_TYPES) - {None})
            for entry in phones.entries:
                entry.form.type.choices = choices(PHONE_TYPES) + choices({t: t for t in extra})

    def problems(self) -> list[tuple[str, str, str]]:
        """(field id, label, first message) of each field in error, in page order, for
        the summary at the top of the form."""
        found = []
        for field in self.edited():
            if isinstance(field, RowsField):
                for index, entry in enumerate(field.entries):
                    found += [(leaf.id, _("%(row)s: %(field)s", row=field.entry_label(index),
                                          field=leaf.label.text), leaf.errors[0])
                              for leaf in entry.form if leaf.errors]
            elif isinstance(field, GroupField):
                found += [(leaf.id, leaf.label.text, leaf.errors[0])
                          for leaf in field.form if leaf.errors]
            elif field.errors:
                found.append((field.id, field.label.text, field.errors[0]))
        csrf = getattr(self, "csrf_token", None)
        if csrf is not None and csrf.errors:
            found.append(("", "", _("The form expired. Please send it again.")))
        return found + [("", "", message) for message in self.form_errors]


class ServiceAbout(SectionForm):
    name = _name(_l("Name"), _l("Enter the service's name."))
    alternate_name = StringField(_l("Other name (optional)"), [within(NAME_CHARS)], **TEXT)
    description = _long(_l("Description"), _l("What the service does, in a few plain "
                                              "sentences."))
    url = _web(_l("Website"))
    email = _email(_l("Email"))


class Phones(SectionForm):
    phones = RowsField(_l("Phone numbers"), PhoneRow, _l("Phone %(n)d"))


class Access(SectionForm):
    languages = RowsField(_l("Languages spoken"), LanguageRow, _l("Language %(n)d"))
    interpretation_services = StringField(_l("Interpretation"), [within(SHORT_CHARS)],
                                          **TEXT, description=_l(
                                              "Like: phone interpreters for any language."))
    eligibility_description = _long(_l("Who it serves"))
    minimum_age = AgeField(_l("Youngest age served (optional)"))
    maximum_age = AgeField(_l("Oldest age served (optional)"))
    application_process = _long(_l("How to apply"))
    required_documents = RowsField(_l("What to bring"), DocumentRow, _l("Document %(n)d"))

    def validate_maximum_age(self, field) -> None:
        youngest = self.minimum_age  # None in a form narrowed to the oldest age alone
        low, high = getattr(youngest, "data", None), field.data
        if low and high and not (youngest.errors or field.errors) \
                and float(high) < float(low):
            raise ValidationError(_l("The oldest age must be the same as the youngest "
                                     "age or more."))


class Cost(SectionForm):
    fees_description = _long(_l("Fees"), _l("Like: free; or a sliding scale by income."))
    cost_options = RowsField(_l("Cost options"), CostRow, _l("Cost %(n)d"))


class Navigators(SectionForm):
    intake_notes = _long(_l("Intake notes for navigators"), _l(
        "Only navigators see these: who to ask for, what to send with a referral."))


class Categories(SectionForm):
    taxonomy = TermsField(_l("Categories"))

    def offer(self, values) -> None:
        self.taxonomy.offer(term_list.every_term())


class Spanish(SectionForm):
    spanish = GroupField(SpanishTexts, _l("In Spanish"))


class OrganizationAbout(SectionForm):
    name = _name(_l("Name"), _l("Enter the organization's name."))
    alternate_name = StringField(_l("Other name (optional)"), [within(NAME_CHARS)], **TEXT)
    description = TextAreaField(_l("Description"), [
        DataRequired(_l("Describe the organization in a sentence or two.")),
        within(LONG_CHARS)], **TEXT)
    email = _email(_l("Email"))
    website = _web(_l("Website"))


class LocationAbout(SectionForm):
    name = StringField(_l("Name of the place (optional)"), [within(NAME_CHARS)], **TEXT)
    description = _long(_l("Description"))
    transportation = _long(_l("Getting there"), _l("Like: bus routes 3 and 12 stop at "
                                                   "the door; parking behind the building."))


class Address(SectionForm):
    """A place's street address: needed once it has one; a place without one may be
    left so (``values`` is then empty: nothing to propose)."""

    address = GroupField(AddressParts, _l("Street address"))
    had_address = False

    def offer(self, values) -> None:
        self.had_address = any((values.get("address") or {}).values())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        street = self.address.form.address_1
        if self.had_address and self.address.form.blank() and NO_STREET not in street.errors:
            street.errors = [*street.errors, NO_STREET]
            return False
        return valid

    def values(self) -> dict[str, Any]:
        return {} if self.address.form.blank() else super().values()


class Accessibility(SectionForm):
    accessibility = RowsField(_l("Accessibility"), AccessRow, _l("Feature %(n)d"))


class Languages(SectionForm):
    languages = RowsField(_l("Languages spoken"), LanguageRow, _l("Language %(n)d"))


@dataclass(frozen=True)
class Section:
    name: str
    label: Any
    form: type[SectionForm]
    #: The record's texts shown beside the form, read-only (the English a translation
    #: translates).
    beside: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """The names (``review.fields``) it edits, in the form's order."""
        return tuple(name for name, value in vars(self.form).items()
                     if hasattr(value, "field_class"))


SECTIONS: dict[str, list[Section]] = {
    "service": [
        Section("about", _l("About the service"), ServiceAbout),
        Section("phones", _l("Phone numbers"), Phones),
        Section("access", _l("Who it serves and how to apply"), Access),
        Section("cost", _l("Cost"), Cost),
        Section("navigators", _l("Notes for navigators"), Navigators),
        Section("categories", _l("Categories"), Categories),
        Section("spanish", _l("In Spanish"), Spanish, beside=TRANSLATED_FIELDS),
    ],
    "organization": [
        Section("about", _l("About the organization"), OrganizationAbout),
        Section("phones", _l("Phone numbers"), Phones),
    ],
    "location": [
        Section("about", _l("About the place"), LocationAbout),
        Section("address", _l("Street address"), Address),
        Section("accessibility", _l("Accessibility"), Accessibility),
        Section("phones", _l("Phone numbers"), Phones),
        Section("languages", _l("Languages spoken"), Languages),
    ],
}


def section(resource_type: str, name: str) -> Section:
    """The section ``name`` of a ``resource_type``; KeyError for none."""
    for found in SECTIONS.get(resource_type, ()):
        if found.name == name:
            return found
    raise KeyError(name)


def section_of(resource_type: str, field_name: str) -> Section | None:
    """The section that edits ``field_name``; None for the hours (their own editor)."""
    return next((found for found in SECTIONS.get(resource_type, ())
                 if field_name in found.fields), None)


def section_form(resource_type: str, section_name: str, values: dict[str, Any],
                 formdata=None, only=None, **options) -> SectionForm:
    """The section's form filled with ``values`` (proposal shapes), or with what was
    sent (``formdata``) over them; with ``only`` its fields of those names alone (a
    proposal's, which the review edits). KeyError for an unknown section."""
    found = section(resource_type, section_name)
    mine = {name: values.get(name) for name in found.fields}
    form = found.form(formdata=formdata, data=found.form.form_data(mine), **options)
    form.offer(mine)
    for name in found.fields if only is not None else ():
        if name not in only:
            del form[name]
    return form
