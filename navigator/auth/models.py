"""Staff accounts, their server-side sessions, recent failed sign-ins, and one-time links
to set a password."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from navigator.directory.models.base import ID_LENGTH, UTCDateTime, utcnow
from navigator.extensions import db

ROLES = ("admin", "navigator", "provider")


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def token_digest(token: str) -> str:
    """What the database keeps of a session token: a stolen table signs nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(db.Model):
    """A staff account: an admin, a care navigator, or a provider's staff member."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    #: The organization a provider works for (set for providers only). An organization
    #: removed from the directory leaves its providers without access, not deleted.
    organization_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("organization.id", ondelete="SET NULL"), index=True)
    #: A provider who may invite colleagues to its own organization (and no other).
    organization_admin: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default=false())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The team a navigator works in (a HEART team, the call-diversion desk...), for the
    #: city's reports; free text set by an admin, optional.
    team: Mapped[str | None] = mapped_column(String(64))
    #: A navigator who wants notices (a provider answered a referral) by email too.
    notify_by_email: Mapped[bool] = mapped_column(Boolean, default=False,
                                                  server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization = relationship("Organization", lazy="joined")

    #: The session this request was signed in with (set by the user loader, not stored).
    session_token = None

    @validates("email")
    def _lowercase(self, key, value: str) -> str:
        return normalize_email(value)

    # -- Flask-Login ---------------------------------------------------------------------

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        # The session token, not the user id: the Flask session names a server-side
        # session row, so revoking that row signs this browser out.
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class UserSession(db.Model):
    """One sign-in: revocable, ended by idleness and by age (``auth.sessions``)."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class SignInFailure(db.Model):
    """A failed sign-in, kept only as long as it counts towards the limit on failures
    (``auth.attempts``): the account as a keyed hash of the email typed, never the email."""

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    client_address: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class AccountLink(db.Model):
    """A one-time link to set an account's password: an invitation, or "forgot password"
    (``auth.links``). Only the SHA-256 of its token is kept; used, it is never valid again."""

    __tablename__ = "account_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")
