"""One-time links to set a password (``auth.links``): an invitation by ``flask users
invite`` and "forgot password" at /password/forgot. A link is kept only as a hash, works
once, expires, is consumed by a newer one, ends the account's sessions when used; the
forgot page answers alike whatever the email; no token reaches the application log."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, update

from navigator.audit import AuditEvent
from navigator.auth import links
from navigator.auth.models import AccountLink, User, UserSession
from navigator.auth.passwords import verify_password
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from tests.outbox_messages import outbox_messages

NEW = "violet-orchard-compass-83"
LINK = re.compile(r"http://\S+/password/set/([A-Za-z0-9_-]+)")


@pytest.fixture
def outbox(app, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    return app


def _mails(app) -> list[str]:
    return outbox_messages(app)


def _csrf(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


def _forgot(client, email: str):
    return client.post("/password/forgot", data={
        "csrf_token": _csrf(client, "/password/forgot"), "email": email})


def _set(client, path: str, password: str = NEW, confirm: str | None = None):
    return client.post(path, data={"csrf_token": _csrf(client, "/password/forgot"),
                                   "password": password, "confirm": confirm or password})


def _rows(app) -> list[AccountLink]:
    with app.app_context():
        rows = db.session.scalars(select(AccountLink).order_by(AccountLink.id)).all()
        db.session.expunge_all()
        return rows


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _reset_link(staff, outbox, email="navigator@example.org") -> str:
    before = set(_mails(outbox))
    assert _forgot(staff.client(), email).status_code == 200
    [mail] = set(_mails(outbox)) - before
    return urlsplit(LINK.search(mail)[0]).path


def test_forgot_password_sends_a_link_that_works_once(staff, app, outbox, caplog):
    staff.user()
    signed_in = staff.client()
    assert staff.sign_in(signed_in).status_code == 302
    caplog.set_level(logging.DEBUG)
    path = _reset_link(staff, outbox)
    token = path.rsplit("/", 1)[1]
    [row] = _rows(app)
    # Only the SHA-256 of the token is kept, and it is in no log line.
    assert token not in row.token_hash and row.purpose == "reset"
    assert token not in caplog.text and "navigator@example.org" not in caplog.text
    client = staff.client()
    page = client.get(path)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert "navigator@example.org" in page.get_data(as_text=True)
    done = _set(client, path)
    assert done.status_code == 302 and done.location.endswith("/login")
    assert verify_password(_user(app, "navigator@example.org").password_hash, NEW)
    # The account's other sessions ended.
    assert signed_in.get("/navigator").status_code == 302
    assert staff.sign_in(staff.client(), password=NEW).status_code == 302
    # Used: the page says so, and the link sets nothing again.
    for again in (client.get(path), _set(client, path, "other-quiet-harbor-19")):
        text = again.get_data(as_text=True)
        assert again.status_code == 410 and "This link was used or has expired" in text
        assert 'href="/password/forgot"' in text
    assert verify_password(_user(app, "navigator@example.org").password_hash, NEW)
    assert token not in caplog.text


def test_a_weak_password_keeps_the_link(staff, app, outbox):
    staff.user()
    path = _reset_link(staff, outbox)
    client = staff.client()
    refused = _set(client, path, "password1234")
    assert refused.status_code == 400 and "most common" in refused.get_data(as_text=True)
    assert _set(client, path, NEW, NEW + "x").status_code == 400
    assert _rows(app)[0].used_at is None
    assert _set(client, path).status_code == 302


def test_links_expire(staff, app, outbox):
    staff.user()
    path = _reset_link(staff, outbox)
    with app.app_context():
        token = path.rsplit("/", 1)[1]
        assert links.valid_link(token) is not None
        assert links.valid_link(token, now=utcnow() + links.LIFETIME) is None
        db.session.execute(update(AccountLink).values(
            expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    client = staff.client()
    assert client.get(path).status_code == 410
    assert _set(client, path).status_code == 410
    assert verify_password(_user(app, "navigator@example.org").password_hash, staff.password)


def test_a_new_link_consumes_the_earlier_one(staff, app, outbox):
    staff.user()
    first = _reset_link(staff, outbox)
    second = _reset_link(staff, outbox)
    client = staff.client()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    assert [row.used_at is not None for row in _rows(app)] == [True, False]


def test_a_disabled_account_gets_no_link_and_its_link_stops(staff, app, outbox):
    staff.user()
    path = _reset_link(staff, outbox)
    with app.app_context():
        db.session.execute(update(User).values(active=False))
        db.session.commit()
    assert staff.client().get(path).status_code == 410
    assert _forgot(staff.client(), "navigator@example.org").status_code == 200
    assert len(_mails(outbox)) == 1 and len(_rows(app)) == 1


def _without_csrf(response) -> bytes:
    return re.sub(rb'name="csrf_token"[^>]*value="[^"]+"', b"", response.get_data())


def test_forgot_answers_alike_whatever_the_email(staff, app, outbox):
    staff.user()
    staff.user("gone@example.org")
    with app.app_context():
        db.session.execute(update(User).where(User.email == "gone@example.org")
                           .values(active=False))
        db.session.commit()
    answers = [_forgot(staff.client(), email) for email in (
        "navigator@example.org", "nobody@example.org", "gone@example.org",
        "NAVIGATOR@example.org")]
    assert {a.status_code for a in answers} == {200}
    assert len({_without_csrf(a) for a in answers}) == 1
    assert "nobody@example.org" not in answers[1].get_data(as_text=True)
    assert len(_mails(outbox)) == 2  # the active account, asked for twice


def test_forgot_is_rate_limited(staff, outbox):
    client = staff.client()
    token = _csrf(client, "/password/forgot")
    codes = [client.post("/password/forgot", data={"csrf_token": token,
                                                   "email": "x@example.org"}).status_code
             for _ in range(6)]
    assert codes == [200] * 5 + [429]


def test_login_links_to_forgot(client):
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)


def test_unknown_tokens(staff):
    client = staff.client()
    for token in ("nope", "x" * 200):
        assert client.get(f"/password/set/{token}").status_code == 410
    assert client.get("/password/set/%00").status_code == 404  # refused before the view


def test_sending_off_sends_nothing_and_answers_alike(staff, app, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "off")
    staff.user()
    assert _forgot(staff.client(), "navigator@example.org").status_code == 200
    assert _mails(outbox) == []


def test_cli_invite_prints_a_link_that_works(staff, app, outbox):
    from navigator.directory.models import Organization

    with app.app_context():
        db.session.add(Organization(id="org-1", name="Helping Hands", description="d"))
        db.session.commit()
        result = app.test_cli_runner().invoke(args=[
            "users", "invite", "New@Example.org", "--role", "provider",
            "--organization", "Helping"])
    assert result.exit_code == 0, result.output
    path = urlsplit(LINK.search(result.output)[0]).path
    assert LINK.search(_mails(outbox)[0])[0].endswith(path)
    user = _user(app, "new@example.org")
    assert user.organization_id == "org-1" and user.role == "provider"
    assert staff.sign_in(staff.client(), "new@example.org",
                         password="!unusable").status_code != 302
    [row] = _rows(app)
    assert row.purpose == "invite" and path.rsplit("/", 1)[1] not in row.token_hash
    assert row.expires_at - row.created_at == timedelta(hours=48)
    client = staff.client()
    assert client.get(path).status_code == 200
    assert _set(client, path).status_code == 302
    assert staff.sign_in(staff.client(), "new@example.org", password=NEW).status_code == 302
    assert client.get(path).status_code == 410
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"user.invite", "user.invite_link", "user.password_change"} <= actions


def test_cli_invite_refusals(staff, app, outbox):
    staff.user()
    runner = app.test_cli_runner()
    with app.app_context():
        for args, text in ((["navigator@example.org", "--role", "navigator"], "already"),
                           (["a@example.org", "--role", "boss"], "role must be"),
                           (["a@example.org", "--role", "provider"], "needs its organization"),
                           (["not-an-email", "--role", "admin"], "not an email")):
            result = runner.invoke(args=["users", "invite", *args])
            assert result.exit_code == 1 and text in result.output, result.output
    assert _rows(app) == [] and _mails(outbox) == []
