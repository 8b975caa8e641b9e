"""Suggestions and the referral form: from a suggested service to a sent referral in as
few pages as a navigator needs.

The suggestions page is itself a referral form: the navigator picks one of the services
suggested, records the consent the resident gives for its organization when none is on
file, sends, and records the warm handoff made on the call, all in one step
(``referral_steps``). The referral form (``?need=&service=``, ids only) does the same
for one service, or asks for the need first and offers only the services listed under
it, each with its organization, a number to call, its intake notes and what the
resident's consent lets it see. A Part 2 consent keeps its own form.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from navigator.audit import record
from navigator.auth import roles_required
from navigator.directory.models import Service
from navigator.extensions import db
from navigator.request_input import storable
from navigator.search import taxonomy_names

from .. import consents, forms, matching, needs, offers, referral_steps, referrals
from ..models import Need, Resident
from . import (STAFF, blueprint, city_time, city_zone, get_or_404, local_now, past_time,
               viewed, zone_name)
from .referrals import tell_provider


@blueprint.route("/residents/<id>/suggestions")
@roles_required(*STAFF)
def suggestions(id):
    person = get_or_404(Resident, id)
    record("resident.suggestions.view", "resident", person.id)
    db.session.commit()
    found = matching.suggest(person, anywhere=request.args.get("area") == "any")
    listed = found.fitting + found.not_fitting
    offered = {o.service_id: o for o in offers.offers(person, [s.service_id for s in listed])}
    form = forms.ReferralForm(handoff_happened_at=local_now())
    return render_template("workflow/suggestions.html", resident=person, found=found,
                           offered=offered, form=form, terms=taxonomy_names("en"),
                           consent_missing=any(o.consent is None and not o.part2
                                               for o in offered.values()),
                           zone=zone_name())


@blueprint.route("/residents/<id>/referrals/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_referral(id):
    """The referral form, and where the suggestions page's form is sent: the referral,
    with the consent given for it and the warm handoff made, in one step."""
    person = get_or_404(Resident, id)
    form = forms.ReferralForm(**({} if request.method == "POST"
                                 else {"handoff_happened_at": local_now()}))
    source = request.form if form.is_submitted() else request.args
    open_ = needs.open_needs(person)
    need = _need(person, open_, source.get("need"), source.get("service_id")
                 or source.get("service"))
    if form.is_submitted() and need is not None and "need" not in request.form:
        form.need.data = need.id  # from the suggestions: the need the service answers
    referral = _refer(person, form) if form.validate_on_submit() else None
    if referral is not None:
        return redirect(url_for(".referral", id=referral.id))
    chosen, listed = _services(person, need, source.get("service_id") or source.get("service"))
    viewed(person)
    return render_template("workflow/referral_form.html", form=form, resident=person,
                           open_needs=open_, need=need, chosen=chosen, offers=listed,
                           terms=taxonomy_names("en"), zone=zone_name(),
                           consent_missing=any(o.consent is None and not o.part2
                                               for o in ([chosen] if chosen else listed))), \
        400 if form.errors else 200


def _refer(person: Resident, form):
    """The referral of a valid form made and committed, or None with the refusal beside
    its field (rolled back)."""
    consent = form.consent_fields()
    handoff = form.handoff_fields()
    if handoff is not None:
        handoff["happened_at"] = past_time(form.handoff_happened_at)
        if handoff["happened_at"] is None:
            return None
    if consent is not None:
        consent["valid_until"] = consents.valid_through(form.consent_valid_until.data,
                                                        city_zone())
    try:
        referral = referral_steps.refer(
            person, db.session.get(Need, form.need.data),
            db.session.get(Service, form.service_id.data), user=current_user,
            part2=form.part2.data, note=form.note.data,
            appointment_at=city_time(form.appointment_at),
            resident_choice=forms.CHOICE_VALUES.get(form.resident_choice.data),
            send=form.action.data == "send", consent=consent, handoff=handoff)
    except referrals.NotReferable as refusal:
        field = form.need if refusal.field == "need" else form.service_id
        message = str(refusal)
    except consents.ConsentError as refusal:
        field = getattr(form, f"consent_{refusal.field}", form.consent_method)
        message = str(refusal)
    except referral_steps.HandoffRefused as refusal:
        field, message = form.handoff_method, str(refusal)
    else:
        tell_provider(referral)  # its notice is written in the referral's transaction
        db.session.commit()
        return referral
    db.session.rollback()
    field.errors = [*field.errors, message]
    return None


def _service(service_id: str | None) -> Service | None:
    """The service a form or link names, or None (no id, or one no database can store:
    PostgreSQL refuses a NUL even in a lookup)."""
    if not service_id or not storable(service_id):
        return None
    return db.session.get(Service, service_id[:64])


def _need(person: Resident, open_: list[Need], need_id: str | None,
          service_id: str | None) -> Need | None:
    """The need the form is for: the one asked for, else the first the service answers,
    else the only one; None when the navigator must choose."""
    for need in open_:
        if need.id == need_id:
            return need
    service = _service(service_id)
    if service is not None:
        answered = referrals.need_for(person, service)
        if answered is not None:
            return answered
    return open_[0] if len(open_) == 1 else None


def _services(person: Resident, need: Need | None, service_id: str | None):
    """The service already chosen (an offer, when it is listed and answers ``need``), or
    the offers for ``need`` to choose from."""
    if need is None:
        return None, []
    service = _service(service_id)
    if service is not None:
        try:
            referrals.check_listed(service)
            referrals.check_fits_need(service, need)
        except referrals.NotReferable:
            pass
        else:
            return offers.offer(person, service.id), []
    return None, offers.offers_for_need(person, need)
