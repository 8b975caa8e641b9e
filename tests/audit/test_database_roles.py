"""In PostgreSQL the audit log is append-only for the database too: its owner's UPDATE,
DELETE and TRUNCATE are refused by triggers."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from navigator import create_app
from navigator.audit import AuditEvent, record
from navigator.extensions import db

pytestmark = pytest.mark.postgres

CHANGES = ("UPDATE audit_event SET action = 'nothing happened'",
           "DELETE FROM audit_event",
           "TRUNCATE audit_event")


def _app(url: str, **config):
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test",
                       "NAVIGATOR_PASSWORD_HASH": "fast", **config})


def _refused(connection, statement: str) -> DBAPIError:
    with pytest.raises(DBAPIError) as refused:
        with connection.begin():
            connection.execute(text(statement))
    return refused.value


def test_the_owner_cannot_change_or_delete_events(postgres):
    owner = postgres.create_role()
    url = postgres.as_role(postgres.create(owner=owner), owner)
    app = _app(url)
    with app.app_context():
        upgrade()
        record("resident.view", "resident", "r-1")
        db.session.commit()
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT current_user")) == owner
            connection.rollback()
            for statement in CHANGES:
                refusal = _refused(connection, statement)
                assert refusal.orig.sqlstate == "42501", statement  # insufficient_privilege
                assert "audit_event is append-only" in str(refusal.orig), statement
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 1
        assert db.session.scalar(select(AuditEvent.action)) == "resident.view"
        db.session.remove()
        db.engine.dispose()
