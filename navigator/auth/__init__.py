"""Staff accounts: users and roles, sign-in and sign-out, sessions, password policy."""

from .access import login_required, roles_required

__all__ = ["login_required", "roles_required"]
