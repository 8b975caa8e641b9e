"""From a suggestion to a sent referral in one step when consent is missing: the
suggestions page is itself the referral form, where the navigator picks the service,
records the consent the resident gives for its organization, sends, and records the
warm handoff of the call. Three requests (the page, the form sent, the referral shown),
where it took six; no name or phone in any address; and each part refused in place,
with nothing stored, when it is incomplete or would share without consent."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.extensions import db
from navigator.workflow import services
from navigator.workflow.models import Consent, Handoff, Referral
from tests.workflow.listings_factory import Listings
from tests.workflow.recorded_visits import Visits

NAME, PHONE = "Ana Beltrán", "919-555-0177"
CONSENT = {"consent_scope": ["contact", "needs", "notes"], "consent_valid_until": "2099-12-31",
           "consent_method": "verbal", "consent_witness": "Dana Lee"}
HANDOFF = {"handoff_method": "three_way_call", "handoff_contact_person": "Rosa",
           "handoff_happened_at": "2026-01-05T10:00", "handoff_resident_present": "y",
           "handoff_outcome": "intake_scheduled"}


@pytest.fixture
def pantry_world(app, staff):
    with app.app_context():
        listings = Listings()
        pantry = listings.service("Eastside Pantry", phone="919-555-0123",
                                  intake_notes="Ask for Rosa at the side door.")
        resident = services.create_resident(name=NAME, phone=PHONE, place="27701")
        need = listings.need(resident, words="food for the week")
        db.session.commit()
        ids = {"resident": resident.id, "need": need.id, "pantry": pantry.id,
               "org": listings.org.id}
    staff.user()
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client)
    ids["visits"] = visits
    ids["suggestions"] = f"/navigator/residents/{ids['resident']}/suggestions"
    ids["form"] = f"/navigator/residents/{ids['resident']}/referrals/new"
    return ids


def _stored(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Consent, Referral, Handoff))


def test_refer_with_consent_and_handoff_in_one_step(app, pantry_world):
    world, visits = pantry_world, pantry_world["visits"]
    page = visits.get(world["suggestions"])
    assert "Ask for Rosa at the side door." in page
    assert "No active consent names Bull City Mutual Aid" in page
    referral_url = visits.post(world["form"], {
        "service_id": world["pantry"], "note": "needs a Saturday pickup", "action": "send",
        **CONSENT, **HANDOFF}, form_page=world["suggestions"])
    sent = visits.get(referral_url)
    assert "Sent, waiting on the provider" in sent and "Rosa" in sent
    assert len(visits.urls) == 4  # the page, the form sent, its redirect, the referral

    with app.app_context():
        referral = db.session.scalars(select(Referral)).one()
        assert (referral.status, referral.service_id, referral.need_id) == (
            "pending", world["pantry"], world["need"])
        consent = db.session.scalars(select(Consent)).one()
        assert (consent.method, consent.witness, consent.recipients, consent.purpose) == (
            "verbal", "Dana Lee", [world["org"]], "Referral to Eastside Pantry")
        handoff = referral.handoffs[0]
        assert (handoff.contact_person, handoff.resident_present) == ("Rosa", True)
        actions = [e.action for e in db.session.scalars(
            select(AuditEvent).order_by(AuditEvent.occurred_at, AuditEvent.id))]
        for action in ("consent.create", "referral.create", "referral.status",
                       "handoff.create"):
            assert action in actions
        assert actions.index("consent.create") < actions.index("referral.status")
    for url in visits.urls:
        lowered = url.lower()
        assert "ana" not in lowered.replace("navigator", "") and "beltr" not in lowered
        assert "555" not in url and "0177" not in url, url


@pytest.mark.parametrize("case", ["consent_begun", "verbal_no_witness", "handoff_begun",
                                  "handoff_unsent", "handoff_in_the_future", "no_service"])
def test_each_part_is_refused_in_place_and_nothing_is_stored(app, pantry_world, case):
    world, visits = pantry_world, pantry_world["visits"]
    data = {"service_id": world["pantry"], "note": "", "action": "send"}
    expected = "This is required."
    if case == "consent_begun":
        data["consent_scope"] = ["contact"]
    elif case == "verbal_no_witness":
        data.update(CONSENT, consent_witness="")
        expected = "A verbal consent without a recorded line needs a witness"
    elif case == "handoff_begun":
        data.update(CONSENT, handoff_contact_person="Rosa")
    elif case == "handoff_unsent":
        data.update(HANDOFF)  # no consent: the referral could not be sent
        expected = "The resident has no active consent"
    elif case == "handoff_in_the_future":
        data.update(CONSENT, **{**HANDOFF, "handoff_happened_at": "2099-01-01T10:00"})
        expected = "This time is in the future."
    else:
        data["service_id"] = ""
        expected = "Choose a service."
    page = visits.post(world["form"], data, status=400, form_page=world["suggestions"])
    assert "Please fix these" in page and expected in page
    assert re.search(r'<(div|fieldset) class="field has-error"', page)
    assert _stored(app) == (0, 0, 0)


def test_without_consent_a_draft_is_saved_and_its_page_says_why(app, pantry_world):
    world, visits = pantry_world, pantry_world["visits"]
    url = visits.post(world["form"], {"service_id": world["pantry"], "note": "",
                                      "action": "send"}, form_page=world["suggestions"])
    assert "Draft" in visits.get(url)
    assert _stored(app) == (0, 1, 0)
