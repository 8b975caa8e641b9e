"""Edit, then approve (/admin/review/proposals/<id>): the proposal shown in the listing's
own forms, those the provider filled in, one per section it touches and only its fields;
texts, ages, rows, the Spanish texts, categories, the address and the hours are edited
before approving, the listing takes the edited values, and a bad edit is refused in place
(400) with nothing applied."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from navigator.directory.models import Location, Metadata, Service
from navigator.extensions import db
from navigator.review import fields
from navigator.review.models import Proposal

from tests.admin.review_world import ADMIN, PROVIDER, make_world
from tests.html_forms import forms_of
from tests.workflow.directory_factory import HOUSING, OTP, SUBSTANCE

NINE_TO_FIVE = {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}


@pytest.fixture
def world(app, staff):
    return make_world(app, staff)


def _page(world, proposal_id: str, status: int = 200) -> str:
    response = world.get("admin", f"/admin/review/proposals/{proposal_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:3000]
    return html


def _as_sent(html: str, path: str) -> dict[str, list[str]]:
    """The page's edit form as a browser sends it untouched."""
    [form] = [f for f in forms_of(html, path) if f.action.endswith("/edit")]
    sent: dict[str, list[str]] = {}
    for f in form.fields:
        if f.kind in ("checkbox", "radio"):
            sent.setdefault(f.name, []).extend([f.value] if f.chosen else [])
        elif f.kind != "button":
            sent.setdefault(f.name, []).append(f.value or (
                f.options[0] if f.kind == "select" and f.options else ""))
    return sent


def _edit(world, proposal_id: str, changes: dict, status: int = 302) -> str:
    """Send the edit form with ``changes`` (a name -> a value, or the boxes checked)."""
    path = f"/admin/review/proposals/{proposal_id}"
    sent = _as_sent(_page(world, proposal_id), path)
    sent.update({name: value if isinstance(value, list) else [value]
                 for name, value in changes.items()})
    response = world.clients["admin"].post(f"{path}/edit", data=sent)
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:3000]
    return html


def _now(app, kind: str, record_id: str, names: list[str]) -> dict:
    with app.app_context():
        model = Service if kind == "service" else Location
        return fields.current(kind, db.session.get(model, record_id), names)


def _proposal(app, proposal_id: str) -> Proposal:
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        db.session.expunge(proposal)
        return proposal


def _value(html: str, name: str) -> str:
    """What an input or textarea named ``name`` shows."""
    found = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>\r?\n?([^<]*)', html)
    assert found, name
    shown = re.search(r'value="([^"]*)"', found[0])
    return shown[1] if shown else found[1]


def _service_proposal(world) -> str:
    return world.propose("service", "shelter", {
        "description": "Beds for adulst", "minimum_age": 18,
        "phones": [{"number": "919-555-0142", "type": "voice"}],
        "spanish": {"description": "Camas para adulots"},
        "taxonomy": sorted([HOUSING, SUBSTANCE]), "hours": [NINE_TO_FIVE]})


def test_the_proposal_is_shown_in_the_providers_forms_with_its_fields_only(app, world):
    html = _page(world, _service_proposal(world))
    assert _value(html, "about-description") == "Beds for adulst"
    assert _value(html, "access-minimum_age") == "18"
    assert _value(html, "phones-phones-0-number") == "919-555-0142"
    assert re.search(r'name="phones-phones-0-type"><option value="">[^/]*</option>'
                     r'<option selected value="voice">', html)
    assert _value(html, "phones-phones-1-number") == ""  # a row to add
    assert _value(html, "spanish-spanish-description") == "Camas para adulots"
    # The English beside the Spanish is the listing as the proposal would leave it.
    original = html.split('id="spanish-spanish-description-original"')[1][:300]
    assert "Beds for adulst" in original
    assert re.search(rf'name="categories-taxonomy"[^>]*value="{SUBSTANCE}" checked', html)
    assert _value(html, "hours-monday-opens_1") == "09:00"
    assert re.search(r'checked[^>]*name="hours-saturday-state"[^>]*value="closed"', html)
    # The rest of each section is not the proposal's: not offered, so never dropped.
    for other in ("about-name", "about-url", "access-maximum_age", "access-languages"):
        assert f'name="{other}' not in html
    assert "approved as proposed" not in html


