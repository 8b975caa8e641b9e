"""The secret key: required whenever the database is PostgreSQL (several workers and hosts
sign alike), and rotated with fallback keys, under which what was signed before still
verifies: the session cookie, a form's CSRF token, the sign-in failures' hashes."""

from __future__ import annotations

import pytest

from navigator import create_app
from navigator.config import ConfigError
from navigator.extensions import db, limiter
from tests.staff_accounts import Staff

POSTGRES = "postgresql+psycopg://nobody@127.0.0.1:1/nothing"
WRONG = "wrong-password-here"


def test_postgresql_in_the_environment_requires_a_secret_key(monkeypatch):
    monkeypatch.delenv("NAVIGATOR_SECRET_KEY", raising=False)
    monkeypatch.setenv("NAVIGATOR_DATABASE_URL", POSTGRES)
    with pytest.raises(ConfigError, match="NAVIGATOR_SECRET_KEY must be set when"):
        create_app()


def test_postgresql_given_in_code_requires_a_secret_key(monkeypatch):
    monkeypatch.delenv("NAVIGATOR_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="NAVIGATOR_SECRET_KEY must be set when"):
        create_app({"SQLALCHEMY_DATABASE_URI": POSTGRES})


def test_sqlite_in_development_keeps_a_key_of_its_own(monkeypatch, tmp_path):
    monkeypatch.delenv("NAVIGATOR_SECRET_KEY", raising=False)
    url = f"sqlite:///{tmp_path / 'one.db'}"
    first, second = (create_app({"SQLALCHEMY_DATABASE_URI": url}) for _ in range(2))
    assert first.config["SECRET_KEY"] and \
        first.config["SECRET_KEY"] == second.config["SECRET_KEY"]


def test_fallback_keys_come_from_the_environment(monkeypatch, app):
    monkeypatch.setenv("NAVIGATOR_SECRET_KEY", "new-key")
    monkeypatch.setenv("NAVIGATOR_SECRET_KEY_FALLBACKS", " older-key, old-key ,")
    rotated = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    assert rotated.config["SECRET_KEY"] == "new-key"
    assert rotated.config["SECRET_KEY_FALLBACKS"] == ["older-key", "old-key"]


@pytest.fixture
def keyed(app, staff):
    """Apps on the test database signing with the key they are given, and fallbacks."""
    made = []

    def make(key: str, *fallbacks: str) -> Staff:
        made.append(create_app({
            "TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "NAVIGATOR_INDEX_DIR": app.config["NAVIGATOR_INDEX_DIR"],
            "NAVIGATOR_PASSWORD_HASH": "fast", "SECRET_KEY": key,
            "SECRET_KEY_FALLBACKS": list(fallbacks)}))
        return Staff(made[-1])

    yield make
    for each in made:
        with each.app_context():
            db.engine.dispose()


def _moved(client, to):
    """A client of ``to`` holding ``client``'s session cookie (the browser, after the
    server's key changed)."""
    moved = to.client()
    moved.set_cookie("session", client.get_cookie("session").value)
    return moved


def test_a_session_signed_with_the_old_key_still_works(keyed):
    old = keyed("old-key")
    old.user()
    client = old.client()
    assert old.sign_in(client).status_code == 302
    assert client.get("/navigator/caseload").status_code == 200
    rotated = _moved(client, keyed("new-key", "old-key"))
    assert rotated.get("/navigator/caseload").status_code == 200
    # Without the fallback, the cookie is not trusted: signed out.
    assert _moved(client, keyed("new-key")).get("/navigator/caseload").status_code == 302


def test_a_form_signed_with_the_old_key_is_still_accepted(keyed):
    old = keyed("old-key")
    old.user()
    client = old.client()
    token = old.csrf(client)
    for new, code in ((keyed("new-key", "old-key"), 302), (keyed("new-key"), 400)):
        moved = _moved(client, new)
        answer = moved.post("/login", data={"csrf_token": token,
                                            "email": "navigator@example.org",
                                            "password": new.password})
        assert answer.status_code == code


def test_sign_in_failures_counted_under_the_old_key_still_count(keyed):
    old = keyed("old-key")
    old.user()
    client = old.client()
    for _ in range(5):
        limiter.reset()
        assert old.sign_in(client, password=WRONG).status_code == 400
    new = keyed("new-key", "old-key")
    limiter.reset()
    assert new.sign_in(new.client()).status_code == 429
