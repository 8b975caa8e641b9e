"""Password hashing (argon2id) and the password policy.

The policy follows NIST SP 800-63B: 12 to 128 characters, any characters, no composition
rules; refused are the most common passwords (the 30,000 of zxcvbn's frequency list, from
real password leaks), passwords that zxcvbn estimates as easy to guess (a word with a
digit, a keyboard walk, a repetition, the site's or the person's own name) and the email
address itself.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import gettext as _
from werkzeug.local import LocalProxy
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from ..config import ConfigError, password_hash_problem

MIN_LENGTH = 12
MAX_LENGTH = 128
#: zxcvbn's score 3 means "safely unguessable" (about 10^8 guesses or more).
MIN_SCORE = 3
#: Words anyone attacking this site would try first.
SITE_WORDS = ["durham", "navigator", "heart", "community", "safety", "crisis"]

#: The hashers of the profiles of ``NAVIGATOR_PASSWORD_HASH``. A hash holds its own
#: parameters: either profile verifies the other's hashes.
_HASHERS = {
    # argon2-cffi's defaults are RFC 9106's second recommended profile: argon2id, 64 MiB,
    # 3 passes, 4 lanes (above OWASP's minimum of 19 MiB and 2 passes).
    "default": PasswordHasher(),
    # argon2id at its cheapest (8 KiB, 1 pass, about 1000 times faster): for tests only,
    # refused in production.
    "fast": PasswordHasher.from_parameters(profiles.CHEAPEST),
}


def _profile() -> str:
    """The current app's profile; "default" outside an app context."""
    if not has_app_context():
        return "default"
    config = current_app.config
    profile = config.get("NAVIGATOR_PASSWORD_HASH", "default")
    problem = password_hash_problem(profile, config.get("NAVIGATOR_ENV", "development"))
    if problem:
        raise ConfigError(problem)
    return profile


def _current_hasher() -> PasswordHasher:
    return _HASHERS[_profile()]


#: The current app's hasher (``hash``, ``verify``, ``check_needs_rehash``): a hash made
#: with other parameters than the current ones needs rehashing.
hasher = LocalProxy(_current_hasher)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, email: str = "") -> str | None:
    """Why ``password`` is refused, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(count)d characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use %(count)d characters or fewer.", count=MAX_LENGTH)
    email = email.strip().lower()
    if email and password.strip().lower() in (email, email.split("@")[0]):
        return _("Do not use your email address as your password.")
    if password.lower() in _common():
        return _("This is one of the most common passwords. Choose another.")
    user_inputs = SITE_WORDS + ([email, *email.replace("@", ".").split(".")] if email else [])
    if zxcvbn(password, user_inputs=user_inputs, max_length=MAX_LENGTH)["score"] < MIN_SCORE:
        return _("This password is easy to guess. A few unrelated words make a strong one.")
    return None


def hash_password(password: str) -> str:
    return hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=None)
def _dummy_hash(profile: str) -> str:
    return _HASHERS[profile].hash("a password nobody has, for unknown accounts")


def verify_nobody(password: str) -> None:
    """Spend the time a real check takes, so that an unknown email answers as slowly
    as a wrong password (a dummy hash of the current profile)."""
    verify_password(_dummy_hash(_profile()), password)
