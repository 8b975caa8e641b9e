"""The audit log is append-only, and admins read it at /admin/audit."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, select, update

from navigator.audit import AuditEvent, AuditLogIsAppendOnly, record
from navigator.extensions import db


def test_events_are_added_and_never_changed(app_context):
    event = record("resident.view", "resident", 42)
    db.session.commit()
    assert event.occurred_at.tzinfo is not None and event.entity_id == "42"
    assert event.user_id is None and event.client_address is None  # the command line

    event.action = "something else"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()

    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()

    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditEvent).values(action="x"))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditEvent))
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.action)) == "resident.view"


def _events_page(staff, query=""):
    staff.user("admin@example.org", "admin")
    client = staff.client()
    staff.sign_in(client, "admin@example.org")
    return client, client.get(f"/admin/audit{query}")


def test_admins_read_the_log_newest_first(staff, app):
    client, page = _events_page(staff)
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert body.index("auth.sign_in") < body.index("user.create")
    assert "no-store" == page.headers["Cache-Control"]


def test_filters(staff, app):
    navigator_id = staff.user("navigator@example.org")
    client, _ = _events_page(staff)
    only = client.get("/admin/audit?action=auth.sign_in").get_data(as_text=True)
    assert "<td>auth.sign_in</td>" in only and "<td>user.create</td>" not in only
    mine = client.get(f"/admin/audit?user={navigator_id}").get_data(as_text=True)
    assert "No events match." in mine  # the navigator did nothing yet
    today = datetime.now(timezone.utc).date().isoformat()
    assert "<td>user.create</td>" in client.get(f"/admin/audit?since={today}&until={today}") \
        .get_data(as_text=True)
    old = client.get("/admin/audit?until=2000-01-01").get_data(as_text=True)
    assert "No events match." in old
    bad = client.get("/admin/audit?since=yesterday&user=abc")
    assert bad.status_code == 400


def test_only_admins(staff):
    staff.user()
    client = staff.client()
    staff.sign_in(client)
    assert client.get("/admin/audit").status_code == 403
    assert staff.client().get("/admin/audit").status_code == 302


def test_a_residents_whole_record_by_its_id(staff, app):
    """Filtering by a resident's id lists the events of everything in their record (here
    a consent and a referral too), and no one else's."""
    from navigator.workflow import referrals, services
    from tests.workflow.consent_factory import plain_consent
    from tests.workflow.directory_factory import make_directory

    with app.app_context():
        made = make_directory()
        person = services.create_resident(name="Ari Example")
        other = services.create_resident(name="Bo Example")
        consent = plain_consent(person, [made["shelter"].organization_id])
        referral = referrals.create_referral(person, made["shelter"])
        db.session.commit()
        ids = {"person": person.id, "other": other.id, "consent": consent.id,
               "referral": referral.id}
    client, _ = _events_page(staff)
    page = client.get(f"/admin/audit?record={ids['person']}").get_data(as_text=True)
    for kind in ("person", "consent", "referral"):
        assert ids[kind] in page, kind
    assert ids["other"] not in page, page
    assert "<td>auth.sign_in</td>" not in page
    one = client.get(f"/admin/audit?record={ids['consent']}").get_data(as_text=True)
    assert ids["consent"] in one and ids["referral"] not in one
    assert client.get(f"/admin/audit?record={'x' * 65}").status_code == 400
    resident_page = client.get(f"/navigator/residents/{ids['person']}").get_data(as_text=True)
    assert f"/admin/audit?record={ids['person']}" in resident_page
