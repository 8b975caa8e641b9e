"""Referrals: making one from a service's page, a referral's page (with all a
three-way call needs: the organization, a number, the intake notes), its changes of
state and its warm handoffs. The referral form and suggestions are in
``referral_form``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from navigator.audit import record
from navigator.auth import roles_required
from navigator.directory.models import Service
from navigator.extensions import db

from .. import forms, notices, notify, offers, referrals, services, sharing
from ..consents import active_consent
from ..models import Referral, Resident
from . import (STAFF, blueprint, change_state, city_time, get_or_404, local_now, past_time,
               status_form)
from .returning import workflow_path


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
    refusal = referrals.sending_refusal(referral) if referral.status == "draft" else None
    form = status_form(referral, posted or forms.NavigatorStatusForm())
    if refusal is not None and str(refusal) in form.to.errors:
        refusal = None  # said once, beside the change it refused
    return render_template(
        "workflow/referral.html", referral=referral, service=service,
        offer=offers.offer(referral.resident, referral.service_id), status_form=form,
        handoff_form=handoff_form or forms.HandoffForm(happened_at=local_now()),
        refusal=refusal, note_withheld=_note_withheld(referral)), code


def _note_withheld(referral) -> bool:
    """The referral has a note that its consent does not let the provider see."""
    if referral.status not in ("draft", "pending", "accepted"):
        return False
    consent = active_consent(referral.resident, referral.organization_id,
                                       part2=referral.part2)
    return bool(sharing.first_note(referral)) and (
        consent is None or "notes" not in (consent.scope or ()))


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
    form = forms.NavigatorStatusForm()
    back = workflow_path(form.next.data)

    def then(referral) -> None:
        # In the change's own transaction: the provider's notice and, when the change was
        # made from the workspace's notice, that notice read.
        tell_provider(referral)
        if back is not None:
            notices.mark_seen(current_user, referral_id=referral.id)

    code = change_state(item, form, then=then)
    if code is None:
        if back is None:
            return redirect(url_for(".referral", id=item.id))
        flash(_("Referral to %(service)s: %(state)s.", service=_service_name(item),
                state=forms.STATUS_LABELS[item.status]), "success")
        return redirect(back)
    return _referral_page(item, posted=form, code=code)


def _service_name(referral) -> str:
    service = db.session.get(Service, referral.service_id)
    return service.name if service is not None else _("a removed service")


def tell_provider(referral) -> None:
    """Once a referral is sent, its organization's staff get a notice (written to the
    outbox before the referral's commit, sent after it)."""
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
                                 appointment_at=city_time(form.appointment_at),
                                 user=current_user)
        db.session.commit()
        return redirect(url_for(".referral", id=item.id))
    return _referral_page(item, handoff_form=form, code=400)
