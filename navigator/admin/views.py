"""Admin pages: a home, staff accounts and the audit log."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Callable

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from navigator.audit import AuditEvent
from navigator.auth import accounts, links, mailout, roles_required
from navigator.auth.forms import NewPasswordForm, show_account_error
from navigator.auth.models import User
from navigator.extensions import db
from navigator.review.queue import waiting_count
from navigator.workflow import services as workflow_services

from .forms import AuditFilter, InviteForm, NewUserForm, RoleForm

blueprint = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 100


@blueprint.route("")
@roles_required("admin")
def home():
    from navigator.outbox import counts

    return render_template("admin/home.html", waiting=waiting_count(),
                           failed_messages=counts()["failed"])


@blueprint.route("/users")
@roles_required("admin")
def users():
    return render_template("admin/users.html", rows=accounts.accounts_with_last_sign_in())


@blueprint.route("/users/new", methods=["GET", "POST"])
@roles_required("admin")
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        user = _new_account(form, lambda: accounts.create_user(
            form.email.data, form.password.data, form.role.data,
            form.organization_id.data or None))
        if user is not None:
            flash(_("Account created for %(email)s. Give them the password in person or "
                    "by phone, never by email, and ask them to change it when they first "
                    "sign in.", email=user.email), "success")
            return redirect(url_for("admin.account", user_id=user.id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/user_new.html", form=form), status


def _new_account(form, make: Callable[[], User]) -> User | None:
    """The account ``make`` creates, committed; or None, with the refusal shown on
    ``form`` and nothing written."""
    try:
        user = make()
        db.session.commit()
    except accounts.AccountError as error:
        db.session.rollback()
        show_account_error(form, error)
    except IntegrityError:  # the same email, created by someone else just now
        db.session.rollback()
        show_account_error(form, accounts.AccountError(_(
            "There is already an account for %(email)s.", email=form.email.data), "email"))
    else:
        return user
    return None


def _user_page(user: User, password_form: NewPasswordForm | None = None, status: int = 200,
               role_form: RoleForm | None = None):
    role_form = role_form or RoleForm(formdata=None, role=user.role,
                                      organization_id=user.organization_id or "",
                                      organization_admin=user.organization_admin)
    return render_template("admin/user.html", user=user, role_form=role_form,
                           password_form=password_form or NewPasswordForm()), status


@blueprint.route("/users/invite", methods=["GET", "POST"])
@roles_required("admin")
def invite_user():
    """A new account whose person chooses a password through a one-time link, emailed
    when sending is set up; otherwise shown here once for the admin to pass on."""
    form = InviteForm()
    if form.validate_on_submit():
        issued = {}

        def invite():
            user = accounts.invite_user(form.email.data, form.role.data,
                                        form.organization_id.data or None,
                                        organization_admin=form.organization_admin.data)
            issued["link"] = links.link_url(links.issue(user, "invite"))
            # Written to the outbox in the account's own transaction.
            issued["email"] = mailout.send_link(user.email, issued["link"], "invite")
            return user

        user = _new_account(form, invite)
        if user is not None:
            link = issued["link"]
            sent = mailout.delivered(issued["email"])
            response = make_response(render_template(
                "admin/user_invited.html", user=user, link=None if sent else link))
            response.headers["Referrer-Policy"] = "no-referrer"
            return response
    status = 400 if form.is_submitted() else 200
    return render_template("admin/user_invite.html", form=form), status


@blueprint.route("/users/<int:user_id>/role", methods=["POST"])
@roles_required("admin")
def change_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            changed = accounts.change_role(user, form.role.data,
                                           form.organization_id.data or None, by=current_user,
                                           organization_admin=form.organization_admin.data)
        except accounts.AccountError as error:
            db.session.rollback()
            show_account_error(form, error)
        else:
            db.session.commit()
            if changed and user.organization_admin:
                flash(_("%(email)s is now: %(role)s, organization admin.", email=user.email,
                        role=user.role), "success")
            elif changed:
                flash(_("%(email)s is now: %(role)s.", email=user.email, role=user.role),
                      "success")
            return redirect(url_for("admin.account", user_id=user.id))
    return _user_page(user, status=400, role_form=form)


@blueprint.route("/users/<int:user_id>")
@roles_required("admin")
def account(user_id: int):
    return _user_page(db.get_or_404(User, user_id))


@blueprint.route("/users/<int:user_id>/password", methods=["POST"])
@roles_required("admin")
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        # One's own password is changed with the current one, not reset.
        return redirect(url_for("auth.change_password"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(user, form.password.data)
        except accounts.AccountError as error:
            db.session.rollback()
            show_account_error(form, error)
        else:
            db.session.commit()
            flash(_("New password set for %(email)s; their sessions are ended. Give them "
                    "the password in person or by phone, never by email.",
                    email=user.email), "success")
            return redirect(url_for("admin.account", user_id=user.id))
    return _user_page(user, form, 400)


@blueprint.route("/users/<int:user_id>/disable", methods=["POST"])
@roles_required("admin")
def disable_user(user_id: int):
    user = db.get_or_404(User, user_id)
    try:
        accounts.disable_user(user, by=current_user)
    except accounts.AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _user_page(user, status=400)
    db.session.commit()
    flash(_("%(email)s is disabled; their sessions are ended.", email=user.email), "success")
    return redirect(url_for("admin.account", user_id=user.id))


@blueprint.route("/users/<int:user_id>/enable", methods=["POST"])
@roles_required("admin")
def enable_user(user_id: int):
    user = db.get_or_404(User, user_id)
    accounts.enable_user(user)
    db.session.commit()
    flash(_("%(email)s can sign in again.", email=user.email), "success")
    return redirect(url_for("admin.account", user_id=user.id))


@blueprint.route("/audit")
@roles_required("admin")
def audit():
    form = AuditFilter(request.args)
    actions = db.session.scalars(select(AuditEvent.action).distinct()
                                 .order_by(AuditEvent.action)).all()
    form.action.choices = [SelectChoice("", _l("Any"))] + [SelectChoice(a, a) for a in actions]
    query = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    valid = form.validate()
    if valid:
        if form.user.data:
            query = query.where(AuditEvent.user_id == form.user.data)
        if form.record.data:
            # A resident's id stands for their whole record: consents, needs, referrals...
            query = query.where(AuditEvent.entity_id.in_(
                workflow_services.record_ids(form.record.data.strip())))
        if form.action.data:
            query = query.where(AuditEvent.action == form.action.data)
        # Dates are whole UTC days, as the times on the page are shown.
        if form.since.data:
            query = query.where(AuditEvent.occurred_at >= datetime.combine(
                form.since.data, time(), timezone.utc))
        if form.until.data:
            query = query.where(AuditEvent.occurred_at < datetime.combine(
                form.until.data + timedelta(days=1), time(), timezone.utc))
    events = db.session.scalars(query.limit(PER_PAGE)).all() if valid else []
    return render_template("admin/audit.html", form=form, events=events,
                           per_page=PER_PAGE), 200 if valid else 400


# The directory's pages and the review queue are routes of this blueprint too.
from . import directory_views, outbox, review, review_requests  # noqa: E402,F401
