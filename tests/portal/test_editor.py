"""A provider edits its listings section by section in the portal: each change is filed
as a proposal of exactly what changed, the listing waits until an admin approves it,
and then shows it; bad input is refused in place with nothing stored; another
organization's records are not found."""

from __future__ import annotations

import html
import re
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.auth.models import User
from navigator.directory.models import (
    Accessibility, Address, Language, Location, Organization, Phone, Service,
    ServiceAtLocation, TaxonomyTermTranslation,
)
from navigator.extensions import db
from navigator.review import fields, forms, proposals
from navigator.review.models import Proposal
from tests.html_forms import forms_of
from tests.workflow.directory_factory import HOUSING, OTP, SUBSTANCE, make_directory
from tests.workflow.recorded_visits import Visits

PROVIDER = "desk@shelter.example.org"
TODAY = date(2026, 12, 6)
SPANISH_NAMES = {HOUSING: "Vivienda", SUBSTANCE: "Consumo de sustancias",
                 OTP: "Programa de tratamiento con opioides"}
MODELS = {"service": Service, "organization": Organization, "location": Location}


def _id() -> str:
    return str(uuid.uuid4())


def _place(organization_id: str, service_id: str, name: str) -> Location:
    place = Location(id=_id(), location_type="physical", name=name,
                     organization_id=organization_id)
    db.session.add_all([place, ServiceAtLocation(id=_id(), service_id=service_id,
                                                 location_id=place.id)])
    return place


@pytest.fixture
def world(app, staff):
    """The shelter's organization, service and place, each with something in every
    section; the treatment program's alike; a provider for each, the shelter's signed
    in, and an admin."""
    with app.app_context():
        made = make_directory()
        shelter, otp = made["shelter"], made["otp"]
        shelter.eligibility_description, shelter.fees_description = "Adults", "Free"
        shelter.intake_notes = "Call first"
        place = _place(shelter.organization_id, shelter.id, "Front door")
        other_place = _place(otp.organization_id, otp.id, "Clinic")
        db.session.flush()  # the places first: their rows refer to them
        db.session.add_all([
            Phone(id=_id(), service_id=shelter.id, number="919-555-0100", type="voice"),
            Phone(id=_id(), organization_id=shelter.organization_id, number="919-555-0150"),
            Phone(id=_id(), location_id=place.id, number="919-555-0190"),
            Address(id=_id(), location_id=place.id, address_type="physical",
                    address_1="1 Main St", city="Durham", state_province="NC",
                    postal_code="27701", country="US"),
            Accessibility(id=_id(), location_id=place.id, description="Ramp"),
            Language(id=_id(), location_id=place.id, name="English", code="en"),
            *(TaxonomyTermTranslation(taxonomy_term_id=term, language="es", name=name)
              for term, name in SPANISH_NAMES.items())])
        ids = {"service": shelter.id, "organization": shelter.organization_id,
               "location": place.id, "other service": otp.id,
               "other organization": otp.organization_id, "other location": other_place.id}
        db.session.commit()
    staff.user(PROVIDER, "provider", ids["organization"])
    staff.user("desk@otp.example.org", "provider", ids["other organization"])
    ids["admin"] = staff.user("admin@example.org", "admin")
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client, PROVIDER)
    return ids, visits


def test_every_field_but_the_hours_has_one_section():
    for kind, editable in fields.FIELDS.items():
        named = [name for section in forms.SECTIONS[kind] for name in section.fields]
        assert sorted(named) == sorted(set(editable) - {"hours"}), kind
        assert forms.section_of(kind, "hours") is None
        assert all(name in forms.section_of(kind, name).fields for name in named)


def _page(kind: str, record_id: str) -> str:
    return "/provider/organization" if kind == "organization" else \
        f"/provider/{kind}s/{record_id}"


def _as_sent(page: str, path: str, changes: dict) -> dict[str, list[str]]:
    """The section form of ``page`` as a browser sends it, with ``changes`` (a name ->
    a value, or the list of boxes to check)."""
    [form] = [f for f in forms_of(page, path) if f.method == "post"
              and "/edit/" in f.action]
    sent: dict[str, list[str]] = {}
    for f in form.fields:
        if f.kind == "checkbox":
            sent.setdefault(f.name, []).extend([f.value] if f.chosen else [])
        elif f.kind != "button":
            sent.setdefault(f.name, []).append(f.value or (
                f.options[0] if f.kind == "select" and f.options else ""))
    for name, value in changes.items():
        sent[name] = value if isinstance(value, list) else [value]
    return sent


def _send(visits, kind, record_id, section, changes, status=302):
    path = f"/provider/{kind}/{record_id}/edit/{section}"
    data = _as_sent(visits.get(path), path, changes)
    response = visits.client.post(path, data=data)
    assert response.status_code == status, response.get_data(as_text=True)[:3000]
    return response


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


