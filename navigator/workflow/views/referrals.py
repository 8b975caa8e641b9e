"""Referrals: making one (from the resident's needs, a suggestion or a service's page),
its page, its changes of state and its warm handoffs."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from navigator.audit import record
from navigator.auth import roles_required
from navigator.directory.models import Service
from navigator.extensions import db
from navigator.search import taxonomy_names

from .. import forms, matching, needs, notices, notify, referrals, services
from ..models import Need, Referral, Resident
from . import (STAFF, blueprint, change_state, get_or_404, local_now, past_time, status_form,
               viewed)


@blueprint.route("/residents/<id>/referrals/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_referral(id):
    person = get_or_404(Resident, id)
    form = forms.ReferralForm()
    names = taxonomy_names("en")
    open_ = needs.open_needs(person)
    form.need.choices = forms.choices((n.id, names.get(n.taxonomy_term_id, "?")) for n in open_)
    form.service_id.choices = forms.choices(needs.services_for(open_))
    if form.validate_on_submit():
        need = db.session.get(Need, form.need.data)
        service = db.session.get(Service, form.service_id.data)
        referral = referrals.create_referral(person, service, user=current_user, need=need,
                                             part2=form.part2.data, note=form.note.data)
        if form.action.data == "send":
            try:
                referrals.send(referral, user=current_user)
            except referrals.ConsentRequired as refusal:
                flash(str(refusal), "error")
        db.session.commit()
        _tell_provider(referral)
        return redirect(url_for(".referral", id=referral.id))
    viewed(person)
    return render_template("workflow/referral_form.html", form=form, resident=person), \
        400 if form.errors else 200


@blueprint.route("/residents/<id>/suggestions")
@roles_required(*STAFF)
def suggestions(id):
    person = get_or_404(Resident, id)
    record("resident.suggestions.view", "resident", person.id)
    db.session.commit()
    found = matching.suggest(person)
    return render_template("workflow/suggestions.html", resident=person, found=found,
                           terms=taxonomy_names("en"), form=forms.SuggestionReferralForm())


@blueprint.post("/residents/<id>/suggestions/refer")
@roles_required(*STAFF)
def refer_suggestion(id):
    """A draft referral for a suggested service and one of the resident's open needs."""
    person = get_or_404(Resident, id)
    form = forms.SuggestionReferralForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        referral = referrals.refer_from_suggestion(
            person, db.session.get(Need, form.need_id.data),
            db.session.get(Service, form.service_id.data), user=current_user)
    except referrals.NotReferable:
        abort(400)  # not a choice the suggestions page offers
    db.session.commit()
    flash(_("A draft referral was saved."), "success")
    return redirect(url_for(".referral", id=referral.id))


@blueprint.route("/services/<service_id>/refer", methods=["GET", "POST"])
@roles_required(*STAFF)
def refer_to_service(service_id):
    """A referral from any service page: find the resident (by name or phone, POSTed),
    or pick one of those this navigator worked with lately, then save a draft."""
    service = get_or_404(Service, service_id)
    form = forms.SearchForm()
    found = None
    if form.validate_on_submit():
        found = services.find_residents(form.terms.data)
        record("resident.search", "resident")
    recent = services.recent_residents(current_user)
    db.session.commit()  # the audit events of the lists shown
    return render_template("workflow/refer_to_service.html", service=service, form=form,
                           found=found, recent=recent, refer=forms.ResidentReferralForm()), \
        400 if form.errors else 200


@blueprint.post("/services/<service_id>/refer/resident")
@roles_required(*STAFF)
def refer_resident_to_service(service_id):
    service = get_or_404(Service, service_id)
    form = forms.ResidentReferralForm()
    if not form.validate_on_submit():
        abort(400)
    person = get_or_404(Resident, form.resident_id.data)
    try:
        referral = referrals.refer_from_service(person, service, user=current_user)
    except referrals.NotReferable as refusal:
        flash(str(refusal), "error")
        return redirect(url_for(".refer_to_service", service_id=service.id))
    db.session.commit()
    flash(_("A draft referral was saved."), "success")
    return redirect(url_for(".referral", id=referral.id))


def _referral_page(referral, posted=None, handoff_form=None, code=200):
    service = db.session.get(Service, referral.service_id)
    return render_template(
        "workflow/referral.html", referral=referral, service=service,
        status_form=status_form(referral, posted),
        handoff_form=handoff_form or forms.HandoffForm(happened_at=local_now()),
        refusal=referrals.sending_refusal(referral) if referral.status == "draft" else None,
        ), code


@blueprint.route("/referrals/<id>")
@roles_required(*STAFF)
def referral(id):
    item = get_or_404(Referral, id)
    record("referral.view", "referral", item.id)
    notices.mark_seen(current_user, referral_id=item.id)  # opened: the notice is read
    db.session.commit()
    return _referral_page(item)


@blueprint.post("/referrals/<id>/status")
@roles_required(*STAFF)
def referral_status(id):
    item = get_or_404(Referral, id)
    form = forms.StatusForm()
    code = change_state(item, form)
    if code is None:
        _tell_provider(item)
        return redirect(url_for(".referral", id=item.id))
    return _referral_page(item, posted=form, code=code)


def _tell_provider(referral) -> None:
    """Once a referral is sent (and saved), its organization's staff get a notice."""
    if referral.status != "pending":
        return
    try:
        notify.referral_sent(referral, url_for("portal.referral", id=referral.id,
                                               _external=True))
    except notify.NotifyError:
        flash(_("The provider's staff could not be emailed; they will see the referral "
                "in their portal."), "notice")


@blueprint.post("/referrals/<id>/handoffs")
@roles_required(*STAFF)
def new_handoff(id):
    item = get_or_404(Referral, id)
    form = forms.HandoffForm()
    happened_at = past_time(form.happened_at) if form.validate_on_submit() else None
    if happened_at is not None:
        referrals.record_handoff(item, method=form.method.data,
                                 contact_person=form.contact_person.data,
                                 happened_at=happened_at,
                                 resident_present=form.resident_present.data,
                                 outcome=form.outcome.data, notes=form.notes.data or "",
                                 user=current_user)
        db.session.commit()
        return redirect(url_for(".referral", id=item.id))
    return _referral_page(item, handoff_form=form, code=400)
