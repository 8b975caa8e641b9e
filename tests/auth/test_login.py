"""Sign-in and sign-out through the real forms: one message for every failure, CSRF,
rate limits per address and per account + address, roles, safe ``next``."""

from __future__ import annotations

import logging

from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.directory.models import Organization
from navigator.extensions import db

WRONG = "Email or password is not right"


def test_the_form_has_the_contract_fields(staff):
    page = staff.client().get("/login").get_data(as_text=True)
    for name in ("email", "password", "csrf_token"):
        assert f'name="{name}"' in page
    assert 'autocomplete="current-password"' in page


def test_head_answers_as_get_on_the_form_pages(staff):
    """A HEAD (a link checker, a monitor) is no submitted form: 200, as a GET is."""
    staff.user(role="admin")
    client = staff.client()
    for path in ("/login", "/callback", "/es/callback"):
        assert client.head(path).status_code == client.get(path).status_code == 200, path
    staff.sign_in(client)
    for path in ("/account/password", "/admin/users/new"):
        assert client.head(path).status_code == client.get(path).status_code == 200, path


def test_sign_in_and_out(staff):
    staff.user("Nav@Example.org")
    client = staff.client()
    signed_in = staff.sign_in(client, "  NAV@example.ORG ")
    assert signed_in.status_code == 302 and signed_in.location.endswith("/navigator")
    assert client.get("/navigator").status_code == 200
    out = client.post("/logout", data={"csrf_token": staff.csrf(client, "/navigator")})
    assert out.status_code == 302
    assert client.get("/navigator").status_code == 302


def test_unknown_account_and_wrong_password_get_the_same_answer(staff):
    staff.user()
    client = staff.client()
    unknown = staff.sign_in(client, "nobody@example.org")
    wrong = staff.sign_in(client, password="blue-harbor-lantern-48")
    assert unknown.status_code == wrong.status_code == 400
    assert WRONG in unknown.get_data(as_text=True)
    assert WRONG in wrong.get_data(as_text=True)
    assert client.get("/navigator").status_code == 302


def test_a_disabled_account_cannot_sign_in(staff, app):
    user_id = staff.user()
    with app.app_context():
        from navigator.auth.accounts import disable_user
        from navigator.auth.models import User

        disable_user(db.session.get(User, user_id))
        db.session.commit()
    response = staff.sign_in(staff.client())
    assert response.status_code == 400 and WRONG in response.get_data(as_text=True)


def test_sign_in_refuses_a_missing_csrf_token(staff):
    staff.user()
    client = staff.client()
    response = client.post("/login", data={"email": "navigator@example.org",
                                           "password": staff.password})
    assert response.status_code == 400
    assert client.get("/navigator").status_code == 302


def test_sign_out_refuses_a_missing_csrf_token_and_get(staff):
    staff.user()
    client = staff.client()
    staff.sign_in(client)
    assert client.post("/logout").status_code == 400
    assert client.get("/logout").status_code == 405
    assert client.get("/navigator").status_code == 200


def test_a_fresh_flask_session_at_sign_in(staff):
    staff.user()
    client = staff.client()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    staff.sign_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_rate_limit_per_account_and_address(staff):
    staff.user()
    client = staff.client()
    codes = [staff.sign_in(client, password="wrong-password-here").status_code
             for _ in range(6)]
    assert codes == [400] * 5 + [429]
    # Even the right password waits on that machine...
    assert staff.sign_in(client).status_code == 429
    # ...but the person signs in from their own machine: a stranger cannot lock them out.
    elsewhere = staff.app.test_client()
    response = elsewhere.post("/login", data={
        "csrf_token": staff.csrf(elsewhere), "email": "navigator@example.org",
        "password": staff.password}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 302


def test_successful_sign_ins_do_not_use_up_the_account_limit(staff):
    staff.user()
    for _ in range(7):
        client = staff.client()
        assert staff.sign_in(client).status_code == 302


def test_rate_limit_per_address(staff):
    client = staff.client()
    codes = [staff.sign_in(client, f"person{n}@example.org").status_code for n in range(21)]
    assert codes == [400] * 20 + [429]


def test_roles(staff, app):
    with app.app_context():
        db.session.add(Organization(id="org-1", name="Helping Hands", description="d"))
        db.session.commit()
    staff.user("provider@example.org", "provider", organization_id="org-1")
    staff.user("admin@example.org", "admin")
    staff.user("navigator@example.org", "navigator")

    provider = staff.client()
    assert staff.sign_in(provider, "provider@example.org").location.endswith("/provider")
    page = provider.get("/provider")
    assert page.status_code == 200 and "Helping Hands" in page.get_data(as_text=True)
    refused = provider.get("/navigator")
    assert refused.status_code == 403 and "Not for this account" in refused.get_data(as_text=True)
    assert provider.get("/admin").status_code == 403

    navigator = staff.client()
    staff.sign_in(navigator)
    assert navigator.get("/navigator").status_code == 200
    assert navigator.get("/provider").status_code == 403
    assert navigator.get("/admin/audit").status_code == 403

    admin = staff.client()
    assert staff.sign_in(admin, "admin@example.org").location.endswith("/admin")
    assert admin.get("/admin").status_code == 200
    assert admin.get("/navigator").status_code == 200
    assert admin.get("/admin/audit").status_code == 200


def test_anonymous_people_are_sent_to_sign_in_and_back(staff):
    staff.user()
    client = staff.client()
    for path in ("/navigator", "/provider", "/admin", "/admin/audit"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.location == f"/login?next={path}"
    back = staff.sign_in(client, next="/admin/audit")
    assert back.location.endswith("/admin/audit")  # the role check comes after


def test_next_never_leaves_the_site(staff):
    staff.user()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example",
                   "javascript:alert(1)"):
        response = staff.sign_in(staff.client(), next=target)
        assert response.status_code == 302 and response.location == "/navigator", target


def test_a_failed_sign_in_logs_neither_email_nor_password(staff, caplog):
    staff.user()
    with caplog.at_level(logging.DEBUG):
        staff.sign_in(staff.client(), "navigator@example.org", "secret-wrong-words-1")
        staff.sign_in(staff.client(), "stranger@example.org", "secret-wrong-words-2")
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for secret in ("navigator@example.org", "stranger@example.org", "secret-wrong-words"):
        assert secret not in logged


def test_sign_ins_are_audited_without_the_typed_email(staff, app):
    user_id = staff.user()
    client = staff.client()
    staff.sign_in(client, "stranger@example.org")
    staff.sign_in(client, password="wrong-password-here")
    staff.sign_in(client)
    client.post("/logout", data={"csrf_token": staff.csrf(client, "/navigator")})
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        seen = [(e.action, e.user_id, e.entity_id) for e in events]
        assert seen == [
            ("user.create", None, str(user_id)),
            ("auth.sign_in_failed", None, None),
            ("auth.sign_in_failed", user_id, str(user_id)),
            ("auth.sign_in", user_id, str(user_id)),
            ("auth.sign_out", user_id, str(user_id)),
        ]
        assert all(e.client_address == "127.0.0.1" for e in events[1:])
        assert events[3].user_role == "navigator"
