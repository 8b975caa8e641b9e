"""Limits on guessing passwords, counted in the database: they hold across every worker
and host that shares it, with no other server.

- Sign-in: 5 failures in 15 minutes per account *and* client address. Keyed on the
  account alone, a stranger anywhere could lock a real person out by failing on purpose;
  with the address, the person still signs in from their own machine. A failure is kept
  in ``sign_in_failure`` under a keyed hash of the email typed (an account that exists
  and one that does not are counted alike, so the limit tells nobody which exists; the
  audit log's events name only existing accounts), and forgotten after the window.
- Changing one's password: 5 wrong current passwords in 15 minutes per account, from
  anywhere (whoever holds a session, a thief too, cannot get more tries elsewhere),
  counted from the audit log's ``auth.password_check_failed`` events.

Requests that arrive at the very same moment may each see the count below the limit:
the limit is exact for one request after another, the usual way of guessing.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from navigator.audit import AuditEvent
from navigator.config import signing_keys
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from .models import SignInFailure, User, normalize_email

LIMIT = 5
WINDOW = timedelta(minutes=15)


def account_key(email: str) -> str:
    """The typed email as the failures know it: an HMAC under the app's secret key, so
    the table holds no address book (nor a password typed in the email box)."""
    return account_keys(email)[0]


def account_keys(email: str) -> list[str]:
    """The typed email's hash under the current secret key, then under each fallback key:
    failures counted before a key rotation still count."""
    typed = normalize_email(email).encode()
    return [hmac.new(key, typed, hashlib.sha256).hexdigest()
            for key in signing_keys(current_app.config)]


def too_many_sign_in_failures(email: str, address: str, now: datetime | None = None) -> bool:
    """Whether ``email`` failed to sign in from ``address`` ``LIMIT`` times within the
    window: then the password is not even checked."""
    since = (now or utcnow()) - WINDOW
    failures = db.session.scalar(select(func.count()).select_from(SignInFailure).where(
        SignInFailure.account_key.in_(account_keys(email)),
        SignInFailure.client_address == address, SignInFailure.occurred_at >= since))
    return failures >= LIMIT


def count_sign_in_failure(email: str, address: str, now: datetime | None = None) -> None:
    """Keep a failed sign-in (the caller commits), and forget those past the window."""
    now = now or utcnow()
    db.session.execute(delete(SignInFailure).where(SignInFailure.occurred_at < now - WINDOW))
    db.session.add(SignInFailure(account_key=account_key(email), client_address=address,
                                 occurred_at=now))


def too_many_wrong_passwords(user: User, now: datetime | None = None) -> bool:
    """Whether ``user``'s current password was given wrong ``LIMIT`` times within the
    window, wherever from (``accounts.change_password``'s callers record each one)."""
    since = (now or utcnow()) - WINDOW
    wrong = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "auth.password_check_failed", AuditEvent.entity_type == "user",
        AuditEvent.entity_id == str(user.id), AuditEvent.occurred_at >= since))
    return wrong >= LIMIT
