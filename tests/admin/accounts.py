"""An admin signed in, with organizations to give accounts: for the account pages' tests."""

from __future__ import annotations

from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.directory.models import Organization
from navigator.extensions import db

ADMIN = "admin@example.org"


def audit_events(app, action: str) -> list[AuditEvent]:
    """The audit events of ``action``, oldest first, detached from the session."""
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return events


def signed_in_admin(staff, app, organizations: dict[str, str]):
    """A signed-in admin's test client, after adding ``organizations`` (id -> name)."""
    with app.app_context():
        for id_, name in organizations.items():
            db.session.add(Organization(id=id_, name=name, description="d"))
        db.session.commit()
    staff.user(ADMIN, "admin")
    client = staff.client()
    assert staff.sign_in(client, ADMIN).status_code == 302
    return client
