"""Sign in and sign out."""

from __future__ import annotations

import hashlib

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from navigator.audit import record
from navigator.extensions import db, limiter
from . import accounts, sessions
from .access import safe_next
from .forms import ChangePasswordForm, LoginForm, show_account_error
from .models import normalize_email

blueprint = Blueprint("auth", __name__)

#: Two limits on sign-in attempts (POSTs):
#: - per client address, every attempt counts: one machine cannot try many accounts;
#: - per account *and* address, only failed attempts count: one machine cannot try many
#:   passwords on one account. Keying on the account alone would let a stranger anywhere
#:   lock a real person out by failing on purpose; keyed with the address, the person
#:   can still sign in from their own machine.
#: Behind reverse proxies, NAVIGATOR_PROXIES makes the address the client's, not the
#: proxy's. With several workers, NAVIGATOR_RATELIMIT_STORAGE must be a shared store.
PER_ADDRESS = "20 per minute"
PER_ACCOUNT_AND_ADDRESS = "5 per 15 minutes"


def _account_and_address() -> str:
    # The email is hashed: counters (in memory or in redis) hold no address book.
    email = normalize_email(request.form.get("email", ""))
    return f"{hashlib.sha256(email.encode()).hexdigest()[:32]}@{get_remote_address()}"


def _signed_in_home() -> str:
    return url_for({"admin": "admin.home", "provider": "portal.home"}.get(
        current_user.role, "workflow.home"))


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(PER_ADDRESS, methods=["POST"])
@limiter.limit(PER_ACCOUNT_AND_ADDRESS, methods=["POST"], key_func=_account_and_address,
               deduct_when=lambda response: response.status_code != 302)
def login():
    form = LoginForm(next=request.args.get("next"))
    failed = False
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.commit()  # the audit event of the failure
            failed = True
        else:
            # A fresh Flask session: nothing from before sign-in (or a planted cookie)
            # carries over into the signed-in one.
            session.clear()
            accounts.sign_in(user)
            db.session.commit()
            login_user(user)
            return redirect(safe_next(form.next.data) or _signed_in_home())
    status = 200 if request.method == "GET" else 400
    return render_template("auth/login.html", form=form,
                           failed=_("Email or password is not right") if failed else None), status


@blueprint.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        sessions.revoke(current_user.session_token)
        record("auth.sign_out", "user", current_user.id)
        db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def _signed_in_account() -> str:
    # The account alone, not the address: whoever holds this session (a thief too)
    # cannot get more tries by moving to another machine.
    who = current_user.id if current_user.is_authenticated else get_remote_address()
    return f"password-change:{who}"


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(PER_ACCOUNT_AND_ADDRESS, methods=["POST"], key_func=_signed_in_account,
               deduct_when=lambda response: g.get("wrong_current_password", False))
def change_password():
    """Any signed-in person changes their own password (the current one first).

    Every session of the account ends, this one too; this browser then carries on in a
    new session with a new token (ASVS 3.3: a new session after a credential change).
    """
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(user, form.password.data, form.current_password.data)
        except accounts.AccountError as error:
            db.session.rollback()
            if error.field == "current_password":
                g.wrong_current_password = True  # counts towards the rate limit
                record("auth.password_check_failed", "user", user.id)
                db.session.commit()
            show_account_error(form, error)
        else:
            session.clear()
            sessions.start_session(user)
            db.session.commit()
            login_user(user)
            flash(_("Your password is changed. You are signed out everywhere else."), "success")
            return redirect(_signed_in_home())
    status = 200 if request.method == "GET" else 400
    return render_template("auth/password.html", form=form), status