NONE_PHONE = {"extension": None, "type": None, "description": None}
ROUND_TRIPS = [
    ("service", "about", 'value="shelter service"', {"description": "Beds for adults"},
     {"description": "Beds for adults"}, "Beds for adults"),
    ("service", "phones", 'value="919-555-0100"',
     {"phones-1-number": "919-555-0142", "phones-1-type": "text"},
     {"phones": [{"number": "919-555-0100", **NONE_PHONE, "type": "voice"},
                 {"number": "919-555-0142", **NONE_PHONE, "type": "text"}]}, "919-555-0142"),
    ("service", "access", "Adults</textarea>",
     {"minimum_age": "18", "languages-0-name": "Spanish", "languages-0-code": "es"},
     {"minimum_age": 18.0, "languages": [{"name": "Spanish", "code": "es"}]}, "Spanish · es"),
    ("service", "cost", "Free</textarea>",
     {"cost_options-0-option": "Visit", "cost_options-0-amount": "$25"},
     {"cost_options": [{"option": "Visit", "amount": "25", "currency": None,
                        "amount_description": None}]}, "Visit · 25"),
    ("service", "navigators", "Call first</textarea>", {"intake_notes": "Ask for Dana"},
     {"intake_notes": "Ask for Dana"}, "Ask for Dana"),
    ("service", "categories", f'value="{HOUSING}" checked', {"taxonomy": [HOUSING, OTP]},
     {"taxonomy": sorted([HOUSING, OTP])}, "Opioid treatment program"),
    ("service", "spanish", '<span class="text" lang="en">shelter service</span>',
     {"spanish-name": "Albergue"}, {"spanish": {
         "name": "Albergue", "description": None, "eligibility_description": None,
         "application_process": None}}, '<dd class="text" lang="es">Albergue</dd>'),
    ("organization", "about", 'value="shelter org"', {"website": "www.shelter.example.org"},
     {"website": "https://www.shelter.example.org"}, "https://www.shelter.example.org"),
    ("organization", "phones", 'value="919-555-0150"', {"phones-0-number": "919-555-0177"},
     {"phones": [{"number": "919-555-0177", **NONE_PHONE}]}, "919-555-0177"),
    ("location", "about", 'value="Front door"', {"transportation": "Bus 3 stops here"},
     {"transportation": "Bus 3 stops here"}, "Bus 3 stops here"),
    ("location", "address", 'value="1 Main St"', {"address-address_2": "Suite 2"},
     {"address": {"address_1": "1 Main St", "address_2": "Suite 2", "city": "Durham",
                  "state_province": "NC", "postal_code": "27701"}}, "1 Main St, Suite 2"),
    ("location", "accessibility", 'value="Ramp"', {"accessibility-1-description": "Lift"},
     {"accessibility": [{"description": "Lift", "details": None},
                        {"description": "Ramp", "details": None}]}, "Lift"),
    ("location", "phones", 'value="919-555-0190"', {"phones-0-extension": "12"},
     {"phones": [{"number": "919-555-0190", **NONE_PHONE, "extension": "12"}]},
     "919-555-0190 · 12"),
    ("location", "languages", 'value="English"',
     {"languages-1-name": "Vietnamese", "languages-1-code": "vi"},
     {"languages": [{"name": "English", "code": "en"}, {"name": "Vietnamese", "code": "vi"}]},
     "Vietnamese · vi"),
]


@pytest.mark.parametrize("kind, section, prefilled, changes, proposed, shown", ROUND_TRIPS,
                         ids=[f"{k} {s}" for k, s, *_ in ROUND_TRIPS])
def test_a_section_round_trips_through_review(app, world, kind, section, prefilled, changes,
                                              proposed, shown):
    ids, visits = world
    record_id = ids[kind]
    assert prefilled in visits.get(f"/provider/{kind}/{record_id}/edit/{section}")
    response = _send(visits, kind, record_id, section, changes)
    assert response.headers["Location"] == _page(kind, record_id)
    page = html.unescape(visits.get(_page(kind, record_id)))
    assert "Sent for review: an administrator will check it; the listing shows the change " \
        "once approved." in page
    assert "Waiting for review since" in page
    with app.app_context():
        [proposal] = db.session.scalars(select(Proposal)).all()
        assert (proposal.resource_type, proposal.resource_id, proposal.status) == (
            kind, record_id, "pending")
        assert proposal.values == proposed
        record = db.session.get(MODELS[kind], record_id)
        assert fields.current(kind, record, list(proposed)) == proposal.previous  # untouched
        proposals.approve(proposal.id, db.session.get(User, ids["admin"]), TODAY)
        db.session.commit()
    page = visits.get(_page(kind, record_id))
    assert shown in html.unescape(page) and "Waiting for review since" not in page
    assert "Approved" in page


