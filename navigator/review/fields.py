"""The fields of a listing a provider may propose to change, each read and written one way.

A proposal is stored as plain JSON: a text field as a string (or None), an age as a
number, a list of rows (phones, hours, languages...) as a list of dicts of strings, the
Spanish texts as a dict. ``read`` gives a listing's current value in that same shape, so
that a proposal, the listing as it is now and the review's side-by-side diff compare like
with like; ``write`` applies a value with its ``metadata`` rows
(``navigator.directory.provenance``) in the caller's session.

What is not here cannot be proposed: the organization a service belongs to, its status
(the portal's "today" form and the directory editors set it), ``assured_date`` (a
provider confirms its own listing; ``portal.listings``) and ids.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from navigator.directory import provenance
from navigator.directory.models import (
    TRANSLATED_FIELDS, Accessibility, Address, Attribute, CostOption, Language, Location,
    Organization, Phone, RequiredDocument, Schedule, Service, TaxonomyTerm,
)
from navigator.directory.postal import gazetteer
from navigator.directory.translations import set_translation
from navigator.extensions import db

from .rows import Edit, Rows, as_amount, as_date, as_int, as_json, as_time, text_value


@dataclass(frozen=True)
class Field:
    name: str
    label: Any
    read: Callable[[Any], Any]
    write: Callable[[Any, Any, Edit], None]
    clean: Callable[[Any], Any]


# -- plain text and number columns ---------------------------------------------------------

def _rows(name: str, label, rows: Rows) -> Field:
    return Field(name, label, rows.read, rows.write, rows.clean)


def _age(value: Any) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not 0 <= value <= 130:
        raise ValueError("expected an age in years")
    return float(value)


def _column(name: str, label, clean=text_value) -> Field:
    def write(record, value, edit: Edit) -> None:
        provenance.change(record, {name: value}, updated_by=edit.by, on=edit.on)

    return Field(name, label, lambda record: getattr(record, name), write, clean)


HOURS_COLUMNS = ("byday", "opens_at", "closes_at", "valid_from", "valid_to", "description")
_HOURS_PARSE = {"opens_at": as_time, "closes_at": as_time, "valid_from": as_date,
                "valid_to": as_date}


def _hours(owner: str) -> Rows:
    """Weekly hours: HSDS ``schedule`` rows with ``freq`` WEEKLY, or none (a note such as
    "call before you go"). Other kinds (monthly rules) are left as they are: the editor
    does not show them."""
    return Rows(Schedule, owner, HOURS_COLUMNS, _HOURS_PARSE,
                or_(Schedule.freq == "WEEKLY", Schedule.freq.is_(None)), {"freq": "WEEKLY"})


def _phones(owner: str) -> Rows:
    return Rows(Phone, owner, ("number", "extension", "type", "description"),
                {"extension": as_int})


# -- the service's terms and its Spanish texts --------------------------------------------

def _terms(service) -> list[str]:
    return sorted(db.session.scalars(select(Attribute.taxonomy_term_id).where(
        Attribute.link_entity == "service", Attribute.link_id == service.id)))


def _clean_terms(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of taxonomy terms")
    known = set(db.session.scalars(select(TaxonomyTerm.id).where(TaxonomyTerm.id.in_(value))))
    if set(value) - known:
        raise ValueError("unknown taxonomy terms: " + ", ".join(sorted(set(value) - known)))
    return sorted(set(value))


def _write_terms(service, value: list[str], edit: Edit) -> None:
    before = _terms(service)
    links = db.session.scalars(select(Attribute).where(
        Attribute.link_entity == "service", Attribute.link_id == service.id))
    for link in links:
        if link.taxonomy_term_id not in value:
            db.session.delete(link)
    for term_id in sorted(set(value) - set(before)):
        db.session.add(Attribute(id=str(uuid.uuid4()), link_id=service.id,
                                 link_entity="service", link_type="service_category",
                                 taxonomy_term_id=term_id))
    provenance.note(service, "attribute", as_json(before), as_json(value),
                      updated_by=edit.by, on=edit.on)


SPANISH = "es"


def _spanish(service) -> dict[str, str | None]:
    translation = next((t for t in service.translations if t.language == SPANISH), None)
    return {name: getattr(translation, name, None) for name in TRANSLATED_FIELDS}


def _clean_spanish(value: Any) -> dict[str, str | None]:
    if not isinstance(value, dict) or set(value) - set(TRANSLATED_FIELDS):
        raise ValueError("expected the Spanish texts")
    return {name: text_value(value.get(name)) for name in TRANSLATED_FIELDS}


def _write_spanish(service, value: dict, edit: Edit) -> None:
    set_translation(service, SPANISH, updated_by=edit.by, on=edit.on, **value)


# -- a place's street address --------------------------------------------------------------

ADDRESS_COLUMNS = ("address_1", "address_2", "city", "state_province", "postal_code")


def _physical(location) -> Address | None:
    return next((a for a in sorted(location.addresses, key=lambda a: a.id)
                 if a.address_type == "physical"), None)


def _address(location) -> dict[str, str | None]:
    address = _physical(location)
    return {name: getattr(address, name, None) for name in ADDRESS_COLUMNS}


def _clean_address(value: Any) -> dict[str, str | None]:
    if not isinstance(value, dict) or set(value) - set(ADDRESS_COLUMNS):
        raise ValueError("expected an address")
    address = {name: text_value(value.get(name)) for name in ADDRESS_COLUMNS}
    missing = [n for n in ("address_1", "city", "state_province", "postal_code")
               if not address[n]]
    if missing:
        raise ValueError("an address needs " + ", ".join(missing))
    return address


def _write_address(location, value: dict, edit: Edit) -> None:
    """A new ZIP code moves the pin to that ZIP's centre, marked approximate, until the
    place is geocoded again: a pin left at the old address would send people there."""
    address = _physical(location)
    if address is None:
        address = Address(id=str(uuid.uuid4()), location_id=location.id,
                          address_type="physical",
                          country=current_app.config["NAVIGATOR_COUNTRY"])
        db.session.add(address)
        location.addresses.append(address)
    moved = address.postal_code != value["postal_code"] or address.address_1 != value["address_1"]
    provenance.change(address, value, updated_by=edit.by, on=edit.on)
    area = gazetteer().get((value["postal_code"] or "")[:5])
    if moved and area is not None and area.lat is not None:
        provenance.change(location, {"latitude": area.lat, "longitude": area.lon,
                                     "coordinates_approximate": True},
                          updated_by=edit.by, on=edit.on)


# -- the registry ---------------------------------------------------------------------------

SERVICE: tuple[Field, ...] = (
    _column("name", _l("Name")),
    _column("alternate_name", _l("Other name")),
    _column("description", _l("Description")),
    _column("url", _l("Website")),
    _column("email", _l("Email")),
    _rows("phones", _l("Phones"), _phones("service_id")),
    _rows("hours", _l("Hours"), _hours("service_id")),
    _rows("languages", _l("Languages"), Rows(Language, "service_id", ("name", "code"))),
    _column("interpretation_services", _l("Interpretation")),
    _column("eligibility_description", _l("Who it serves")),
    _column("minimum_age", _l("Youngest age served"), _age),
    _column("maximum_age", _l("Oldest age served"), _age),
    _column("application_process", _l("How to apply")),
    _rows("required_documents", _l("What to bring"),
          Rows(RequiredDocument, "service_id", ("document",))),
    _column("fees_description", _l("Fees")),
    _rows("cost_options", _l("Cost options"), Rows(
        CostOption, "service_id", ("option", "amount", "currency", "amount_description"),
        {"amount": as_amount})),
    _column("intake_notes", _l("Intake notes for navigators")),
    Field("taxonomy", _l("Categories"), _terms, _write_terms, _clean_terms),
    Field("spanish", _l("Spanish text"), _spanish, _write_spanish, _clean_spanish),
)

ORGANIZATION: tuple[Field, ...] = (
    _column("name", _l("Name")),
    _column("alternate_name", _l("Other name")),
    _column("description", _l("Description")),
    _column("email", _l("Email")),
    _column("website", _l("Website")),
    _rows("phones", _l("Phones"), _phones("organization_id")),
)

LOCATION: tuple[Field, ...] = (
    _column("name", _l("Name")),
    _column("description", _l("Description")),
    Field("address", _l("Street address"), _address, _write_address, _clean_address),
    _column("transportation", _l("Getting there")),
    _rows("accessibility", _l("Accessibility"), Rows(
        Accessibility, "location_id", ("description", "details"))),
    _rows("phones", _l("Phones"), _phones("location_id")),
    _rows("hours", _l("Hours"), _hours("location_id")),
    _rows("languages", _l("Languages"), Rows(Language, "location_id", ("name", "code"))),
)

FIELDS: dict[str, dict[str, Field]] = {
    "service": {f.name: f for f in SERVICE},
    "organization": {f.name: f for f in ORGANIZATION},
    "location": {f.name: f for f in LOCATION},
}
MODELS = {"service": Service, "organization": Organization, "location": Location}


def current(resource_type: str, record, names=None) -> dict[str, Any]:
    """The record's current values of ``names`` (all its editable fields by default)."""
    fields = FIELDS[resource_type]
    return {name: fields[name].read(record) for name in (names or fields)}


def clean(resource_type: str, values: Any) -> dict[str, Any]:
    """``values`` checked and put in their stored shape; ValueError names the field."""
    fields = FIELDS[resource_type]
    if not isinstance(values, dict):
        raise ValueError("expected fields and their values")
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError("these fields cannot be changed here: " + ", ".join(sorted(unknown)))
    cleaned = {}
    for name, value in values.items():
        try:
            cleaned[name] = fields[name].clean(value)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
    return cleaned


def apply(resource_type: str, record, values: dict[str, Any], edit: Edit) -> None:
    """Write ``values`` (as ``clean`` left them) to ``record``, with provenance."""
    fields = FIELDS[resource_type]
    for name, value in values.items():
        fields[name].write(record, value, edit)
