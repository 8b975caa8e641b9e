"""Accounts: create, sign in, disable, change a password. Each writes its audit event;
the callers commit."""

from __future__ import annotations

from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select

from navigator.audit import record
from navigator.directory.models import Organization
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from . import sessions
from .models import ROLES, User, UserSession, normalize_email
from .passwords import hash_password, password_problem, verify_nobody, verify_password

#: The password hash of an invited account until the person sets a password: no
#: password verifies against it.
NO_PASSWORD = "!unusable"


class AccountError(ValueError):
    """The account cannot be created or changed; the message says why and ``field``
    names what was wrong (``email``, ``role``, ``organization_id``, ``organization_admin``,
    ``password``, ``current_password``; None: the whole action), so a form can show it in
    place."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def accounts_with_last_sign_in() -> list[tuple[User, datetime | None]]:
    """Every account by email, each with when it last signed in (None: never)."""
    last = (select(UserSession.user_id, func.max(UserSession.created_at).label("at"))
            .group_by(UserSession.user_id).subquery())
    rows = db.session.execute(select(User, last.c.at).outerjoin(last, last.c.user_id == User.id)
                              .order_by(User.email))
    return [(user, at) for user, at in rows]


def _check_new_account(email: str, role: str, organization_id: str | None) -> str:
    """The normalized email of a new account, or AccountError saying what is wrong."""
    email = normalize_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(_("%(email)s is not an email address.", email=email),
                           "email") from None
    _check_role(role, organization_id)
    if find_user(email) is not None:
        raise AccountError(_("There is already an account for %(email)s.", email=email),
                           "email")
    return email


def _check_role(role: str, organization_id: str | None) -> None:
    if role not in ROLES:
        raise AccountError(_("The role must be one of: %(roles)s.", roles=", ".join(ROLES)),
                           "role")
    if role == "provider" and not organization_id:
        raise AccountError(_("A provider account needs its organization."),
                           "organization_id")
    if role != "provider" and organization_id:
        raise AccountError(_("Only provider accounts belong to an organization."),
                           "organization_id")
    if organization_id and db.session.get(Organization, organization_id) is None:
        raise AccountError(_("There is no organization with the id %(id)s.",
                             id=organization_id), "organization_id")


def _check_organization_admin(role: str, organization_admin: bool) -> None:
    if organization_admin and role != "provider":
        raise AccountError(_("Only provider staff can be organization admins: they invite "
                             "colleagues to their own organization."), "organization_admin")


def awaiting_password(user: User) -> bool:
    """Invited, and the person has not chosen a password yet."""
    return user.password_hash == NO_PASSWORD


def create_user(email: str, password: str, role: str,
                organization_id: str | None = None) -> User:
    email = _check_new_account(email, role, organization_id)
    _check_password(password, email)
    user = User(email=email, password_hash=hash_password(password), role=role,
                organization_id=organization_id)
    db.session.add(user)
    db.session.flush()
    record("user.create", "user", user.id)
    return user


def invite_user(email: str, role: str, organization_id: str | None = None,
                organization_admin: bool = False, by: User | None = None) -> User:
    """A new account without a usable password: the person sets one through the link of
    their invitation (``links.issue(user, "invite")``). ``organization_admin``: a provider
    who may invite colleagues to its organization. ``by``: who invites (the audit log's
    actor; the signed-in user when not given)."""
    email = _check_new_account(email, role, organization_id)
    _check_organization_admin(role, organization_admin)
    user = User(email=email, password_hash=NO_PASSWORD, role=role,
                organization_id=organization_id, organization_admin=organization_admin)
    db.session.add(user)
    db.session.flush()
    record("user.invite", "user", user.id, user=by)
    if organization_admin:
        record("user.organization_admin_grant", "user", user.id, user=by)
    return user


def change_role(user: User, role: str, organization_id: str | None,
                by: User | None = None, organization_admin: bool | None = None) -> bool:
    """Give ``user`` another role or organization (the same rules as a new account's);
    a new role ends the account's sessions, so that no page opened under the old one
    carries on. An admin may not take away their own admin role. ``organization_admin``
    sets or clears that flag (providers only; None keeps it, but an account that stops
    being a provider loses it). Returns whether anything changed."""
    organization_id = organization_id or None
    _check_role(role, organization_id)
    _check_organization_admin(role, bool(organization_admin))
    if by is not None and by.id == user.id and role != user.role:
        raise AccountError(_("You cannot change your own role. Ask another "
                             "administrator."), "role")
    changed = False
    if role != user.role:
        user.role = role
        sessions.revoke_all(user)
        record("user.role_change", "user", user.id)
        changed = True
    if organization_id != user.organization_id:
        user.organization_id = organization_id
        record("user.organization_change", "user", user.id)
        changed = True
    if organization_admin is None:
        organization_admin = user.organization_admin and role == "provider"
    return set_organization_admin(user, organization_admin) or changed


def set_organization_admin(user: User, organization_admin: bool) -> bool:
    """Let a provider invite colleagues to its own organization, or stop it; audited.
    Returns whether it changed."""
    _check_organization_admin(user.role, organization_admin)
    if bool(user.organization_admin) == organization_admin:
        return False
    user.organization_admin = organization_admin
    record("user.organization_admin_grant" if organization_admin
           else "user.organization_admin_revoke", "user", user.id)
    return True


def authenticate(email: str, password: str) -> User | None:
    """The active account with this email and password, or None; audited either way
    (a failure names the account only when it exists, never the typed email)."""
    user = find_user(email)
    if user is None:
        verify_nobody(password)
        record("auth.sign_in_failed")
        return None
    if user.password_hash == NO_PASSWORD:  # invited, no password yet: as slow as a check
        verify_nobody(password)
        record("auth.sign_in_failed", "user", user.id, user=user)
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


def _check_password(password: str, email: str) -> None:
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")


def disable_user(user: User, by: User | None = None) -> None:
    """No more sign-ins for ``user``, and its sessions end. ``by``, the admin doing it,
    may not disable their own account: nobody would be left to undo it."""
    if by is not None and by.id == user.id:
        raise AccountError(_("You cannot disable your own account. Ask another "
                             "administrator."))
    user.active = False
    sessions.revoke_all(user)
    record("user.disable", "user", user.id)


def set_organization(user: User, organization_id: str) -> None:
    """Link a provider account to its organization (again: after an import that
    replaced the directory without it, say)."""
    if user.role != "provider":
        raise AccountError(_("Only provider accounts belong to an organization."),
                           "organization_id")
    if db.session.get(Organization, organization_id) is None:
        raise AccountError(_("There is no organization with the id %(id)s.",
                             id=organization_id), "organization_id")
    user.organization_id = organization_id
    record("user.organization_change", "user", user.id)


def enable_user(user: User) -> None:
    user.active = True
    record("user.enable", "user", user.id)


def change_password(user: User, password: str, current_password: str | None = None) -> None:
    """A new password for ``user``; every session of the account ends (the caller may
    start a new one). When the person changes their own password, ``current_password``
    must be right (``field`` ``current_password`` otherwise)."""
    if current_password is not None:
        if not verify_password(user.password_hash, current_password):
            raise AccountError(_("Your current password is not right."), "current_password")
        if password == current_password:
            raise AccountError(_("Choose a password different from your current one."),
                               "password")
    _check_password(password, user.email)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    sessions.revoke_all(user)
    record("user.password_change", "user", user.id)
