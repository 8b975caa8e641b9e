"""Sign in and sign out, change one's password, and set one through a one-time link
(an invitation, "forgot password")."""

from __future__ import annotations

from flask import (Blueprint, abort, flash, make_response, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from navigator.audit import record
from navigator.extensions import db, limiter
from . import accounts, attempts, links, mailout, sessions
from .access import safe_next
from .forms import (ChangePasswordForm, ForgotPasswordForm, LoginForm, NewPasswordForm,
                    show_account_error)

blueprint = Blueprint("auth", __name__)

#: Every sign-in attempt (POST) counts towards a limit per client address: one machine
#: cannot try many accounts. Failures count towards a second limit, per account and
#: address, kept in the database (``attempts``). Behind reverse proxies,
#: NAVIGATOR_PROXIES makes the address the client's, not the proxy's; with several
#: workers or hosts, NAVIGATOR_RATELIMIT_STORAGE should be a shared store for this one.
PER_ADDRESS = "20 per minute"
#: "Forgot password" sends email: few per address, as the public forms.
FORGOT_LIMIT = "5 per minute;30 per day"


def _signed_in_home() -> str:
    return url_for({"admin": "admin.home", "provider": "portal.home"}.get(
        current_user.role, "workflow.home"))


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(PER_ADDRESS, methods=["POST"])
def login():
    form = LoginForm(next=request.args.get("next"))
    failed = False
    if form.validate_on_submit():
        address = get_remote_address()
        if attempts.too_many_sign_in_failures(form.email.data, address):
            abort(429)
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            attempts.count_sign_in_failure(form.email.data, address)
            db.session.commit()  # with the audit event of the failure
            failed = True
        else:
            # A fresh Flask session: nothing from before sign-in (or a planted cookie)
            # carries over into the signed-in one.
            session.clear()
            accounts.sign_in(user)
            db.session.commit()
            login_user(user)
            return redirect(safe_next(form.next.data) or _signed_in_home())
    status = 400 if form.is_submitted() else 200
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


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Any signed-in person changes their own password (the current one first).

    Every session of the account ends, this one too; this browser then carries on in a
    new session with a new token (ASVS 3.3: a new session after a credential change).
    """
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if attempts.too_many_wrong_passwords(user):
            abort(429)
        try:
            accounts.change_password(user, form.password.data, form.current_password.data)
        except accounts.AccountError as error:
            db.session.rollback()
            if error.field == "current_password":  # counts towards the limit (attempts)
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
    status = 400 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status


@blueprint.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(FORGOT_LIMIT, methods=["POST"])
def forgot_password():
    """Anyone asks for a link to set a new password. The answer is the same page whatever
    the email (no account, a disabled one, an active one): it tells nobody which exist."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        if user is not None and user.active:
            token = links.issue(user, "reset")
            # Sent after the response (navigator.outbox.drain), not now: how long the
            # answer takes tells nobody whether the account exists.
            mailout.send_link(user.email, links.link_url(token), "reset")
            db.session.commit()
        return render_template("auth/forgot.html", form=ForgotPasswordForm(formdata=None),
                               sent=True)
    status = 400 if form.is_submitted() else 200
    return render_template("auth/forgot.html", form=form, sent=False), status


@blueprint.route("/password/set/<token>", methods=["GET", "POST"])
@limiter.limit(PER_ADDRESS, methods=["POST"])
def set_password(token: str):
    """The one-time page of a link: choose a password. Once set, every session of the
    account ends and the person signs in with it."""
    link = links.valid_link(token)
    if link is None:
        return _private(render_template("auth/link_used.html"), 410)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = links.set_password(token, form.password.data)
        except accounts.AccountError as error:
            db.session.rollback()
            show_account_error(form, error)
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your password is set for %(email)s. Sign in with it.", email=user.email),
                  "success")
            return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return _private(render_template("auth/set_password.html", form=form, token=token,
                                    email=link.user.email), status)


def _private(body: str, status: int):
    """A page of a one-time link: its address (the token) goes to no other site, and
    nothing keeps a copy."""
    response = make_response(body, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
