"""Server-side sessions: one row per sign-in, ended by sign-out, idleness, age, or a
change to the account (disabled, new password).

The browser's (signed) Flask session holds only the random token; the database keeps its
SHA-256. Flask-Login's ``get_id`` is that token, so every request looks the row up and a
revoked or expired row signs the browser out at once.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from navigator.directory.models.base import utcnow
from navigator.extensions import db
from .models import User, UserSession, token_digest

#: last_seen_at is written at most this often: idleness is measured to the minute, and a
#: page with many requests costs one write, not one per request.
SEEN_RESOLUTION = timedelta(minutes=1)


def start_session(user: User) -> str:
    """A new session row for ``user`` (added, not committed); returns the token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(UserSession(token_hash=token_digest(token), user_id=user.id,
                               created_at=now, last_seen_at=now))
    user.session_token = token
    return token


def _limits() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return (timedelta(minutes=config["NAVIGATOR_IDLE_MINUTES"]),
            timedelta(hours=config["NAVIGATOR_SESSION_HOURS"]))


def is_expired(row: UserSession, now: datetime) -> bool:
    idle, lifetime = _limits()
    return now - row.last_seen_at > idle or now - row.created_at > lifetime


def load_user(token: str) -> User | None:
    """Flask-Login's user loader: the user of a live session, or None."""
    row = db.session.scalar(select(UserSession).where(
        UserSession.token_hash == token_digest(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    if is_expired(row, now):
        return None
    if now - row.last_seen_at >= SEEN_RESOLUTION:
        # Its own short transaction: the request's session may hold a view's
        # half-done changes, which must not be committed here.
        with db.engine.begin() as connection:
            connection.execute(update(UserSession).where(UserSession.id == row.id)
                               .values(last_seen_at=now))
    user = row.user
    user.session_token = token
    return user


def revoke(token: str) -> None:
    """End one session (sign-out); the caller commits."""
    db.session.execute(update(UserSession).where(
        UserSession.token_hash == token_digest(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow()))


def revoke_all(user: User) -> None:
    """End every session of ``user`` (disabled, new password); the caller commits."""
    db.session.execute(update(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow()))
