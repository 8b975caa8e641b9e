"""The whole flow through the test client, from a public callback request to a connected
referral, with audit events for each view and change and no name or phone in any URL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.extensions import db
from navigator.workflow.models import FollowUp, Handoff, Referral, Resident

from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.recorded_visits import Visits

NAME, PHONE = "Marisol Quintero", "(919) 555-0148"


def _actions():
    return [(e.action, e.entity_type) for e in db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.id))]


@pytest.fixture
def directory(app, staff):
    with app.app_context():
        made = make_directory()
        db.session.commit()
        return {key: (s.id, s.organization_id) for key, s in made.items()}


def test_callback_to_connected(app, staff, directory):
    shelter, organization = directory["shelter"]
    public = staff.client()
    assert public.post("/callback", data={
        "csrf_token": staff.csrf(public, "/callback"), "name": NAME, "phone": PHONE,
        "language": "es", "best_time": "any", "need": "Necesito un lugar para dormir",
        "consent": "y"}).status_code == 302

    staff.user()
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client)

    # The queue, then one page: the record, with the need in the person's words.
    queue = visits.get("/navigator/callbacks")
    assert NAME in queue
    callback_id = re.search(r'href="/navigator/callbacks/([^/"]+)/record"', queue)[1]
    record_page = f"/navigator/callbacks/{callback_id}/record"
    assert "Necesito un lugar para dormir" in visits.get(record_page)
    suggestions_url = visits.post(record_page, {
        "name": NAME, "phone": PHONE, "email": "", "preferred_contact": "phone",
        "language": "es", "best_time": "any", "birth_year": "", "place": "", "notes": "",
        "taxonomy_term_id": HOUSING, "urgency": "today",
        "own_words": "Necesito un lugar para dormir"})
    assert suggestions_url.endswith("/suggestions")  # what comes next: finding a service
    resident_url = suggestions_url.removesuffix("/suggestions")
    page = visits.get(resident_url)
    assert NAME in page and "No consent recorded" in page
    with app.app_context():
        resident = db.session.scalars(select(Resident)).one()
        resident_id = resident.id
        assert resident.callback_request_id == callback_id and resident.language == "es"
        assert resident.phone_digits == "9195550148"
        assert [n.own_words for n in resident.needs] == ["Necesito un lugar para dormir"]
    assert resident_url == f"/navigator/residents/{resident_id}"
    assert "No new requests" in visits.get("/navigator/callbacks")

    # Found by name and by phone (POSTed, never in the address).
    for terms in ("marisol", "919-555-0148"):
        found = visits.post("/navigator/residents", {"terms": terms}, status=200)
        assert resident_url in found

    # A referral that cannot be sent without consent: saved as a draft.
    form = visits.get(f"/navigator/residents/{resident_id}/referrals/new")
    assert "shelter service" in form and "otp service" not in form
    with app.app_context():
        need_id = db.session.scalars(select(Resident)).one().needs[0].id
    referral_url = visits.post(f"/navigator/residents/{resident_id}/referrals/new", {
        "need": need_id, "service_id": shelter, "action": "send", "note": ""})
    page = visits.get(referral_url)
    assert "no active consent" in page and "Draft" in page

    # Consent, then send.
    visits.post(f"/navigator/residents/{resident_id}/consents/new", {
        "scope": ["contact", "needs"], "recipients": [organization],
        "purpose": "Shelter referral", "valid_until": "2099-01-01",
        "method": "verbal_recorded_line"})
    referral_id = referral_url.rsplit("/", 1)[1]
    visits.post(f"{referral_url}/status", {"to": "pending", "reason": "", "note": ""},
                form_page=referral_url)
    home = visits.get("/navigator")
    assert "Referrals waiting on a provider" in home and referral_url in home

    # A forbidden change is refused in place.
    refused = visits.post(f"{referral_url}/status", {"to": "connected"}, status=400,
                          form_page=referral_url)
    assert "cannot become connected" in refused

    # Warm handoff, the provider accepts, the follow-up is done, connected.
    visits.post(f"{referral_url}/handoffs", {
        "method": "three_way_call", "contact_person": "Intake desk, Ms. Lee",
        "happened_at": "2026-11-26T10:30", "resident_present": "y",
        "outcome": "intake_scheduled", "notes": ""}, form_page=referral_url)
    visits.post(f"{referral_url}/status", {"to": "accepted"}, form_page=referral_url)
    with app.app_context():
        follow_up_id = db.session.scalars(select(FollowUp)).one().id
    visits.post(f"/navigator/follow-ups/{follow_up_id}/done", {
        "outcome": "waiting", "notes": "intake tomorrow"}, form_page=resident_url)
    visits.post(f"{referral_url}/status", {"to": "connected", "note": "got a bed"},
                form_page=referral_url)

    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == "connected"
        assert [e.to_status for e in referral.events] == [
            "draft", "pending", "accepted", "connected"]
        assert db.session.scalars(select(Handoff)).one().resident_present is True
        assert db.session.scalars(select(FollowUp)).one().outcome == "waiting"
        actions = set(_actions())
        for expected in [("callback_request.record_made", "callback_request"),
                         ("resident.create", "resident"), ("resident.view", "resident"),
                         ("resident.search", "resident"), ("need.create", "need"),
                         ("consent.create", "consent"), ("referral.create", "referral"),
                         ("referral.view", "referral"), ("referral.status", "referral"),
                         ("handoff.create", "handoff"), ("follow_up.done", "follow_up")]:
            assert expected in actions
        events = db.session.scalars(select(AuditEvent)).all()
        assert all(e.user_role == "navigator" for e in events if e.user_id)

    # No name or phone in any address the flow visited.
    # (Whole names and numbers: a random id may well hold "919" or "555".)
    pieces = ["marisol", "quintero", "9195550148", "919-555", "555-0148", "(919)"]
    for url in visits.urls:
        assert not any(p in url.lower() for p in pieces), url


def test_a_consent_missing_part2_elements_is_refused_in_place(app, staff, directory):
    _, organization = directory["otp"]
    staff.user()
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client)
    resident_url = visits.post("/navigator/residents/new", {
        "name": "Sam", "phone": "", "preferred_contact": "none", "language": "en",
        "birth_year": "34", "notes": ""})
    page = visits.post(f"{resident_url}/consents/new", {
        "scope": ["substance_use"], "recipients": [organization], "purpose": "Treatment",
        "valid_until": "2099-01-01", "method": "written", "part2": "y",
        "part2_patient_name": "Sam"}, status=400)
    assert "A Part 2 consent needs" in page and "the signature" in page
    with app.app_context():
        assert db.session.scalars(select(Resident)).one().consents == []
