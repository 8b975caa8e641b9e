"""Who may open a signed-in page: ``login_required`` and ``roles_required``."""

from __future__ import annotations

from functools import wraps
from typing import Callable
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask_login import current_user, login_required

from navigator.extensions import login_manager

__all__ = ["login_required", "roles_required", "safe_next", "without_user"]


def roles_required(*roles: str) -> Callable:
    """Signed in with one of ``roles``: anonymous people go to sign in, others get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site (never another host), else None."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(c in target for c in "\\\r\n\t"):
        return None
    return target


def without_user() -> None:
    """The rest of this request sees an anonymous visitor, and never asks the database
    who is signed in: for the error page of an outage. The sign-in itself (the session
    cookie) is kept for the next request."""
    # Flask-Login keeps the request's user on ``g``; this is its own way to set it.
    login_manager._update_request_context_with_user()


def init_app(app) -> None:
    from .sessions import load_user

    login_manager.init_app(app)
    login_manager.user_loader(load_user)

    @login_manager.unauthorized_handler
    def to_sign_in():
        # Only the path (and its query) comes back as ``next``: never a host.
        here = request.full_path if request.query_string else request.path
        return redirect(url_for("auth.login", next=safe_next(here)))
