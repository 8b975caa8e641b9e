"""Organization admins at /provider/team: they see their organization's provider accounts
and invite colleagues to that organization only, through the administrators' one-time
links (kept hashed, working once, expiring); other providers get 403 and no link; no
posted field takes an invitation to another organization or role."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, update

from navigator.auth import links
from navigator.auth.accounts import set_organization_admin
from navigator.auth.models import AccountLink, User, token_digest
from navigator.directory.models import Organization
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from tests.admin.accounts import audit_events
from tests.outbox_messages import outbox_messages

LEAD, DESK = "lead@pantry.example.org", "desk@pantry.example.org"
NEW = "violet-orchard-compass-83"
LINK = re.compile(r"http://\S+/password/set/([A-Za-z0-9_-]+)")


@pytest.fixture
def team(staff, app, tmp_path, monkeypatch):
    """Two organizations; the pantry's lead (an organization admin, signed in), a
    colleague of the pantry and one of the other organization, a navigator."""
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    with app.app_context():
        db.session.add_all([Organization(id="org-1", name="Bull City Pantry", description="d"),
                            Organization(id="org-2", name="Open Door", description="d")])
        db.session.commit()
    ids = {"lead": staff.user(LEAD, "provider", "org-1"),
           "desk": staff.user(DESK, "provider", "org-1"),
           "other": staff.user("desk@opendoor.example.org", "provider", "org-2"),
           "navigator": staff.user("nav@example.org", "navigator")}
    with app.app_context():
        set_organization_admin(db.session.get(User, ids["lead"]), True)
        db.session.commit()
    client = staff.client()
    assert staff.sign_in(client, LEAD).status_code == 302
    return client, ids, app


def _invite(staff, client, **data):
    return client.post("/provider/team/invite", data={
        "csrf_token": staff.csrf(client, "/provider"), **data})


def _user(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def _links(app) -> list[AccountLink]:
    with app.app_context():
        rows = db.session.scalars(select(AccountLink)).all()
        db.session.expunge_all()
        return rows


def _mails(app) -> list[str]:
    return outbox_messages(app)


def _set_password(staff, path: str):
    client = staff.client()
    return client.post(path, data={"csrf_token": staff.csrf(client, "/login"),
                                   "password": NEW, "confirm": NEW})


def test_the_team_page_lists_the_organizations_provider_accounts(staff, app, team):
    client, _, _ = team
    home = client.get("/provider").get_data(as_text=True)
    assert 'href="/provider/team"' in home  # in the staff navigation
    page = client.get("/provider/team")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert LEAD in body and DESK in body and "Bull City Pantry" in body
    assert "opendoor" not in body and "nav@example.org" not in body
    assert 'name="email"' in body and 'name="organization_id"' not in body


def test_an_organization_admin_invites_a_colleague_to_its_organization(staff, app, team):
    client, ids, outbox = team
    done = _invite(staff, client, email="New@Pantry.Example.org")
    assert done.status_code == 200 and done.headers["Referrer-Policy"] == "no-referrer"
    assert "We emailed new@pantry.example.org" in done.get_data(as_text=True)
    assert not LINK.search(done.get_data(as_text=True))  # sent: nobody else sees it
    user = _user(app, "new@pantry.example.org")
    assert (user.role, user.organization_id, user.organization_admin) == (
        "provider", "org-1", False)
    [mail] = _mails(outbox)
    assert "Bull City Pantry" in mail
    token = LINK.search(mail)[1]
    # Kept as its hash only, for 48 hours.
    [row] = _links(app)
    assert row.user_id == user.id and row.purpose == "invite"
    assert row.token_hash == token_digest(token) and token not in row.token_hash
    assert row.expires_at - row.created_at == timedelta(hours=48)
    # Audited, with the organization admin as who did it.
    [event] = audit_events(app, "user.invite")
    assert (event.entity_id, event.user_id, event.user_role) == (
        str(user.id), ids["lead"], "provider")
    # The link works once.
    path = urlsplit(LINK.search(mail)[0]).path
    assert _set_password(staff, path).status_code == 302
    assert _set_password(staff, path).status_code != 302
    signed_in = staff.client()
    assert staff.sign_in(signed_in, "new@pantry.example.org", NEW).status_code == 302
    assert signed_in.get("/provider").status_code == 200
    assert signed_in.get("/provider/team").status_code == 403  # not an organization admin
    listed = client.get("/provider/team").get_data(as_text=True)
    assert "new@pantry.example.org" in listed


def test_a_colleagues_link_expires(staff, app, team):
    client, _, outbox = team
    assert _invite(staff, client, email="late@pantry.example.org").status_code == 200
    token = LINK.search(_mails(outbox)[0])[1]
    with app.app_context():
        assert links.valid_link(token) is not None
        assert links.valid_link(token, now=utcnow() + timedelta(hours=49)) is None
        db.session.execute(update(AccountLink).values(expires_at=utcnow() - timedelta(
            seconds=1)))
        db.session.commit()
    assert _set_password(staff, f"/password/set/{token}").status_code != 302
    assert _user(app, "late@pantry.example.org").password_hash == "!unusable"


def test_no_posted_field_invites_into_another_organization_or_role(staff, app, team):
    client, ids, _ = team
    done = _invite(staff, client, email="sly@example.org", organization_id="org-2",
                   organization="org-2", role="admin", organization_admin="y",
                   user_id=str(ids["other"]))
    assert done.status_code == 200
    user = _user(app, "sly@example.org")
    assert (user.role, user.organization_id, user.organization_admin) == (
        "provider", "org-1", False)
    assert _user(app, "desk@opendoor.example.org").organization_id == "org-2"


@pytest.mark.parametrize("email, message", [
    ("", "Enter your colleague's email address."),
    ("not-an-email", "not-an-email is not an email address."),
    (DESK, f"There is already an account for {DESK}."),
    ("nav@example.org", "There is already an account for nav@example.org."),
])
def test_bad_invitations_change_nothing(staff, app, team, email, message):
    client, _, outbox = team
    refused = _invite(staff, client, email=email)
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert 'id="email-error"' in body and message in body.replace("&#39;", "'")
    assert _links(app) == [] and _mails(outbox) == []
    assert _user(app, "nav@example.org").role == "navigator"
    assert audit_events(app, "user.invite") == []


def test_the_link_is_shown_once_when_sending_is_off(staff, app, team, monkeypatch):
    client, _, _ = team
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "off")
    done = _invite(staff, client, email="new@pantry.example.org")
    assert done.status_code == 200 and done.headers["Referrer-Policy"] == "no-referrer"
    path = urlsplit(LINK.search(done.get_data(as_text=True))[0]).path
    assert _set_password(staff, path).status_code == 302


def test_other_providers_and_other_roles_get_403(staff, app, team):
    for email in (DESK, "nav@example.org"):
        other = staff.client()
        assert staff.sign_in(other, email).status_code == 302
        assert other.get("/provider/team").status_code == 403
        assert _invite(staff, other, email=f"x-{email}").status_code == 403
        assert _user(app, f"x-{email}") is None
    desk = staff.client()
    staff.sign_in(desk, DESK)
    assert "/provider/team" not in desk.get("/provider").get_data(as_text=True)
    assert staff.client().get("/provider/team").status_code == 302  # to sign in
    assert audit_events(app, "user.invite") == []


def test_an_organization_admin_whose_flag_is_cleared_is_refused_at_once(staff, app, team):
    client, ids, _ = team
    with app.app_context():
        set_organization_admin(db.session.get(User, ids["lead"]), False)
        db.session.commit()
    assert client.get("/provider/team").status_code == 403
    assert _invite(staff, client, email="new@pantry.example.org").status_code == 403
    assert _user(app, "new@pantry.example.org") is None


def test_an_invitation_needs_its_token(staff, app, team):
    client, _, _ = team
    client.get("/provider/team")
    refused = client.post("/provider/team/invite", data={"email": "new@pantry.example.org"})
    assert refused.status_code == 400
    assert _user(app, "new@pantry.example.org") is None
