"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters
from argon2.low_level import Type

from navigator.auth.passwords import (MAX_LENGTH, MIN_LENGTH, hash_password, password_problem,
                                      verify_password)


def test_hashes_are_argon2id_with_owasp_level_parameters():
    stored = hash_password("blue-harbor-lantern-47")
    assert stored.startswith("$argon2id$v=19$")
    parameters = extract_parameters(stored)
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= 19 * 1024 and parameters.time_cost >= 2
    assert "blue-harbor" not in stored
    assert verify_password(stored, "blue-harbor-lantern-47")
    assert not verify_password(stored, "blue-harbor-lantern-48")
    assert not verify_password("not a hash", "blue-harbor-lantern-47")


def test_two_hashes_of_one_password_differ():
    assert hash_password("blue-harbor-lantern-47") != hash_password("blue-harbor-lantern-47")


@pytest.mark.parametrize("password", [
    "blue-harbor-lantern-47",
    "correct horse battery staple",
    "ñandú corre por el río",  # any characters, no composition rules
    "kittens on the porch",   # lower case letters and spaces only
])
def test_good_passwords_pass(app_context, password):
    assert password_problem(password, "nav@example.org") is None


def test_length_bounds(app_context):
    assert "at least 12" in password_problem("x7#Kq!2mZ@p", "")  # 11
    assert password_problem("x7#Kq!2mZ@pL", "") is None  # 12
    long = ("rivers hold stones " * 10)[:MAX_LENGTH]
    assert password_problem(long, "") is None or "easy" in password_problem(long, "")
    assert "128 characters or fewer" in password_problem("a" * (MAX_LENGTH + 1), "")
    assert MIN_LENGTH == 12 and MAX_LENGTH == 128


@pytest.mark.parametrize("password", ["123qweasdzxc", "qwerty123456", "1qaz2wsx3edc",
                                      "leavemealone", "Sonyericsson"])
def test_common_passwords_from_real_leaks_are_refused(app_context, password):
    assert "most common passwords" in password_problem(password, "")


@pytest.mark.parametrize("password", ["passwordpassword", "aaaaaaaaaaaa", "123456789012",
                                      "durhamnavigator", "iloveyou1234"])
def test_easily_guessed_passwords_are_refused(app_context, password):
    assert password_problem(password, "") is not None


def test_the_email_is_not_a_password(app_context):
    assert "email" in password_problem("Long.Name@Example.org", "long.name@example.org")
    assert "email" in password_problem("long.name.works@example.org",
                                       "long.name.works@example.org")


def _app_with(**config):
    from flask import Flask

    app = Flask(__name__)
    app.config.update(config)
    return app


def test_production_hashes_with_the_default_profile(monkeypatch):
    from navigator.config import from_environment

    monkeypatch.setenv("NAVIGATOR_ENV", "production")
    monkeypatch.setenv("NAVIGATOR_SECRET_KEY", "x" * 32)
    monkeypatch.delenv("NAVIGATOR_PASSWORD_HASH", raising=False)
    config = from_environment()
    assert config["NAVIGATOR_PASSWORD_HASH"] == "default"
    with _app_with(**config).app_context():
        parameters = extract_parameters(hash_password("blue-harbor-lantern-47"))
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= 19 * 1024 and parameters.time_cost >= 2


def test_production_refuses_the_fast_profile(monkeypatch):
    from navigator.config import ConfigError, from_environment

    monkeypatch.setenv("NAVIGATOR_ENV", "production")
    monkeypatch.setenv("NAVIGATOR_SECRET_KEY", "x" * 32)
    monkeypatch.setenv("NAVIGATOR_PASSWORD_HASH", "fast")
    with pytest.raises(ConfigError, match="NAVIGATOR_PASSWORD_HASH=fast"):
        from_environment()
    monkeypatch.setenv("NAVIGATOR_PASSWORD_HASH", "quick")
    monkeypatch.setenv("NAVIGATOR_ENV", "development")
    with pytest.raises(ConfigError, match="NAVIGATOR_PASSWORD_HASH"):
        from_environment()
    # Nor does an app whose config was given in code hash with it.
    with _app_with(NAVIGATOR_ENV="production", NAVIGATOR_PASSWORD_HASH="fast").app_context():
        with pytest.raises(ConfigError, match="NAVIGATOR_PASSWORD_HASH=fast"):
            hash_password("blue-harbor-lantern-47")


def test_hashes_of_either_profile_verify_under_the_other():
    from navigator.auth.passwords import hasher, verify_nobody

    fast_app = _app_with(NAVIGATOR_PASSWORD_HASH="fast")
    default_app = _app_with(NAVIGATOR_PASSWORD_HASH="default")
    with fast_app.app_context():
        fast = hash_password("blue-harbor-lantern-47")
        verify_nobody("blue-harbor-lantern-47")
    with default_app.app_context():
        slow = hash_password("blue-harbor-lantern-47")
        assert verify_password(fast, "blue-harbor-lantern-47")
        assert not verify_password(fast, "blue-harbor-lantern-48")
        assert hasher.check_needs_rehash(fast) and not hasher.check_needs_rehash(slow)
    with fast_app.app_context():
        assert verify_password(slow, "blue-harbor-lantern-47")
        assert hasher.check_needs_rehash(slow) and not hasher.check_needs_rehash(fast)
    assert extract_parameters(fast).type is Type.ID
    assert extract_parameters(fast).memory_cost < extract_parameters(slow).memory_cost