def test_every_kind_of_field_is_edited_then_approved(app, world):
    proposal_id = _service_proposal(world)
    _edit(world, proposal_id, {
        "about-description": "Beds for adults", "access-minimum_age": "21",
        "phones-phones-0-number": "919-555-0143", "phones-phones-0-type": "cell",
        "phones-phones-1-number": "919-555-0144",
        "spanish-spanish-description": "Camas para adultos",
        "categories-taxonomy": [HOUSING, OTP],
        "hours-friday-state": "closed", "hours-friday-opens_1": "",
        "hours-friday-closes_1": "", "hours-saturday-state": "hours",
        "hours-saturday-opens_1": "10:00", "hours-saturday-closes_1": "14:00",
        "note": "Fixed the typos."})
    now = _now(app, "service", world.ids["shelter"], [
        "description", "minimum_age", "phones", "spanish", "taxonomy", "hours"])
    assert (now["description"], now["minimum_age"]) == ("Beds for adults", 21)
    assert [(p["number"], p["type"]) for p in now["phones"]] == [
        ("919-555-0143", "cell"), ("919-555-0144", None)]
    assert now["spanish"]["description"] == "Camas para adultos"
    assert now["taxonomy"] == sorted([HOUSING, OTP])
    assert sorted((h["byday"], h["opens_at"], h["closes_at"]) for h in now["hours"]) == [
        ("MO,TU,WE,TH", "09:00", "17:00"), ("SA", "10:00", "14:00")]
    proposal = _proposal(app, proposal_id)
    assert (proposal.status, proposal.review_note) == ("approved", "Fixed the typos.")
    assert proposal.values["description"] == "Beds for adults"
    assert proposal.values["hours"] == now["hours"]
    with app.app_context():  # the provider proposed it: the history names them
        assert set(db.session.scalars(select(Metadata.updated_by))) == {PROVIDER}
    again = world.post("admin2", f"/admin/review/proposals/{proposal_id}/edit",
                       note="Me too")
    assert again.status_code == 409
    assert f"Already approved by {ADMIN}." in again.get_data(as_text=True)


def test_a_place_address_is_edited_then_approved(app, world):
    proposal_id = world.propose("location", "place", {"address": {
        "address_1": "9 Elm Stt", "city": "Durham", "state_province": "NC",
        "postal_code": "27701"}})
    html = _page(world, proposal_id)
    assert _value(html, "address-address-address_1") == "9 Elm Stt"
    assert 'name="about-name"' not in html
    _edit(world, proposal_id, {"address-address-address_1": "9 Elm St",
                               "address-address-address_2": "Suite 4"})
    address = _now(app, "location", world.ids["place"], ["address"])["address"]
    assert address == {"address_1": "9 Elm St", "address_2": "Suite 4", "city": "Durham",
                       "state_province": "NC", "postal_code": "27701"}


BAD_EDITS = [
    ("service", "access-minimum_age", "ten",
     "Enter an age in years from 0 to 130, like 18."),
    ("service", "phones-phones-0-number", "call the desk",
     "Enter a phone number like 919-555-0123"),
    ("service", "spanish-spanish-name", "N" * 201, "Use 200 characters or fewer."),
    ("service", "hours-monday-closes_1", "", "Enter when it closes."),
    ("service", "hours-tuesday-opens_1", "25:00", "Enter a time such as 9:00"),
    ("location", "address-address-address_1", "", "Enter the street address."),
    ("location", "address-address-postal_code", "2770", "Enter a 5-digit ZIP code"),
]


@pytest.mark.parametrize("kind, name, typed, message", BAD_EDITS,
                         ids=[edit[1] for edit in BAD_EDITS])
def test_a_bad_edit_is_refused_in_place_and_nothing_is_applied(app, world, kind, name,
                                                               typed, message):
    if kind == "service":
        proposal_id = _service_proposal(world)
        record, names = world.ids["shelter"], ["description", "phones", "spanish", "hours"]
    else:
        proposal_id = world.propose("location", "place", {"address": {
            "address_1": "9 Elm St", "city": "Durham", "state_province": "NC",
            "postal_code": "27701"}})
        record, names = world.ids["place"], ["address"]
    before = _now(app, kind, record, names)
    html = _edit(world, proposal_id, {name: typed, "about-description": "Beds for all"},
                 status=400)
    error = html.split(f'id="{name}-error"')[1][:300]
    assert message in error
    assert re.search(rf'<[^>]*aria-invalid="true"[^>]*name="{name}"', html)
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert f'href="#{name}"' in summary and message in summary
    if typed:
        assert _value(html, name) == typed  # what was typed is shown again
    if kind == "service":
        assert _value(html, "about-description") == "Beds for all"
    assert html.startswith("<!doctype html>") and "<title>Error:" in html
    assert _proposal(app, proposal_id).status == "pending"
    assert _now(app, kind, record, names) == before
    with app.app_context():
        assert not db.session.scalars(select(Metadata)).all()



def test_the_edit_is_in_spanish(app, world):
    proposal_id = _service_proposal(world)
    world.clients["admin"].set_cookie("lang", "es")
    html = _page(world, proposal_id)
    assert "Se muestra con el horario en la ficha pública" in html
    assert "Descripción en español" in html and "Lunes" in html
