"""The caseload page: a navigator's residents (those they added or referred), each with
its open needs, referrals by state and next follow-up; an admin's is everyone's; each
resident listed is an audited view; linked from the workspace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.auth.models import User
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.workflow import needs, referrals, services

from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import HOUSING, make_directory
from tests.workflow.recorded_visits import Visits

ANA, BEN, CARA, DEV = "Ana Added", "Ben Referred", "Cara Colleague", "Dev Done"


@pytest.fixture
def cases(app, staff):
    """ANA added by the navigator (an open need, a follow-up); BEN added by a colleague
    and referred by the navigator; CARA the colleague's alone; DEV added by the navigator
    with nothing open."""
    me = staff.user("me@example.org")
    colleague = staff.user("colleague@example.org")
    staff.user("new@example.org")
    staff.user("admin@example.org", "admin")
    with app.app_context():
        shelter = make_directory()["shelter"]
        mine, theirs = db.session.get(User, me), db.session.get(User, colleague)
        ana = services.create_resident(user=mine, name=ANA)
        needs.create_need(ana, taxonomy_term_id=HOUSING, urgency="today", user=mine)
        services.record_encounter(ana, kind="phone_call", user=mine,
                                  happened_at=utcnow() - timedelta(days=3))
        ben = services.create_resident(user=theirs, name=BEN)
        plain_consent(ben, [shelter.organization_id])
        need = needs.create_need(ben, taxonomy_term_id=HOUSING, urgency="today")
        referrals.send(referrals.create_referral(ben, shelter, user=mine, need=need),
                       user=mine)
        cara = services.create_resident(user=theirs, name=CARA)
        needs.create_need(cara, taxonomy_term_id=HOUSING, urgency="this_week")
        services.create_resident(user=mine, name=DEV)
        db.session.commit()
        return {"ana": ana.id, "ben": ben.id, "cara": cara.id}


def _caseload(staff, email, path="/navigator/caseload"):
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client, email)
    return visits.get(path)


def test_my_residents_with_what_is_open(app, staff, cases):
    page = _caseload(staff, "me@example.org")
    assert ANA in page and BEN in page and CARA not in page and DEV not in page
    # ANA's follow-up is overdue (three days after a contact, due in 48 hours): first.
    assert page.index(ANA) < page.index(BEN) and "(overdue)" in page
    ana = page[page.index(ANA):page.index(BEN)]
    assert "Housing" in ana and "(no referral under way)" in ana
    ben = page[page.index(BEN):]
    assert "Sent, waiting on the provider: 1" in ben and "no referral under way" not in ben
    with app.app_context():
        listed = set(db.session.scalars(select(AuditEvent.entity_id).where(
            AuditEvent.action == "resident.caseload.view")))
    assert listed == {cases["ana"], cases["ben"]}


def test_show_all_adds_the_residents_with_nothing_open(app, staff, cases):
    page = _caseload(staff, "me@example.org", "/navigator/caseload?all=1")
    assert ANA in page and BEN in page and DEV in page and CARA not in page


def test_someone_elses_residents_are_not_in_my_caseload(app, staff, cases):
    colleague = _caseload(staff, "colleague@example.org")
    assert BEN in colleague and CARA in colleague and ANA not in colleague
    assert "No residents here yet." in _caseload(staff, "new@example.org")


def test_an_admin_sees_everyone(app, staff, cases):
    page = _caseload(staff, "admin@example.org")
    assert ANA in page and BEN in page and CARA in page and DEV not in page


def test_the_workspace_links_the_caseload_and_flags_waiting_needs(app, staff, cases):
    visits = Visits(staff.client(), staff)
    staff.sign_in(visits.client, "me@example.org")
    home = visits.get("/navigator")
    assert 'href="/navigator/caseload"' in home and 'href="/navigator/settings"' in home
    waiting = home[home.index("Open needs with no referral under way"):]
    waiting = waiting[:waiting.index("</ul>")]
    assert ANA in waiting and CARA in waiting and BEN not in waiting
    assert f'/navigator/residents/{cases["ana"]}/suggestions' in waiting
