"""In PostgreSQL the audit log is append-only for the database too: its owner's UPDATE,
DELETE and TRUNCATE are refused by triggers, and the role the application runs as (not
the owner, when NAVIGATOR_MIGRATION_DATABASE_URL names the owner) has only the rights it
needs: the whole application works, the audit log only grows."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError

from navigator import create_app
from navigator.audit import AuditEvent, record
from navigator.extensions import db
from navigator.workflow.models import Resident
from tests.staff_accounts import Staff

pytestmark = pytest.mark.postgres

CHANGES = ("UPDATE audit_event SET action = 'nothing happened'",
           "DELETE FROM audit_event",
           "TRUNCATE audit_event")


def _app(url: str, **config):
    # (not TESTING: the roles are production's; but no search follower thread, which
    # would poll the database after the test, its role dropped)
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test",
                       "NAVIGATOR_PASSWORD_HASH": "fast",
                       "NAVIGATOR_SEARCH_FOLLOW_THREAD": False, **config})


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


def _roles_and_app(postgres, tmp_path):
    owner, runner = postgres.create_role(), postgres.create_role()
    database = postgres.create(owner=owner)
    app = _app(postgres.as_role(database, runner), NAVIGATOR_INDEX_DIR=str(tmp_path),
               NAVIGATOR_MIGRATION_DATABASE_URL=postgres.as_role(database, owner))
    with app.app_context():
        upgrade()
    return owner, runner, app


def test_the_application_role_works_but_cannot_alter_the_log(postgres, tmp_path):
    owner, runner, app = _roles_and_app(postgres, tmp_path)
    staff = Staff(app)
    staff.user()  # an account and its audit event
    client = staff.client()
    assert staff.sign_in(client, password="not-the-password").status_code == 400
    assert staff.sign_in(client).status_code == 302  # a session row, then updated
    made = client.post("/navigator/residents/new", data={
        "csrf_token": staff.csrf(client, "/navigator/residents/new"), "name": "Sam Rivera",
        "phone": "", "preferred_contact": "none", "language": "en", "birth_year": "",
        "notes": ""})
    assert made.status_code == 302
    assert client.get(made.location).status_code == 200
    assert client.get("/admin/audit").status_code == 403
    with app.app_context():
        assert db.session.scalars(select(Resident.name)).all() == ["Sam Rivera"]
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"user.create", "auth.sign_in_failed", "auth.sign_in", "resident.create",
                "resident.view"} <= actions
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT current_user")) == runner
            connection.rollback()
            for statement in CHANGES + ("ALTER TABLE audit_event DISABLE TRIGGER USER",
                                        "DROP TRIGGER audit_event_no_truncate ON audit_event",
                                        "INSERT INTO audit_event (id, occurred_at, action) "
                                        "VALUES (-1, now(), 'x') ON CONFLICT (id) DO UPDATE "
                                        "SET action = 'rewritten'"):
                refusal = _refused(connection, statement)
                assert refusal.orig.sqlstate == "42501", statement
                assert "append-only" not in str(refusal.orig)  # refused before the trigger
        db.session.remove()
        db.engine.dispose()


def test_rights_given_by_hand_before_are_taken_back(postgres, tmp_path):
    """A role given ALL on the audit log (as an older README's set-up could) keeps only
    SELECT and INSERT after the next upgrade."""
    owner, runner, app = _roles_and_app(postgres, tmp_path)
    with app.app_context():
        owner_engine = create_engine(app.config["NAVIGATOR_MIGRATION_DATABASE_URL"])
        with owner_engine.begin() as connection:
            connection.execute(text(f'GRANT ALL ON audit_event, "user" TO "{runner}"'))
        upgrade()
        with owner_engine.connect() as connection:
            rights = {(table, right) for table, right in connection.execute(text(
                "SELECT table_name, privilege_type FROM information_schema.table_privileges"
                " WHERE grantee = :role"), {"role": runner})}
        owner_engine.dispose()
    assert {right for table, right in rights if table == "audit_event"} == {"SELECT", "INSERT"}
    assert {right for table, right in rights if table == "user"} == {
        "SELECT", "INSERT", "UPDATE", "DELETE"}
    assert {right for table, right in rights if table == "alembic_version"} == {"SELECT"}
