"""The referral form and page: the need first and only its services, each with what a
three-way call needs (organization, a number, intake notes, the listing) and what the
consent lets the provider see; bad input refused in place with nothing stored; the
appointment on the city's clock; the no-consent error said once."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.directory.models import Phone, Service, TaxonomyTerm
from navigator.extensions import db
from navigator.workflow import needs, services
from navigator.workflow.models import Handoff, Referral, Resident
from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING, OTP, TAXONOMY, make_directory

EVICTION = "11c343cc-da83-55b6-bf8e-93bf7d08cdcd"
INTAKE = "Call the intake line after 2 pm; ask for the bed coordinator."
NO_CONSENT = "The resident has no active consent to share information with this organization"


@pytest.fixture
def world(app, staff):
    with app.app_context():
        made = make_directory()
        db.session.add(TaxonomyTerm(id=EVICTION, code="housing.eviction_defense",
                                    name="Eviction defense", description="x",
                                    parent_id=HOUSING, taxonomy_id=TAXONOMY))
        shelter = made["shelter"]
        shelter.intake_notes = INTAKE
        db.session.add(Phone(id=str(uuid.uuid4()), service_id=shelter.id,
                             number="(919) 555-0150"))
        resident = services.create_resident(name="Sam Rivera", language="en")
        housing = needs.create_need(resident, taxonomy_term_id=HOUSING, urgency="today")
        db.session.commit()
        ids = {"resident": resident.id, "housing": housing.id, "shelter": shelter.id,
               "otp": made["otp"].id, "org": shelter.organization_id}
    staff.user()
    client = staff.client()
    staff.sign_in(client)
    ids["client"] = client
    ids["path"] = f"/navigator/residents/{ids['resident']}/referrals/new"
    return ids


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


def _add_need(app, world, term):
    with app.app_context():
        need = needs.create_need(db.session.get(Resident, world["resident"]),
                                 taxonomy_term_id=term, urgency="today")
        db.session.commit()
        return need.id


def _consent(app, world, scope=("contact", "needs")):
    with app.app_context():
        plain_consent(db.session.get(Resident, world["resident"]), [world["org"]],
                      scope=list(scope))
        db.session.commit()


def _stored(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Referral)),
                db.session.scalar(select(func.count()).select_from(AuditEvent).where(
                    AuditEvent.action == "referral.create")))


def test_the_only_need_is_chosen_and_its_services_shown_with_what_a_call_needs(app, world):
    page = world["client"].get(world["path"]).text
    assert "For the need: <strong>Housing</strong>" in page
    assert "shelter service" in page and "otp service" not in page
    assert "shelter org" in page
    assert 'href="tel:(919)555-0150">Call (919) 555-0150</a>' in page
    assert INTAKE in page
    assert f'href="/services/{world["shelter"]}">Listing' in page
    # No consent on file: it is recorded on this page, for that organization.
    assert ("No active consent names shelter org: record the resident's consent on this "
            "page") in page
    assert "Consent, when none is on file for the service you choose" in page
    assert 'name="consent_scope"' in page
    chosen = world["client"].get(world["path"], query_string={"service": world["shelter"]})
    assert "Consent for shelter org" in chosen.text
    # Part 2 treatment keeps its own consent form.
    otp = world["client"].get(world["path"], query_string={"service": world["otp"]}).text
    consent_link = re.search(r'href="([^"]+)">Record a consent for it', otp)
    assert consent_link is None or consent_link[1].startswith(
        f"/navigator/residents/{world['resident']}/consents/new?")


def test_with_several_needs_the_need_comes_first(app, world):
    otp_need = _add_need(app, world, OTP)
    client = world["client"]
    page = client.get(world["path"]).text
    assert '<form method="get"' in page and "Show the services for this need" in page
    assert 'name="service_id"' not in page  # no service before the need
    chosen = client.get(world["path"], query_string={"need": otp_need}).text
    assert "otp service" in chosen and "shelter service" not in chosen
    assert f'<option value="{otp_need}" selected>' in chosen


def test_a_service_for_another_need_is_refused_in_place(app, world):
    eviction = _add_need(app, world, EVICTION)
    client = world["client"]
    page = client.get(world["path"], query_string={"need": eviction}).text
    assert "No active service is listed under this need." in page
    response = client.post(world["path"], data={
        "csrf_token": _token(page), "need": eviction, "service_id": world["shelter"],
        "note": "", "action": "send"})
    assert response.status_code == 400
    assert ("shelter service is not listed under the need Eviction defense: choose one of "
            "the services for this need, or add the need it answers.") in response.text
    assert _stored(app) == (0, 0)


@pytest.mark.parametrize("case", ["no_need", "no_service", "another_residents_need",
                                  "unknown_service", "bad_appointment", "no_token"])
def test_bad_input_is_refused_in_place_and_nothing_is_stored(app, world, case):
    client = world["client"]
    data = {"csrf_token": _token(client.get(world["path"]).text), "need": world["housing"],
            "service_id": world["shelter"], "note": "", "action": "draft"}
    if case == "no_need":
        data["need"] = ""
    elif case == "no_service":
        data["service_id"] = ""
    elif case == "another_residents_need":
        with app.app_context():
            other = services.create_resident(name="Jo Park")
            data["need"] = needs.create_need(other, taxonomy_term_id=HOUSING,
                                             urgency="today").id
            db.session.commit()
    elif case == "unknown_service":
        data["service_id"] = str(uuid.uuid4())
    elif case == "bad_appointment":
        data["appointment_at"] = "next tuesday"
    else:
        del data["csrf_token"]
    response = client.post(world["path"], data=data)
    assert response.status_code == 400
    if case != "no_token":  # a missing token is refused before the form is read
        assert "Please fix these" in response.text and "Sam Rivera" in response.text
    assert _stored(app) == (0, 0)


def test_the_appointment_is_kept_on_the_city_clock_and_shown(app, world):
    client = world["client"]
    response = client.post(world["path"], data={
        "csrf_token": _token(client.get(world["path"]).text), "need": world["housing"],
        "service_id": world["shelter"], "note": "", "action": "draft",
        "appointment_at": "2030-03-04T09:30"})
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.scalars(select(Referral)).one()
        assert referral.appointment_at == datetime(2030, 3, 4, 14, 30, tzinfo=timezone.utc)
    page = client.get(response.headers["Location"]).text
    assert "Appointment: <strong>Monday, March 4, 2030, 9:30\u202fAM</strong>" in page


def test_the_navigator_is_told_before_sending_when_the_note_stays_with_them(app, world):
    _consent(app, world)  # contact and needs, not notes
    client = world["client"]
    form = client.get(world["path"], query_string={"service": world["shelter"]}).text
    assert "shelter org will not see this note" in form
    assert "Consent on file, but it does not cover navigator notes" in form
    response = client.post(world["path"], data={
        "csrf_token": _token(form), "need": world["housing"], "service_id": world["shelter"],
        "note": "prefers a bottom bunk", "action": "draft"})
    page = client.get(response.headers["Location"]).text
    assert "The provider will not see the note on this referral" in page

    _consent(app, world, scope=("contact", "needs", "notes"))
    form = client.get(world["path"], query_string={"service": world["shelter"]}).text
    assert "will not see this note" not in form
    assert "Consent on file: your note will be shared with shelter org." in form
    assert "The provider will not see the note" not in client.get(
        response.headers["Location"]).text


def test_the_no_consent_error_is_said_once(app, world):
    client = world["client"]
    response = client.post(world["path"], data={
        "csrf_token": _token(client.get(world["path"]).text), "need": world["housing"],
        "service_id": world["shelter"], "note": "", "action": "send"})
    assert response.status_code == 302
    url = response.headers["Location"]
    page = client.get(url).text
    assert page.count(NO_CONSENT) == 1 and "Draft" in page
    # The way to the consent form comes back to this referral.
    link = re.search(r'href="([^"]+)">Record a consent for shelter org', page)[1]
    assert "next=" in link and link.startswith(
        f"/navigator/residents/{world['resident']}/consents/new?")
    refused = client.post(f"{url}/status", data={"csrf_token": _token(page), "to": "pending",
                                                 "seen": "draft"})
    # Beside the refused change (and in the form's list of errors), not above it again.
    assert refused.status_code == 400
    summary, _, rest = refused.text.partition('<div class="error-summary"')
    assert NO_CONSENT not in summary and rest.split("</div>", 1)[1].count(NO_CONSENT) == 1


def test_the_referral_page_has_what_a_three_way_call_needs(app, world):
    _consent(app, world)
    client = world["client"]
    response = client.post(world["path"], data={
        "csrf_token": _token(client.get(world["path"]).text), "need": world["housing"],
        "service_id": world["shelter"], "note": "", "action": "send"})
    page = client.get(response.headers["Location"]).text
    assert "Sent, waiting on the provider" in page and NO_CONSENT not in page
    assert "shelter org" in page and 'href="tel:(919)555-0150"' in page
    assert INTAKE in page and f'href="/services/{world["shelter"]}">Listing' in page


def test_a_handoff_keeps_its_appointment(app, world):
    _consent(app, world)
    client = world["client"]
    response = client.post(world["path"], data={
        "csrf_token": _token(client.get(world["path"]).text), "need": world["housing"],
        "service_id": world["shelter"], "note": "", "action": "send"})
    url = response.headers["Location"]
    handoff = {"csrf_token": _token(client.get(url).text), "method": "three_way_call",
               "contact_person": "Ms. Lee", "happened_at": "2026-01-05T10:00",
               "outcome": "intake_scheduled", "notes": ""}
    refused = client.post(f"{url}/handoffs", data={**handoff, "appointment_at": "soon"})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Handoff)) == 0
    saved = client.post(f"{url}/handoffs", data={**handoff,
                                                 "appointment_at": "2030-07-01T08:15"})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Handoff)).one().appointment_at == datetime(
            2030, 7, 1, 12, 15, tzinfo=timezone.utc)
    assert "appointment 7/1/30, 8:15" in client.get(url).text


def test_a_removed_service_is_not_offered(app, world):
    with app.app_context():
        db.session.get(Service, world["shelter"]).status = "inactive"
        db.session.commit()
    page = world["client"].get(world["path"], query_string={"service": world["shelter"]}).text
    assert "shelter service" not in page
    assert "No active service is listed under this need." in page