def test_sending_the_form_unchanged_files_nothing(app, world):
    ids, visits = world
    with app.app_context():  # a place without an address may stay so
        bare = _place(ids["organization"], ids["service"], "Mobile van").id
        db.session.commit()
    for kind, record_id, section in (("service", ids["service"], "about"),
                                     ("location", bare, "address")):
        _send(visits, kind, record_id, section, {})
        assert "Nothing changed." in visits.get(_page(kind, record_id))
    with app.app_context():
        assert _count(Proposal) == 0


BAD_INPUT = [
    ("service", "about", {"name": ""}, "name", "Enter the service's name."),
    ("service", "about", {"name": "x" * 201}, "name", "Use 200 characters or fewer."),
    ("service", "about", {"email": "not an email"}, "email",
     "Enter an email address like name@example.org."),
    ("service", "about", {"url": "javascript:alert(1)"}, "url",
     "Enter a web address like https://www.example.org."),
    ("service", "phones", {"phones-1-number": "call us"}, "phones-1-number",
     "Enter a phone number like 919-555-0123"),
    ("service", "phones", {"phones-0-extension": "12a"}, "phones-0-extension",
     "Enter the extension in digits only"),
    ("service", "phones", {"phones-1-description": "Fax"}, "phones-1-number",
     "Enter the number, or empty the row."),
    ("service", "access", {"minimum_age": "200"}, "minimum_age",
     "Enter an age in years from 0 to 130, like 18."),
    ("service", "access", {"minimum_age": "30", "maximum_age": "20"}, "maximum_age",
     "The oldest age must be the same as the youngest age or more."),
    ("service", "access", {"languages-0-name": "Klingon", "languages-0-code": "tlhx"},
     "languages-0-code", "Enter a language code like es (Spanish)"),
    ("service", "cost", {"cost_options-0-option": "Visit", "cost_options-0-amount": "a lot"},
     "cost_options-0-amount", "Enter an amount like 25 or 12.50."),
    ("service", "cost", {"cost_options-0-option": "Visit",
                         "cost_options-0-currency": "dollars"},
     "cost_options-0-currency", "Enter a three-letter currency code, like USD."),
    ("service", "categories", {"taxonomy": [HOUSING, "not-a-term"]}, "taxonomy",
     "Choose categories from the list."),
    ("service", "spanish", {"spanish-name": "Albergue\x00"}, "spanish-name",
     "This has a character we cannot save"),
    ("organization", "about", {"description": ""}, "description",
     "Describe the organization in a sentence or two."),
    ("location", "address", {"address-postal_code": "2770"}, "address-postal_code",
     "Enter a 5-digit ZIP code, like 27701."),
    ("location", "address", {"address-address_1": " "}, "address-address_1",
     "Enter the street address."),
    ("location", "address", {"address-address_1": "", "address-city": "",
                             "address-state_province": "", "address-postal_code": ""},
     "address-address_1", "Enter the street address."),
    ("service", "cost", {"cost_options-0-currency": "USD"}, "cost_options-0-option",
     "Say what the cost is for, or empty the row."),
]


@pytest.mark.parametrize("kind, section, changes, field_id, message", BAD_INPUT,
                         ids=[f"{k} {s} {i}" for k, s, _, i, _m in BAD_INPUT])
def test_bad_input_is_refused_in_place_and_nothing_stored(app, world, kind, section, changes,
                                                           field_id, message):
    ids, visits = world
    response = _send(visits, kind, ids[kind], section, changes, status=400)
    page = html.unescape(response.get_data(as_text=True))
    beside = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
    assert beside and beside[1].startswith(message), page[:3000]
    assert f'aria-describedby="{field_id}' in page or f'id="{field_id}"' in page
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert f'href="#{field_id}"' in summary and message in summary
    assert "<title>Error: " in page
    with app.app_context():
        assert _count(Proposal) == 0
        assert not db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "proposal.create")).all()


@pytest.mark.parametrize("kind, key", [
    ("service", "other service"), ("organization", "other organization"),
    ("location", "other location"), ("service", "no such id"), ("program", "service")])
def test_another_organizations_records_are_not_found(app, world, kind, key):
    ids, visits = world
    record_id = ids.get(key, key)
    path = f"/provider/{kind}/{record_id}/edit/about"
    visits.get(path, status=404)
    token = visits.token("/provider")
    response = visits.client.post(path, data={"csrf_token": token, "name": "Mine now"})
    assert response.status_code == 404
    if kind in ("service", "location"):
        visits.get(f"/provider/{kind}s/{record_id}", status=404)
    with app.app_context():
        assert _count(Proposal) == 0


