"""Staff accounts in the browser at /admin/users: admins only; create (the rules are
``accounts.create_user``'s, shown in place), disable and enable, reset a password; every
change audited, no password in the audit log, bad input never changes anything."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.auth.models import User
from navigator.auth.passwords import verify_password
from navigator.extensions import db
from tests.admin.accounts import ADMIN, audit_events as _events, signed_in_admin

FIRST = "copper-kettle-meadow-52"


@pytest.fixture
def admin(staff, app):
    """A signed-in admin's client; an organization exists."""
    return signed_in_admin(staff, app, {"org-1": "Helping Hands"})


def _id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def _create(staff, client, **fields):
    data = {"email": "new@example.org", "role": "navigator", "organization_id": "",
            "password": FIRST, "confirm": FIRST, **fields}
    return client.post("/admin/users/new",
                       data={"csrf_token": staff.csrf(client, "/admin/users/new"), **data})


def _post(staff, client, path, **data):
    return client.post(path, data={"csrf_token": staff.csrf(client, "/admin/users"), **data})


def _error(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-error">([^<]*)<', page)
    return found[1] if found else ""


def test_only_admins(staff, app, admin):
    staff.user("navigator@example.org", "navigator")
    staff.user("provider@example.org", "provider", organization_id="org-1")
    admin_id = _id(app, ADMIN)
    paths = ["/admin/users", "/admin/users/new", f"/admin/users/{admin_id}"]
    for email in ("navigator@example.org", "provider@example.org"):
        client = staff.client()
        staff.sign_in(client, email)
        for path in paths:
            assert client.get(path).status_code == 403, (email, path)
        token = staff.csrf(client, "/account/password")
        assert client.post(f"/admin/users/{admin_id}/disable",
                           data={"csrf_token": token}).status_code == 403
        assert client.post("/admin/users/new", data={
            "csrf_token": token, "email": "x@example.org", "role": "admin",
            "password": FIRST, "confirm": FIRST}).status_code == 403
    anonymous = staff.client()
    for path in paths:
        response = anonymous.get(path)
        assert response.status_code == 302 and response.location == f"/login?next={path}"
    assert _count(app) == 3 and _user(app, ADMIN).active


def test_the_list(staff, app, admin):
    staff.user("provider@example.org", "provider", organization_id="org-1")
    page = admin.get("/admin/users")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    provider_row = body[body.index("provider@example.org"):]
    provider_row = provider_row[:provider_row.index("</tr>")]
    assert "Helping Hands" in provider_row and "never" in provider_row
    admin_row = body[body.index(f">{ADMIN}<"):]
    assert "never" not in admin_row[:admin_row.index("</tr>")]  # signed in just now


def test_create_a_navigator(staff, app, admin):
    response = _create(staff, admin, email="  New@Example.org ")
    new_id = _id(app, "new@example.org")
    assert response.status_code == 302 and response.location == f"/admin/users/{new_id}"
    page = admin.get(response.location).get_data(as_text=True)
    assert "Account created for new@example.org." in page
    user = _user(app, "new@example.org")
    assert user.role == "navigator" and user.organization_id is None and user.active
    created = _events(app, "user.create")[-1]
    assert created.entity_id == str(new_id) and created.user_id == _id(app, ADMIN)
    assert created.user_role == "admin"
    assert staff.sign_in(staff.client(), "new@example.org", FIRST).status_code == 302


def test_create_a_provider_of_an_organization(staff, app, admin):
    form = admin.get("/admin/users/new").get_data(as_text=True)
    assert '<option value="org-1">Helping Hands</option>' in form
    assert _create(staff, admin, email="p@example.org", role="provider",
                   organization_id="org-1").status_code == 302
    assert _user(app, "p@example.org").organization_id == "org-1"


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"role": "provider"}, "organization_id", "A provider account needs its organization."),
    ({"role": "provider", "organization_id": "nope"}, "organization_id",
     "There is no organization with the id nope."),
    ({"organization_id": "org-1"}, "organization_id",
     "Only provider accounts belong to an organization."),
    ({"role": "superuser"}, "role", "The role must be one of"),
    ({"email": "not-an-email"}, "email", "not-an-email is not an email address."),
    ({"email": ""}, "email", "Enter the person's email address."),
    ({"email": "a" * 321}, "email", "Use 320 characters or fewer."),
    ({"password": "short", "confirm": "short"}, "password", "Use at least 12 characters."),
    ({"password": "qwerty123456", "confirm": "qwerty123456"}, "password", "most common"),
    ({"confirm": "something-else-entirely"}, "confirm", "do not match"),
])
def test_bad_input_is_shown_in_place_and_creates_nothing(staff, app, admin, fields, field,
                                                         message):
    response = _create(staff, admin, **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in _error(page, field), page
    assert f'value="{FIRST}"' not in page  # a typed password is never sent back
    assert _count(app) == 1 and _events(app, "user.create")[-1].entity_id == str(_id(app, ADMIN))


def test_a_duplicate_email_is_refused_in_place(staff, app, admin):
    staff.user("taken@example.org")
    response = _create(staff, admin, email="TAKEN@example.org", role="admin")
    assert response.status_code == 400
    assert "There is already an account for taken@example.org." in _error(
        response.get_data(as_text=True), "email")
    assert _count(app) == 2 and _user(app, "taken@example.org").role == "navigator"


def test_forms_without_a_csrf_token_change_nothing(staff, app, admin):
    staff.user("navigator@example.org")
    target = _id(app, "navigator@example.org")
    assert admin.post("/admin/users/new", data={
        "email": "x@example.org", "role": "admin", "password": FIRST,
        "confirm": FIRST}).status_code == 400
    assert admin.post(f"/admin/users/{target}/disable").status_code == 400
    assert admin.post(f"/admin/users/{target}/password",
                      data={"password": FIRST, "confirm": FIRST}).status_code == 400
    assert _count(app) == 2
    user = _user(app, "navigator@example.org")
    assert user.active and verify_password(user.password_hash, staff.password)


def test_disable_ends_the_sessions_and_enable_lets_them_back(staff, app, admin):
    staff.user("navigator@example.org")
    navigator = staff.client()
    staff.sign_in(navigator)
    assert navigator.get("/navigator").status_code == 200
    target = _id(app, "navigator@example.org")

    response = _post(staff, admin, f"/admin/users/{target}/disable")
    assert response.status_code == 302
    assert "is disabled" in admin.get(response.location).get_data(as_text=True)
    assert not _user(app, "navigator@example.org").active
    assert navigator.get("/navigator").status_code == 302
    assert staff.sign_in(staff.client()).status_code == 400
    assert _events(app, "user.disable")[-1].entity_id == str(target)

    assert _post(staff, admin, f"/admin/users/{target}/enable").status_code == 302
    assert _user(app, "navigator@example.org").active
    assert staff.sign_in(staff.client()).status_code == 302
    enabled = _events(app, "user.enable")[-1]
    assert enabled.entity_id == str(target) and enabled.user_id == _id(app, ADMIN)


def test_an_admin_cannot_disable_themselves(staff, app, admin):
    own = _id(app, ADMIN)
    page = admin.get(f"/admin/users/{own}").get_data(as_text=True)
    assert "Disable this account" not in page
    response = _post(staff, admin, f"/admin/users/{own}/disable")
    assert response.status_code == 400
    assert "You cannot disable your own account." in response.get_data(as_text=True)
    assert _user(app, ADMIN).active and _events(app, "user.disable") == []
    assert admin.get("/admin/users").status_code == 200  # still signed in


def test_reset_a_password(staff, app, admin):
    staff.user("navigator@example.org")
    navigator = staff.client()
    staff.sign_in(navigator)
    target = _id(app, "navigator@example.org")
    path = f"/admin/users/{target}/password"

    weak = _post(staff, admin, path, password="short", confirm="short")
    assert weak.status_code == 400
    assert "Use at least 12 characters." in _error(weak.get_data(as_text=True), "password")
    assert navigator.get("/navigator").status_code == 200

    response = _post(staff, admin, path, password=FIRST, confirm=FIRST)
    assert response.status_code == 302
    assert "New password set for navigator@example.org" in admin.get(
        response.location).get_data(as_text=True)
    assert verify_password(_user(app, "navigator@example.org").password_hash, FIRST)
    assert navigator.get("/navigator").status_code == 302
    changed = _events(app, "user.password_change")[-1]
    assert changed.entity_id == str(target) and changed.user_id == _id(app, ADMIN)


def test_an_admin_changes_their_own_password_with_the_current_one(staff, app, admin):
    own = _id(app, ADMIN)
    response = _post(staff, admin, f"/admin/users/{own}/password",
                     password=FIRST, confirm=FIRST)
    assert response.status_code == 302 and response.location == "/account/password"
    assert verify_password(_user(app, ADMIN).password_hash, staff.password)


def test_unknown_accounts(staff, admin):
    assert admin.get("/admin/users/999999").status_code == 404
    assert admin.get("/admin/users/abc").status_code == 404
    assert _post(staff, admin, "/admin/users/999999/disable").status_code == 404


def test_the_audit_log_holds_no_password(staff, app, admin):
    _create(staff, admin)
    target = _id(app, "new@example.org")
    _post(staff, admin, f"/admin/users/{target}/password",
          password="velvet-canyon-drum-61", confirm="velvet-canyon-drum-61")
    _post(staff, admin, f"/admin/users/{target}/disable")
    with app.app_context():
        events = db.session.execute(select(AuditEvent)).scalars().all()
        assert {"user.create", "user.password_change", "user.disable"} <= {
            event.action for event in events}
        for event in events:
            values = " ".join(str(value) for value in vars(event).values())
            assert FIRST not in values and "velvet-canyon-drum-61" not in values
