"""Changing one's own password at /account/password: the current password first, the
same policy as everywhere, every other session ended and this one renewed, audited,
rate-limited on wrong current passwords, CSRF-protected."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.auth.models import User, UserSession
from navigator.auth.passwords import verify_password
from navigator.extensions import db

NEW = "quiet-orchard-ferry-83"
PATH = "/account/password"


def _change(staff, client, current=None, password=NEW, confirm=None, **extra):
    return client.post(PATH, data={
        "csrf_token": staff.csrf(client, PATH), "current_password": current or staff.password,
        "password": password, "confirm": password if confirm is None else confirm, **extra})


def _signed_in(staff, email="navigator@example.org"):
    client = staff.client()
    assert staff.sign_in(client, email).status_code == 302
    return client


def _stored(app) -> User:
    with app.app_context():
        user = db.session.scalar(select(User))
        db.session.expunge(user)
        return user


def _actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_a_new_password_ends_the_other_sessions_and_renews_this_one(staff, app):
    staff.user()
    here, elsewhere = _signed_in(staff), _signed_in(staff)
    with here.session_transaction() as session:
        old_token = session["_user_id"]

    response = _change(staff, here)
    assert response.status_code == 302 and response.location.endswith("/navigator")
    page = here.get("/navigator").get_data(as_text=True)
    assert "Your password is changed. You are signed out everywhere else." in page
    with here.session_transaction() as session:
        assert session["_user_id"] != old_token  # a new session, not the old one kept
    assert elsewhere.get("/navigator").status_code == 302  # the other device: signed out

    with app.app_context():
        rows = db.session.scalars(select(UserSession).order_by(UserSession.id)).all()
        assert [row.revoked_at is None for row in rows] == [False, False, True]
    assert verify_password(_stored(app).password_hash, NEW)
    assert staff.sign_in(staff.client()).status_code == 400  # the old password
    assert staff.sign_in(staff.client(), password=NEW).status_code == 302
    assert "user.password_change" in _actions(app)


def test_a_wrong_current_password_is_refused_in_place(staff, app):
    staff.user()
    client, elsewhere = _signed_in(staff), _signed_in(staff)
    response = _change(staff, client, current="not-my-password-at-all")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="current_password-error">Your current password is not right.' in page
    assert verify_password(_stored(app).password_hash, staff.password)
    assert elsewhere.get("/navigator").status_code == 200  # nothing ended
    assert _actions(app)[-1] == "auth.password_check_failed"


@pytest.mark.parametrize(("password", "confirm", "field", "message"), [
    ("short-pass", None, "password", "Use at least 12 characters."),
    ("x" * 129, None, "password", "Use 128 characters or fewer."),
    ("qwerty123456", None, "password", "one of the most common passwords"),
    ("navigator@example.org", None, "password", "Do not use your email address"),
    ("aaaaaaaaaaaaaaaa", None, "password", "easy to guess"),
    ("blue-harbor-lantern-47", None, "password", "different from your current one"),
    (NEW, NEW + "x", "confirm", "The two new passwords do not match."),
    ("", None, "password", "Enter the new password."),
])
def test_a_bad_new_password_is_refused_in_place(staff, app, password, confirm, field,
                                                message):
    staff.user()
    client, elsewhere = _signed_in(staff), _signed_in(staff)
    response = _change(staff, client, password=password, confirm=confirm)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error">' in page and message in page
    assert not password or f'value="{password}"' not in page  # never sent back
    assert verify_password(_stored(app).password_hash, staff.password)
    assert elsewhere.get("/navigator").status_code == 200
    assert "user.password_change" not in _actions(app)


def test_without_a_csrf_token_nothing_changes(staff, app):
    staff.user()
    client = _signed_in(staff)
    response = client.post(PATH, data={"current_password": staff.password,
                                       "password": NEW, "confirm": NEW})
    assert response.status_code == 400
    assert verify_password(_stored(app).password_hash, staff.password)
    assert client.get("/navigator").status_code == 200


def test_anonymous_people_are_sent_to_sign_in(staff):
    response = staff.client().get(PATH)
    assert response.status_code == 302 and response.location == f"/login?next={PATH}"


def test_every_role_can_change_its_password(staff, app):
    staff.user("admin@example.org", "admin")
    client = _signed_in(staff, "admin@example.org")
    page = client.get(PATH)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'autocomplete="current-password"' in page.get_data(as_text=True)
    assert _change(staff, client).location.endswith("/admin")


def test_wrong_current_passwords_are_rate_limited_per_account(staff, app):
    staff.user()
    client = _signed_in(staff)
    # Weak new passwords are the person's own mistakes: they do not count...
    assert [_change(staff, client, password="short").status_code
            for _ in range(6)] == [400] * 6
    # ...wrong current passwords do, for the account wherever the requests come from.
    codes = [_change(staff, client, current=f"wrong-password-{n}").status_code
             for n in range(5)]
    elsewhere = _signed_in(staff)
    codes.append(elsewhere.post(PATH, data={
        "csrf_token": staff.csrf(elsewhere, PATH), "current_password": staff.password,
        "password": NEW, "confirm": NEW}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
        .status_code)
    assert codes == [400] * 5 + [429]
    assert verify_password(_stored(app).password_hash, staff.password)


def test_no_password_is_kept_in_plain_text_anywhere(staff, app):
    staff.user()
    client = _signed_in(staff)
    _change(staff, client, current="a-wrong-guess-of-mine")
    _change(staff, client)
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(table.select()):
                text = " ".join(str(value) for value in row)
                for secret in (staff.password, NEW, "a-wrong-guess-of-mine"):
                    assert secret not in text, table.name