def test_an_unknown_section_is_not_found(world):
    ids, visits = world
    for kind, section in (("service", "hours"), ("service", "address"),
                          ("organization", "spanish"), ("location", "nothing")):
        visits.get(f"/provider/{kind}/{ids[kind]}/edit/{section}", status=404)


def test_only_providers_edit(app, staff, world):
    ids, _ = world
    staff.user()
    navigator = staff.client()
    staff.sign_in(navigator)
    assert navigator.get(f"/provider/service/{ids['service']}/edit/about").status_code == 403
    assert navigator.get("/provider/organization").status_code == 403


def test_the_category_search_filters_and_shows_spanish_names(world):
    ids, visits = world
    path = f"/provider/service/{ids['service']}/edit/categories"
    every = visits.get(path)
    assert every.index("Housing") < every.index("Opioid treatment program") \
        < every.index("Substance use")  # the chosen first, then by name
    found = visits.get(f"{path}?q=consumo")
    assert "Substance use" in found and '<span lang="es">Consumo de sustancias</span>' in found
    assert "Opioid treatment program" not in found
    assert "Housing" in found and "Vivienda" in found  # chosen: kept, so not dropped
    assert "Substance use" not in visits.get(f"{path}?q=opioid")
    assert "No other category matches that search." in visits.get(f"{path}?q=zebra+crossing")
    assert "No other category" not in found


def test_the_spanish_texts_show_on_the_spanish_page_once_approved(app, world):
    ids, visits = world
    page = visits.get(f"/provider/service/{ids['service']}/edit/spanish")
    assert 'lang="es"' in re.search(r'<input[^>]* id="spanish-name"[^>]*>', page)[0]
    _send(visits, "service", ids["service"], "spanish", {
        "spanish-name": "Albergue del centro", "spanish-description": "Camas para adultos"})
    public = visits.client.application.test_client()
    assert "Albergue del centro" not in public.get(f"/es/services/{ids['service']}").get_data(
        as_text=True)
    with app.app_context():
        [proposal] = db.session.scalars(select(Proposal)).all()
        proposals.approve(proposal.id, db.session.get(User, ids["admin"]), TODAY)
        db.session.commit()
    spanish = public.get(f"/es/services/{ids['service']}").get_data(as_text=True)
    assert '<h1 lang="es">Albergue del centro</h1>' in spanish
    assert '<p lang="es">Camas para adultos</p>' in spanish


def test_a_rejection_shows_with_the_admins_note(app, world):
    ids, visits = world
    _send(visits, "service", ids["service"], "about", {"name": "Best shelter in town"})
    with app.app_context():
        [proposal] = db.session.scalars(select(Proposal)).all()
        proposals.reject(proposal.id, db.session.get(User, ids["admin"]),
                         "Please keep the official name.")
        db.session.commit()
    page = visits.get(_page("service", ids["service"]))
    assert "Not approved" in page and "Please keep the official name." in page
    assert "Please keep the official name." in visits.get("/provider/organization")
    with app.app_context():
        assert db.session.get(Service, ids["service"]).name == "shelter service"


def test_the_portal_leads_to_every_listing_and_section(world):
    ids, visits = world
    home = visits.get("/provider")
    assert 'href="/provider/organization"' in home
    assert f'href="/provider/services/{ids["service"]}"' in home
    overview = visits.get("/provider/organization")
    assert f'href="/provider/services/{ids["service"]}"' in overview
    assert f'href="/provider/locations/{ids["location"]}"' in overview
    assert ids["other service"] not in overview and ids["other location"] not in overview
    for kind in ("organization", "service", "location"):
        page = visits.get(_page(kind, ids[kind]))
        for section in re.findall(rf'href="/provider/{kind}/{ids[kind]}/edit/(\w+)"', page):
            visits.get(f"/provider/{kind}/{ids[kind]}/edit/{section}")
    service = visits.get(_page("service", ids["service"]))
    assert f'href="/provider/listings/{ids["service"]}/today"' in service
    assert f'href="/services/{ids["service"]}"' in service
    assert f'href="/services/{ids["service"]}#location-{ids["location"]}"' in visits.get(
        _page("location", ids["location"]))


def test_the_editor_speaks_spanish(app, world):
    ids, visits = world
    visits.client.set_cookie("lang", "es")  # as the public pages' switch sets it
    assert "Enviar para revisión" in visits.get(
        f"/provider/service/{ids['service']}/edit/about")
    response = _send(visits, "service", ids["service"], "about", {"name": ""}, status=400)
    assert "Escriba el nombre del servicio." in response.get_data(as_text=True)
    _send(visits, "service", ids["service"], "about", {"name": "Albergue"})
    assert "Enviado para revisión" in visits.get(_page("service", ids["service"]))
