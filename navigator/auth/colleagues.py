"""Organization admins: a provider with ``User.organization_admin`` sees its organization's
provider accounts and invites colleagues to that organization, and to no other.

The organization of a colleague's invitation is always the inviter's own, read from its
account, never from what a request sends. The invitation is the administrators' own kind
(``accounts.invite_user``, audited, and a one-time link from ``links.issue``) for a
provider account that is not an organization admin: only an administrator makes one
(``accounts.set_organization_admin``).
"""

from __future__ import annotations

from sqlalchemy import select

from navigator.extensions import db
from . import accounts, links
from .models import User


class NotAnOrganizationAdmin(PermissionError):
    """The account may not invite colleagues."""


def may_invite(user) -> bool:
    """Whether ``user`` is an active provider, organization admin of an organization
    that is still in the directory."""
    return bool(getattr(user, "is_authenticated", False) and user.active
                and user.role == "provider" and user.organization_admin
                and user.organization_id is not None and user.organization is not None)


def team(organization_id: str) -> list[User]:
    """The provider accounts of ``organization_id``, by email."""
    return list(db.session.scalars(select(User).where(
        User.organization_id == organization_id, User.role == "provider")
        .order_by(User.email)))


def invite(inviter: User, email: str) -> tuple[User, str]:
    """A new provider account of ``inviter``'s organization and the token of its one-time
    link (added to the session; the caller commits and sends the link).
    NotAnOrganizationAdmin when ``inviter`` may not invite; ``accounts.AccountError``
    when the email cannot be given an account."""
    if not may_invite(inviter):
        raise NotAnOrganizationAdmin(getattr(inviter, "id", None))
    user = accounts.invite_user(email, "provider", inviter.organization_id, by=inviter)
    return user, links.issue(user, "invite")
