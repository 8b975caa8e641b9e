"""Admins make a provider its organization's admin, or stop it, on the account's page
(audited); the flag is refused for navigators and admins; an account that stops being a
provider loses it; ``flask users invite --organization-admin`` and ``flask users list``."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.auth.models import User
from navigator.extensions import db
from tests.admin.accounts import ADMIN, audit_events, signed_in_admin

PROVIDER = "lead@pantry.example.org"


@pytest.fixture
def admin(staff, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    return signed_in_admin(staff, app, {"org-1": "Bull City Pantry", "org-2": "Open Door"})


def _post(staff, client, path, **data):
    return client.post(path, data={"csrf_token": staff.csrf(client, "/admin/users"), **data})


def _user(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def _actions(app) -> list[tuple[str, str]]:
    return [(e.action, e.entity_id) for name in ("grant", "revoke")
            for e in audit_events(app, f"user.organization_admin_{name}")]


def test_an_admin_sets_and_clears_the_flag(staff, app, admin):
    user_id = staff.user(PROVIDER, "provider", "org-1")
    lead = staff.client()
    assert staff.sign_in(lead, PROVIDER).status_code == 302
    assert lead.get("/provider/team").status_code == 403
    path = f"/admin/users/{user_id}/role"
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    assert 'name="organization_admin"' in page
    granted = _post(staff, admin, path, role="provider", organization_id="org-1",
                    organization_admin="y")
    assert granted.status_code == 302
    assert _user(app, PROVIDER).organization_admin is True
    assert _actions(app) == [("user.organization_admin_grant", str(user_id))]
    [event] = audit_events(app, "user.organization_admin_grant")
    assert event.user_role == "admin"
    # At once, in the session already open: the page, and the link to it.
    assert lead.get("/provider/team").status_code == 200
    assert 'href="/provider/team"' in lead.get("/provider").get_data(as_text=True)
    assert "organization admin" in admin.get("/admin/users").get_data(as_text=True)
    # The same again changes nothing and records nothing.
    _post(staff, admin, path, role="provider", organization_id="org-1",
          organization_admin="y")
    assert len(_actions(app)) == 1
    # Left unticked: cleared.
    assert _post(staff, admin, path, role="provider", organization_id="org-1"
                 ).status_code == 302
    assert _user(app, PROVIDER).organization_admin is False
    assert _actions(app)[1:] == [("user.organization_admin_revoke", str(user_id))]
    assert lead.get("/provider/team").status_code == 403


@pytest.mark.parametrize("role", ["navigator", "admin"])
def test_the_flag_is_refused_for_navigators_and_admins(staff, app, admin, role):
    user_id = staff.user("someone@example.org", role)
    refused = _post(staff, admin, f"/admin/users/{user_id}/role", role=role,
                    organization_id="", organization_admin="y")
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert 'id="organization_admin-error"' in body
    assert "Only provider staff can be organization admins" in body
    user = _user(app, "someone@example.org")
    assert (user.role, user.organization_admin) == (role, False)
    assert _actions(app) == [] and audit_events(app, "user.role_change") == []


def test_a_provider_made_navigator_loses_the_flag(staff, app, admin):
    user_id = staff.user(PROVIDER, "provider", "org-1")
    path = f"/admin/users/{user_id}/role"
    _post(staff, admin, path, role="provider", organization_id="org-1", organization_admin="y")
    # Asking for the flag with the new role is refused, whole.
    assert _post(staff, admin, path, role="navigator", organization_id="",
                 organization_admin="y").status_code == 400
    assert _user(app, PROVIDER).role == "provider"
    assert _post(staff, admin, path, role="navigator", organization_id="").status_code == 302
    user = _user(app, PROVIDER)
    assert (user.role, user.organization_admin) == ("navigator", False)
    assert [a for a, _ in _actions(app)] == ["user.organization_admin_grant",
                                             "user.organization_admin_revoke"]


def test_an_admin_invites_an_organization_admin(staff, app, admin):
    done = _post(staff, admin, "/admin/users/invite", email=PROVIDER, role="provider",
                 organization_id="org-1", organization_admin="y")
    assert done.status_code == 200
    user = _user(app, PROVIDER)
    assert (user.role, user.organization_id, user.organization_admin) == (
        "provider", "org-1", True)
    assert _actions(app) == [("user.organization_admin_grant", str(user.id))]
    refused = _post(staff, admin, "/admin/users/invite", email="nav@example.org",
                    role="navigator", organization_id="", organization_admin="y")
    assert refused.status_code == 400
    assert 'id="organization_admin-error"' in refused.get_data(as_text=True)
    assert _user(app, "nav@example.org") is None


def test_the_command_line_invites_an_organization_admin_and_lists_it(staff, app, admin):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "invite", PROVIDER, "--role", "provider",
                                 "--organization", "org-1", "--organization-admin"])
    assert result.exit_code == 0, result.output
    assert "organization admin" in result.output
    assert _user(app, PROVIDER).organization_admin is True
    refused = runner.invoke(args=["users", "invite", "nav@example.org", "--role",
                                  "navigator", "--organization-admin"])
    assert refused.exit_code == 1 and "Only provider staff" in refused.output
    assert _user(app, "nav@example.org") is None
    plain = runner.invoke(args=["users", "invite", "desk@pantry.example.org", "--role",
                                "provider", "--organization", "org-1"])
    assert plain.exit_code == 0 and _user(app, "desk@pantry.example.org").organization_admin \
        is False
    listed = runner.invoke(args=["users", "list"]).output.splitlines()
    assert f"{PROVIDER}  provider  org-1  (organization admin)" in listed
    assert "desk@pantry.example.org  provider  org-1" in listed
    assert f"{ADMIN}  admin" in listed
