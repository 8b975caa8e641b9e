"""The summary's "When" is the appointment on the directory's clock (the referral's own,
else the latest a handoff made), never when the handoff was recorded; the provider's
note on accepting is on it, in the resident's language; a navigator's notes never are."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from navigator.auth.accounts import create_user
from navigator.auth.models import User
from navigator.extensions import db
from navigator.workflow import referrals, services, summary
from navigator.workflow.models import Handoff, Referral, Resident

from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import make_directory

# 15:00 UTC is 10:00 in Durham (EST) on these days.
HANDOFF_RECORDED = datetime(2030, 11, 20, 19, 45, tzinfo=timezone.utc)
EARLIER = datetime(2031, 3, 3, 15, tzinfo=timezone.utc)  # Monday
APPOINTMENT = datetime(2031, 3, 4, 15, tzinfo=timezone.utc)  # Tuesday
REFERRAL_OWN = datetime(2031, 3, 5, 15, tzinfo=timezone.utc)  # Wednesday
NOTE = "Intake at the side door; ask for Ms. Lee"
NAVIGATORS_NOTE = "Resident mentioned a warrant"


@pytest.fixture
def answered(app, staff):
    """A referral the shelter accepted with a note (then a navigator added their own),
    with two handoffs that made appointments, the later one last."""
    navigator_id = staff.user()
    with app.app_context():
        shelter = make_directory()["shelter"]
        provider = create_user("intake@shelter.example.org", staff.password, "provider",
                               shelter.organization_id)
        navigator = db.session.get(User, navigator_id)
        resident = services.create_resident(user=navigator, name="Ana Lopez", language="en")
        plain_consent(resident, [shelter.organization_id])
        referral = referrals.create_referral(resident, shelter, user=navigator)
        referrals.send(referral, user=navigator)
        referrals.change_status(referral, "accepted", user=provider, note=NOTE)
        referrals.change_status(referral, "connected", user=navigator,
                                note=NAVIGATORS_NOTE)
        for recorded, appointment in ((HANDOFF_RECORDED, EARLIER),
                                      (HANDOFF_RECORDED.replace(hour=20), APPOINTMENT)):
            db.session.add(Handoff(referral=referral, method="three_way_call",
                                   contact_person="Intake desk", happened_at=recorded,
                                   appointment_at=appointment, resident_present=True,
                                   outcome="intake_scheduled"))
        db.session.commit()
        return {"resident": resident.id, "referral": referral.id}


@pytest.fixture
def navigator(staff):
    client = staff.client()
    staff.sign_in(client)
    return client


def _page(navigator, ids) -> str:
    response = navigator.get(f"/navigator/residents/{ids['resident']}/summary")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _set(app, model, id_, **fields):
    with app.app_context():
        row = db.session.get(model, id_)
        for name, value in fields.items():
            setattr(row, name, value)
        db.session.commit()


def test_the_appointment_and_the_providers_note_in_english(app, answered, navigator):
    page = _page(navigator, answered)
    assert "When:</strong> Tuesday, March 4, 2031, 10:00\u202fAM" in page
    assert "November 20, 2030" not in page and "Monday, March 3" not in page
    assert f"Note from the provider:</strong> {NOTE}" in page
    assert NAVIGATORS_NOTE not in page


def test_the_same_in_spanish(app, answered, navigator):
    _set(app, Resident, answered["resident"], language="es")
    page = _page(navigator, answered)
    assert "Cuándo:</strong> martes, 4 de marzo de 2031, 10:00" in page
    assert f"Nota del proveedor:</strong> {NOTE}" in page
    assert "Note from the provider" not in page and NAVIGATORS_NOTE not in page


def test_the_referrals_own_appointment_comes_first(app, answered, navigator):
    _set(app, Referral, answered["referral"], appointment_at=REFERRAL_OWN)
    assert "Wednesday, March 5, 2031, 10:00\u202fAM" in _page(navigator, answered)


def test_the_text_message_says_the_same(app, answered):
    with app.test_request_context():
        resident = db.session.get(Resident, answered["resident"])
        resident.language = "es"
        subject, body = summary.render_text(resident, summary.items(resident))
    assert "Cuándo: martes, 4 de marzo de 2031, 10:00" in body
    assert f"Nota del proveedor: {NOTE}" in body and NAVIGATORS_NOTE not in body


def test_nothing_when_there_is_no_appointment_nor_note(app, answered, navigator):
    with app.app_context():
        for handoff in db.session.get(Referral, answered["referral"]).handoffs:
            handoff.appointment_at = None
        for event in db.session.get(Referral, answered["referral"]).events:
            event.note = ""
        db.session.commit()
    page = _page(navigator, answered)
    assert "When:" not in page and "Note from the provider" not in page
