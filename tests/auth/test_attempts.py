"""The limits on guessing passwords hold across app instances (workers, hosts) sharing one
database. Each instance here is an app of its own, and the in-memory counters of the
forms' rate limits are emptied before every request, as if each request landed on a
worker that had never seen the address: only what the database counts remains."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from navigator import create_app
from navigator.auth import attempts
from navigator.auth.models import SignInFailure
from navigator.directory.models.base import utcnow
from navigator.extensions import db, limiter
from tests.staff_accounts import Staff

WRONG = "wrong-password-here"
SHARED = ("TESTING", "SQLALCHEMY_DATABASE_URI", "NAVIGATOR_INDEX_DIR", "SECRET_KEY",
          "NAVIGATOR_PASSWORD_HASH")


@pytest.fixture
def instances(app, staff):
    """Two more instances of the app on the test database, as two workers would be."""
    apps = [create_app({name: app.config[name] for name in SHARED}) for _ in range(2)]
    yield [Staff(instance) for instance in apps]
    for instance in apps:
        with instance.app_context():
            db.engine.dispose()


def _each_on_a_fresh_worker(attempt) -> int:
    limiter.reset()
    return attempt().status_code


def test_sign_in_failures_count_across_instances(staff, instances):
    staff.user()
    clients = [instance.client() for instance in instances]
    codes = [_each_on_a_fresh_worker(lambda n=n: instances[n % 2].sign_in(
        clients[n % 2], password=WRONG)) for n in range(6)]
    assert codes == [400] * 5 + [429]
    # Even the right password waits on that machine, on either instance...
    for instance, client in zip(instances, clients):
        assert _each_on_a_fresh_worker(lambda: instance.sign_in(client)) == 429
    # ...but the person signs in from their own machine.
    other = instances[1].client()
    assert other.post("/login", data={
        "csrf_token": staff.csrf(other), "email": "navigator@example.org",
        "password": staff.password}, environ_base={"REMOTE_ADDR": "10.0.0.9"}) \
        .status_code == 302


def test_an_unknown_account_is_limited_alike_and_its_email_is_not_kept(staff, app):
    """The limit tells nobody whether an account exists; the email typed is counted in
    any case and spacing, and kept only as a keyed hash."""
    staff.user()
    client = staff.client()
    for typed in (["navigator@example.org"] * 3 + [" NAVIGATOR@example.ORG"] * 3,
                  ["nobody@example.org"] * 3 + ["Nobody@Example.org "] * 3):
        codes = [_each_on_a_fresh_worker(lambda email=email: staff.sign_in(
            client, email, password=WRONG)) for email in typed]
        assert codes == [400] * 5 + [429], typed
    with app.app_context():
        rows = db.session.execute(select(SignInFailure.account_key,
                                         SignInFailure.client_address)).all()
        assert len(rows) == 10 and {address for _, address in rows} == {"127.0.0.1"}
        assert not any("example" in key.lower() for key, _ in rows)
        assert {key for key, _ in rows} == {attempts.account_key("navigator@example.org"),
                                            attempts.account_key("nobody@example.org")}


def test_failures_past_the_window_no_longer_count_and_are_forgotten(staff, app):
    staff.user()
    with app.app_context():
        long_ago = utcnow() - attempts.WINDOW - timedelta(seconds=1)
        for _ in range(attempts.LIMIT):
            attempts.count_sign_in_failure("navigator@example.org", "127.0.0.1", long_ago)
        db.session.commit()
    client = staff.client()
    assert staff.sign_in(client, password=WRONG).status_code == 400
    with app.app_context():
        assert db.session.scalars(select(SignInFailure.occurred_at)).one() > long_ago
    assert staff.sign_in(client).status_code == 302


def test_wrong_current_passwords_count_across_instances(staff, instances):
    staff.user()
    clients = [instance.client() for instance in instances]
    for instance, client in zip(instances, clients):
        assert instance.sign_in(client).status_code == 302

    def change(n, current):
        client = clients[n % 2]
        return client.post("/account/password", data={
            "csrf_token": staff.csrf(client, "/account/password"),
            "current_password": current, "password": "quiet-orchard-ferry-83",
            "confirm": "quiet-orchard-ferry-83"})

    codes = [_each_on_a_fresh_worker(lambda n=n: change(n, f"wrong-password-{n}"))
             for n in range(5)]
    codes.append(_each_on_a_fresh_worker(lambda: change(1, staff.password)))
    assert codes == [400] * 5 + [429]
