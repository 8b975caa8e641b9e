"""One-time links to set an account's password: an administrator's invitation, and
"forgot password". The same kind of link serves both.

The link carries a random token (``secrets.token_urlsafe(32)``); the database keeps only
its SHA-256, so a copy of the table opens no account. A link works once, until it
expires, for an active account only; issuing a new one for the same account and purpose
consumes the earlier ones. Setting the password through a link ends every session of
the account.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import select, update

from navigator.audit import record
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from . import accounts
from .models import AccountLink, User, token_digest

PURPOSES = ("invite", "reset")
#: How long a link works.
LIFETIME = timedelta(hours=48)


def issue(user: User, purpose: str, now: datetime | None = None) -> str:
    """A new link's token for ``user`` (added, not committed); earlier unused links of
    the same purpose for the account are consumed. The token is returned once and never
    kept: the caller puts it in the link it sends or shows."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown link purpose {purpose!r}")
    now = now or utcnow()
    db.session.execute(update(AccountLink).where(
        AccountLink.user_id == user.id, AccountLink.purpose == purpose,
        AccountLink.used_at.is_(None)).values(used_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(AccountLink(token_hash=token_digest(token), user_id=user.id,
                               purpose=purpose, created_at=now, expires_at=now + LIFETIME))
    record(f"user.{purpose}_link", "user", user.id)
    return token


def link_url(token: str) -> str:
    """The address of a one-time link (the token only in its path)."""
    return url_for("auth.set_password", token=token, _external=True)


def valid_link(token: str, now: datetime | None = None) -> AccountLink | None:
    """The unused, unexpired link of an active account that ``token`` opens, or None."""
    if not token or len(token) > 128:
        return None
    digest = token_digest(token)
    link = db.session.scalar(select(AccountLink).where(AccountLink.token_hash == digest))
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    if link.used_at is not None or link.expires_at <= (now or utcnow()):
        return None
    return link if link.user.active else None


def set_password(token: str, password: str, now: datetime | None = None) -> User | None:
    """Set the password of the account ``token``'s link is for (the password policy's
    ``AccountError`` otherwise) and consume the link; every session of the account ends.
    None when the link does not work (used, expired, unknown). The caller commits."""
    link = valid_link(token, now)
    if link is None:
        return None
    accounts.change_password(link.user, password)
    link.used_at = now or utcnow()
    return link.user
