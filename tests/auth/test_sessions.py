"""Server-side sessions: revoked on sign-out, when the account is disabled or its password
changes; ended after 30 idle minutes and 12 hours in all; no-store on signed-in pages."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from navigator.auth import accounts
from navigator.auth.models import User, UserSession, token_digest
from navigator.directory.models.base import utcnow
from navigator.extensions import db


def _signed_in(staff):
    staff.user()
    client = staff.client()
    assert staff.sign_in(client).status_code == 302
    assert client.get("/navigator").status_code == 200
    return client


def _rows(app) -> list[UserSession]:
    with app.app_context():
        rows = db.session.scalars(select(UserSession).order_by(UserSession.id)).all()
        db.session.expunge_all()
        return rows


def _age(app, **changes) -> None:
    """Move every session's timestamps back in time."""
    with app.app_context():
        for row in db.session.scalars(select(UserSession)):
            for name, delta in changes.items():
                setattr(row, name, getattr(row, name) - delta)
        db.session.commit()


def test_only_the_token_hash_is_stored(staff, app):
    client = _signed_in(staff)
    with client.session_transaction() as session:
        token = session["_user_id"]
    rows = _rows(app)
    assert len(rows) == 1 and rows[0].token_hash == token_digest(token) != token
    assert len(token) >= 40


def test_sign_out_revokes_the_session_row(staff, app):
    client = _signed_in(staff)
    with client.session_transaction() as session:
        stolen = dict(session)
    client.post("/logout", data={"csrf_token": staff.csrf(client, "/navigator")})
    assert _rows(app)[0].revoked_at is not None
    # The old cookie's contents, replayed, sign nobody in.
    replay = staff.client()
    with replay.session_transaction() as session:
        session.update(stolen)
    assert replay.get("/navigator").status_code == 302


def test_disabling_the_account_ends_its_sessions(staff, app):
    client = _signed_in(staff)
    with app.app_context():
        accounts.disable_user(db.session.scalar(select(User)))
        db.session.commit()
    assert _rows(app)[0].revoked_at is not None
    assert client.get("/navigator").status_code == 302


def test_a_new_password_ends_every_session(staff, app):
    client = _signed_in(staff)
    other = staff.client()
    staff.sign_in(other)
    with app.app_context():
        user = db.session.scalar(select(User))
        before = user.password_changed_at
        accounts.change_password(user, "a-whole-new-passphrase-9")
        db.session.commit()
        assert user.password_changed_at > before
    assert all(row.revoked_at is not None for row in _rows(app))
    assert client.get("/navigator").status_code == 302
    assert other.get("/navigator").status_code == 302
    assert staff.sign_in(staff.client()).status_code == 400
    assert staff.sign_in(staff.client(), password="a-whole-new-passphrase-9").status_code == 302


def test_idle_timeout(staff, app):
    client = _signed_in(staff)
    _age(app, last_seen_at=timedelta(minutes=29))
    assert client.get("/navigator").status_code == 200  # and that counts as activity
    seen = _rows(app)[0].last_seen_at
    assert utcnow() - seen < timedelta(minutes=1)
    _age(app, last_seen_at=timedelta(minutes=31))
    assert client.get("/navigator").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(staff, app):
    client = _signed_in(staff)
    first = _rows(app)[0].last_seen_at
    client.get("/navigator")
    assert _rows(app)[0].last_seen_at == first


def test_absolute_limit(staff, app):
    client = _signed_in(staff)
    _age(app, created_at=timedelta(hours=11, minutes=58))
    assert client.get("/navigator").status_code == 200
    _age(app, created_at=timedelta(minutes=3))
    assert client.get("/navigator").status_code == 302


def test_timeouts_are_settings(staff, app, monkeypatch):
    client = _signed_in(staff)
    monkeypatch.setitem(app.config, "NAVIGATOR_IDLE_MINUTES", 5)
    _age(app, last_seen_at=timedelta(minutes=6))
    assert client.get("/navigator").status_code == 302


def test_each_sign_in_is_its_own_session(staff, app):
    staff.user()
    one, two = staff.client(), staff.client()
    staff.sign_in(one)
    staff.sign_in(two)
    one.post("/logout", data={"csrf_token": staff.csrf(one, "/navigator")})
    assert one.get("/navigator").status_code == 302
    assert two.get("/navigator").status_code == 200


def test_signed_in_pages_are_never_cached(staff):
    client = _signed_in(staff)
    assert client.get("/navigator").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers.get("Cache-Control") == "no-store"
    anonymous = staff.client()
    assert "no-store" not in anonymous.get("/login").headers.get("Cache-Control", "")


def test_revoked_rows_stay_revoked(staff, app):
    client = _signed_in(staff)
    with app.app_context():
        db.session.execute(update(UserSession).values(revoked_at=utcnow()))
        db.session.commit()
    assert client.get("/navigator").status_code == 302
