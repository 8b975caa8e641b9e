"""Admins invite staff by email from /admin/users/invite (the person chooses a password
through a one-time link) and change an account's role and organization; each change is
audited, bad input changes nothing."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from navigator.auth.models import AccountLink, User, UserSession
from navigator.extensions import db
from tests.admin.accounts import ADMIN, audit_events as _events, signed_in_admin
from tests.outbox_messages import outbox_messages

NEW = "violet-orchard-compass-83"
LINK = re.compile(r"http://\S+/password/set/[A-Za-z0-9_-]+")


@pytest.fixture
def admin(staff, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    return signed_in_admin(staff, app, {"org-1": "Helping Hands", "org-2": "Open Door"})


def _post(staff, client, path, **data):
    return client.post(path, data={"csrf_token": staff.csrf(client, "/admin/users"), **data})


def _user(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def _set_password(staff, path: str):
    client = staff.client()
    return client.post(path, data={"csrf_token": staff.csrf(client, path),
                                   "password": NEW, "confirm": NEW})


def test_invite_emails_a_link_that_works(staff, app, admin, tmp_path):
    assert 'href="/admin/users/invite"' in admin.get("/admin/users").get_data(as_text=True)
    done = _post(staff, admin, "/admin/users/invite", email="New@Example.org",
                 role="provider", organization_id="org-1")
    page = done.get_data(as_text=True)
    assert done.status_code == 200 and "We emailed new@example.org" in page
    assert not LINK.search(page)  # sent: the admin never sees it
    [mail] = outbox_messages(app)
    user = _user(app, "new@example.org")
    assert user.role == "provider" and user.organization_id == "org-1"
    assert [e.entity_id for e in _events(app, "user.invite")] == [str(user.id)]
    path = urlsplit(LINK.search(mail)[0]).path
    with app.app_context():
        [row] = db.session.scalars(select(AccountLink)).all()
        assert path.rsplit("/", 1)[1] not in row.token_hash
    assert _set_password(staff, path).status_code == 302
    assert staff.sign_in(staff.client(), "new@example.org", NEW).status_code == 302


def test_invite_shows_the_link_once_when_sending_is_off(staff, app, admin, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "off")
    done = _post(staff, admin, "/admin/users/invite", email="n@example.org",
                 role="navigator", organization_id="")
    assert done.status_code == 200 and done.headers["Referrer-Policy"] == "no-referrer"
    path = urlsplit(LINK.search(done.get_data(as_text=True))[0]).path
    assert _set_password(staff, path).status_code == 302


@pytest.mark.parametrize("fields, field", [
    ({"email": "not-an-email"}, "email"),
    ({"email": ADMIN}, "email"),
    ({"role": "boss"}, "role"),
    ({"role": "provider"}, "organization_id"),
    ({"organization_id": "org-1"}, "organization_id"),
    ({"role": "provider", "organization_id": "nope"}, "organization_id"),
])
def test_bad_invitations_change_nothing(staff, app, admin, fields, field):
    data = {"email": "n@example.org", "role": "navigator", "organization_id": "", **fields}
    refused = _post(staff, admin, "/admin/users/invite", **data)
    assert refused.status_code == 400
    assert f'id="{field}-error"' in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(AccountLink)).all() == []
        assert len(db.session.scalars(select(User)).all()) == 1


def test_change_role_and_organization_is_audited(staff, app, admin):
    user_id = staff.user("p@example.org", "provider", organization_id="org-1")
    signed_in = staff.client()
    assert staff.sign_in(signed_in, "p@example.org").status_code == 302
    path = f"/admin/users/{user_id}/role"
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    assert f'action="{path}"' in page
    # Another organization: audited, the session carries on.
    assert _post(staff, admin, path, role="provider", organization_id="org-2").status_code == 302
    assert _user(app, "p@example.org").organization_id == "org-2"
    assert [e.entity_id for e in _events(app, "user.organization_change")] == [str(user_id)]
    assert signed_in.get("/provider").status_code == 200
    # Another role: audited, and the account's sessions end.
    assert _post(staff, admin, path, role="navigator", organization_id="").status_code == 302
    user = _user(app, "p@example.org")
    assert user.role == "navigator" and user.organization_id is None
    assert [e.entity_id for e in _events(app, "user.role_change")] == [str(user_id)]
    assert len(_events(app, "user.organization_change")) == 2
    assert signed_in.get("/provider").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(UserSession).where(
            UserSession.user_id == user_id, UserSession.revoked_at.is_(None))).all() == []


@pytest.mark.parametrize("fields, field", [
    ({"role": "boss"}, "role"),
    ({"role": "provider", "organization_id": ""}, "organization_id"),
    ({"role": "navigator", "organization_id": "org-1"}, "organization_id"),
    ({"role": "provider", "organization_id": "nope"}, "organization_id"),
])
def test_bad_role_changes_change_nothing(staff, app, admin, fields, field):
    user_id = staff.user("n@example.org", "navigator")
    refused = _post(staff, admin, f"/admin/users/{user_id}/role", **fields)
    assert refused.status_code == 400
    assert f'id="{field}-error"' in refused.get_data(as_text=True)
    user = _user(app, "n@example.org")
    assert user.role == "navigator" and user.organization_id is None
    assert _events(app, "user.role_change") == []


def test_an_admin_keeps_their_own_role(staff, app, admin):
    admin_id = _user(app, ADMIN).id
    refused = _post(staff, admin, f"/admin/users/{admin_id}/role", role="navigator",
                    organization_id="")
    assert refused.status_code == 400 and _user(app, ADMIN).role == "admin"


def test_only_admins_and_csrf(staff, app, admin):
    user_id = staff.user("n@example.org", "navigator")
    other = staff.client()
    assert staff.sign_in(other, "n@example.org").status_code == 302
    assert other.get("/admin/users/invite").status_code == 403
    assert _post(staff, other, f"/admin/users/{user_id}/role", role="admin",
                 organization_id="").status_code == 403
    assert admin.post(f"/admin/users/{user_id}/role",
                      data={"role": "admin", "organization_id": ""}).status_code == 400
    assert admin.post("/admin/users/invite", data={
        "email": "x@example.org", "role": "admin", "organization_id": ""}).status_code == 400
    assert _user(app, "n@example.org").role == "navigator"
    assert _user(app, "x@example.org") is None
    assert _post(staff, admin, "/admin/users/999/role", role="admin").status_code == 404
