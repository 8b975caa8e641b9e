"""Keeping a resident's record: correcting it, recording contacts (each brings a follow-up),
marking needs met or closed; bad input is refused in place and changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.extensions import db
from navigator.workflow import services
from navigator.workflow.models import Encounter, FollowUp, Need, Resident

from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.recorded_visits import Visits


@pytest.fixture
def visit(app, staff):
    staff.user()
    with app.app_context():
        make_directory()
        resident = services.create_resident(name="Lee Example", phone="919-555-0111",
                                            email="lee@example.org", birth_year=1990)
        need = Need(resident=resident, taxonomy_term_id=HOUSING, urgency="today")
        db.session.add(need)
        db.session.commit()
        ids = {"resident": resident.id, "need": need.id}
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client)
    return ids, visits


def _fields(**changes):
    fields = {"name": "Lee Example", "phone": "919-555-0111", "email": "lee@example.org",
              "preferred_contact": "phone", "language": "en", "place": "",
              "birth_year": "1990", "notes": ""}
    fields.update(changes)
    return fields


def _local(app, when: datetime) -> str:
    return when.astimezone(ZoneInfo(app.config["NAVIGATOR_TIMEZONE"])).strftime("%Y-%m-%dT%H:%M")


def test_a_record_is_corrected_and_audited(app, visit):
    ids, visits = visit
    url = f"/navigator/residents/{ids['resident']}/edit"
    page = visits.get(url)
    assert 'value="919-555-0111"' in page and 'value="1990"' in page
    visits.post(url, _fields(phone="(919) 555-0199", place="27703", preferred_contact="text"))
    with app.app_context():
        person = db.session.get(Resident, ids["resident"])
        assert (person.phone, person.phone_digits, person.place, person.preferred_contact) \
            == ("(919) 555-0199", "9195550199", "27703", "text")
        assert db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity_id == ids["resident"])).all().count("resident.update") == 1


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "This is required."),
    ({"email": "not an email"}, "Invalid email address."),
    ({"birth_year": "year"}, "Enter a whole number, in the digits 0 to 9."),
    ({"birth_year": "١٩٩٠"}, "Enter a whole number, in the digits 0 to 9."),
    ({"preferred_contact": "pigeon"}, "Not a valid choice"),
])
def test_a_bad_correction_is_refused_in_place(app, visit, changes, message):
    ids, visits = visit
    url = f"/navigator/residents/{ids['resident']}/edit"
    page = visits.post(url, _fields(**changes), status=400)
    assert message in page
    with app.app_context():
        person = db.session.get(Resident, ids["resident"])
        assert (person.name, person.email, person.birth_year) \
            == ("Lee Example", "lee@example.org", 1990)


def test_a_contact_brings_a_follow_up(app, visit):
    ids, visits = visit
    app.config["NAVIGATOR_FOLLOW_UP_HOURS"] = 24
    try:
        when = datetime.now(ZoneInfo("UTC")).replace(second=0, microsecond=0) \
            - timedelta(hours=2)
        visits.post(f"/navigator/residents/{ids['resident']}/encounters", {
            "kind": "in_person", "happened_at": _local(app, when), "notes": "met at the library"},
            form_page=f"/navigator/residents/{ids['resident']}")
    finally:
        app.config["NAVIGATOR_FOLLOW_UP_HOURS"] = 48
    with app.app_context():
        encounter = db.session.scalars(select(Encounter)).one()
        follow_up = db.session.scalars(select(FollowUp)).one()
        assert encounter.happened_at == when and encounter.kind == "in_person"
        assert follow_up.encounter_id == encounter.id and follow_up.referral_id is None
        assert follow_up.due_at == when + timedelta(hours=24)
        assert "encounter.create" in db.session.scalars(select(AuditEvent.action)).all()
    page = visits.get(f"/navigator/residents/{ids['resident']}")
    assert "met at the library" in page and "after the contact of" in page


@pytest.mark.parametrize("data, message", [
    ({"kind": "in_person", "happened_at": "2999-01-01T10:00"}, "This time is in the future."),
    ({"kind": "carrier_pigeon", "happened_at": "2026-11-01T10:00"}, "Not a valid choice"),
    ({"kind": "phone_call", "happened_at": "yesterday"}, "Not a valid datetime value."),
    ({"kind": "phone_call", "happened_at": ""}, "This is required."),
])
def test_a_bad_contact_is_refused_in_place(app, visit, data, message):
    ids, visits = visit
    page = visits.post(f"/navigator/residents/{ids['resident']}/encounters",
                       {"notes": "", **data}, status=400,
                       form_page=f"/navigator/residents/{ids['resident']}")
    assert message in page and "<details class=\"record\" open>" in page
    with app.app_context():
        assert db.session.scalars(select(Encounter)).all() == []
        assert db.session.scalars(select(FollowUp)).all() == []


def test_a_handoff_in_the_future_is_refused(app, visit):
    from navigator.workflow import referrals
    from navigator.directory.models import Service
    from navigator.workflow.models import Handoff

    ids, visits = visit
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.name == "shelter service")).one()
        referral = referrals.create_referral(db.session.get(Resident, ids["resident"]), service)
        db.session.commit()
        url = f"/navigator/referrals/{referral.id}"
    page = visits.post(f"{url}/handoffs", {
        "method": "three_way_call", "contact_person": "Intake", "outcome": "connected",
        "happened_at": "2999-01-01T10:00"}, status=400, form_page=url)
    assert "This time is in the future." in page
    with app.app_context():
        assert db.session.scalars(select(Handoff)).all() == []


@pytest.mark.parametrize("status", ["met", "closed"])
def test_a_need_is_met_or_closed(app, visit, status):
    ids, visits = visit
    resident_url = f"/navigator/residents/{ids['resident']}"
    visits.post(f"/navigator/needs/{ids['need']}/status", {"status": status},
                form_page=resident_url)
    with app.app_context():
        assert db.session.get(Need, ids["need"]).status == status
    page = visits.get(resident_url)
    assert {"met": "Met", "closed": "Closed without being met"}[status] in page
    # A need that is no longer open has no suggestions.
    assert "No open needs" in visits.get(f"{resident_url}/suggestions")


def test_a_bad_need_status_changes_nothing(app, visit):
    ids, visits = visit
    visits.post(f"/navigator/needs/{ids['need']}/status", {"status": "solved"},
                form_page=f"/navigator/residents/{ids['resident']}")
    with app.app_context():
        assert db.session.get(Need, ids["need"]).status == "open"
