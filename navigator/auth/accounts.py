"""Accounts: create, sign in, disable, change a password. Each writes its audit event;
the callers commit."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from navigator.audit import record
from navigator.directory.models import Organization
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from . import sessions
from .models import ROLES, User, normalize_email
from .passwords import hash_password, password_problem, verify_nobody, verify_password


class AccountError(ValueError):
    """The account cannot be created or changed; the message says why."""


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(email: str, password: str, role: str,
                organization_id: str | None = None) -> User:
    email = normalize_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(_("%(email)s is not an email address.", email=email)) from None
    if role not in ROLES:
        raise AccountError(_("The role must be one of: %(roles)s.", roles=", ".join(ROLES)))
    if role == "provider" and not organization_id:
        raise AccountError(_("A provider account needs its organization (--organization)."))
    if role != "provider" and organization_id:
        raise AccountError(_("Only provider accounts belong to an organization."))
    if organization_id and db.session.get(Organization, organization_id) is None:
        raise AccountError(_("There is no organization with the id %(id)s.",
                             id=organization_id))
    if find_user(email) is not None:
        raise AccountError(_("There is already an account for %(email)s.", email=email))
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    user = User(email=email, password_hash=hash_password(password), role=role,
                organization_id=organization_id)
    db.session.add(user)
    db.session.flush()
    record("user.create", "user", user.id)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active account with this email and password, or None; audited either way
    (a failure names the account only when it exists, never the typed email)."""
    user = find_user(email)
    if user is None:
        verify_nobody(password)
        record("auth.sign_in_failed")
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        record("auth.sign_in_failed", "user", user.id, user=user)
        return None
    from .passwords import hasher

    if hasher.check_needs_rehash(user.password_hash):  # stronger settings since then
        user.password_hash = hash_password(password)
    return user


def sign_in(user: User) -> str:
    token = sessions.start_session(user)
    record("auth.sign_in", "user", user.id, user=user)
    return token


def disable_user(user: User) -> None:
    user.active = False
    sessions.revoke_all(user)
    record("user.disable", "user", user.id)


def change_password(user: User, password: str) -> None:
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    sessions.revoke_all(user)
    record("user.password_change", "user", user.id)
