"""The provider portal: the referrals sent to the user's organization, answered here.

A provider account sees only its own organization's referrals, never drafts, and of each
resident only what their consent shares with that organization now
(``navigator.workflow.sharing``). Every page that shows a resident's details is audited,
one event per referral shown. A referral of another organization is "not found", so that
its existence is not told either. The same holds for its listings: a provider confirms
that its own are still correct (``listings``), and is shown those not confirmed lately.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from navigator.audit import record
from navigator.auth import roles_required
from navigator.auth.models import User
from navigator.directory.models import Service
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.search import taxonomy_names
from navigator.workflow import forms, sharing
from navigator.workflow.views import change_state, status_form
from navigator.workflow.services import service_names
from navigator.workflow.models import Referral

from . import listings as own_listings
from . import operations
from .forms import TodayForm

blueprint = Blueprint("portal", __name__, url_prefix="/provider")
#: How long an ended referral stays in the inbox's "recently closed" list.
RECENT = timedelta(days=30)
OPEN = ("pending", "accepted")


def _organization():
    if current_user.organization is None:  # its organization left the directory
        abort(403)
    return current_user.organization


def _disclosed(items) -> dict:
    """Each referral's disclosure, with an audit event for each that shows a resident."""
    shown = {}
    for referral in items:
        shown[referral.id] = sharing.disclosure(referral)
        if shown[referral.id].shared:
            record("referral.provider_view", "referral", referral.id)
    return shown


@blueprint.route("")
@roles_required("provider")
def home():
    organization = _organization()
    sent = select(Referral).where(Referral.organization_id == organization.id,
                                  Referral.status != "draft") \
        .options(selectinload(Referral.resident), selectinload(Referral.need),
                 selectinload(Referral.events))
    open_ = db.session.scalars(sent.where(Referral.status.in_(OPEN))
                               .order_by(Referral.sent_at)).all()
    closed = db.session.scalars(sent.where(Referral.status.not_in(OPEN),
                                           Referral.sent_at >= utcnow() - RECENT)
                                .order_by(Referral.sent_at.desc())).all()
    shown = _disclosed(open_ + closed)
    db.session.commit()
    return render_template(
        "portal/home.html", organization=organization, shown=shown,
        pending=[r for r in open_ if r.status == "pending"],
        accepted=[r for r in open_ if r.status == "accepted"], closed=closed,
        services=service_names(open_ + closed), terms=taxonomy_names("en"),
        listings=db.session.scalars(select(Service).where(
            Service.organization_id == organization.id).order_by(Service.name)).all(),
        stale=own_listings.stale_listings(organization.id, _today()),
        confirm_form=forms.ActionForm(), today_form_of=_today_form,
        can_close=operations.can_close)


def _today_form(service) -> TodayForm:
    form = TodayForm.of(service, operations.counted(service.id))
    form.offer_units(operations.unit_names(service.id))
    return form


def _today():
    return own_listings.local_today(current_app.config["NAVIGATOR_TIMEZONE"])


@blueprint.post("/listings/<id>/confirm")
@roles_required("provider")
def confirm_listing(id):
    _organization()
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    try:
        service = own_listings.confirm(id, current_user, _today())
    except own_listings.NotYourListing:
        abort(404)
    db.session.commit()
    flash(_("Thank you: %(name)s is confirmed as correct today.", name=service.name),
          "success")
    return redirect(url_for(".home"))


def _own_listing(id_: str):
    try:
        return own_listings.own_service(id_, current_user)
    except own_listings.NotYourListing:
        abort(404)


@blueprint.route("/listings/<id>/today")
@roles_required("provider")
def listing_today(id):
    _organization()
    service = _own_listing(id)
    return render_template("portal/today.html", service=service, form=_today_form(service),
                           can_close=operations.can_close(service))


@blueprint.post("/listings/<id>/today")
@roles_required("provider")
def update_today(id):
    """Take effect at once: no review (``operations``); the form again with its
    errors (400) when refused, nothing changed."""
    _organization()
    service = _own_listing(id)
    form = TodayForm()
    form.offer_units(operations.unit_names(service.id))
    if not form.validate_on_submit():
        return render_template("portal/today.html", service=service, form=form,
                               can_close=operations.can_close(service)), 400
    operations.update(service.id, current_user, form.said(), now=utcnow(), on=_today())
    db.session.commit()
    flash(_("Saved: %(name)s shows the change now.", name=service.name), "success")
    return redirect(url_for(".home"))


def _own_referral(id_: str) -> Referral:
    referral = db.session.get(Referral, id_)
    if referral is None or referral.status == "draft" \
            or referral.organization_id != _organization().id:
        abort(404)
    return referral


def _referral_page(referral, form=None, code=200):
    form = status_form(referral, form)
    shown = _disclosed([referral])[referral.id]
    db.session.commit()
    sender = db.session.get(User, referral.created_by) if referral.created_by else None
    return render_template(
        "portal/referral.html", referral=referral, shown=shown, form=form,
        service=db.session.get(Service, referral.service_id), terms=taxonomy_names("en"),
        sender=sender), code


@blueprint.route("/referrals/<id>")
@roles_required("provider")
def referral(id):
    return _referral_page(_own_referral(id))


@blueprint.post("/referrals/<id>/status")
@roles_required("provider")
def referral_status(id):
    item = _own_referral(id)
    form = forms.StatusForm()
    code = change_state(item, form)
    if code is None:
        flash(_("Saved: %(state)s.", state=forms.STATUS_LABELS[item.status]), "success")
        return redirect(url_for(".referral", id=item.id))
    return _referral_page(item, form=form, code=code)


# An organization admin's team page, the listing editor's and the hours editor's pages are
# pages of this blueprint too.
from . import editor, hours, team  # noqa: E402,F401
