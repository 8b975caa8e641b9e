"""Suggestions and the referral form: from a suggested service to a sent referral in as
few pages as a navigator needs.

A suggestion's "Refer" opens the referral form for its need and service
(``?need=&service=``, ids only); when no active consent names the service's
organization, it opens the consent form for that service first, which comes back to
the referral form once saved. The form asks for the need first and offers only the
services listed under it, each with its organization, a number to call, its intake
notes and what the resident's consent lets it see.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from navigator.audit import record
from navigator.auth import roles_required
from navigator.directory.models import Service
from navigator.extensions import db
from navigator.search import taxonomy_names

from .. import forms, matching, needs, offers, referrals
from ..models import Need, Resident
from . import STAFF, blueprint, city_time, get_or_404, viewed
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
    return render_template("workflow/suggestions.html", resident=person, found=found,
                           offered=offered, terms=taxonomy_names("en"))


@blueprint.route("/residents/<id>/referrals/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_referral(id):
    person = get_or_404(Resident, id)
    form = forms.ReferralForm()
    source = request.form if form.is_submitted() else request.args
    open_ = needs.open_needs(person)
    need = _need(person, open_, source.get("need"), source.get("service"))
    if form.validate_on_submit():
        try:
            referral = referrals.refer_for_need(
                person, db.session.get(Need, form.need.data),
                db.session.get(Service, form.service_id.data), user=current_user,
                part2=form.part2.data, note=form.note.data,
                appointment_at=city_time(form.appointment_at),
                resident_choice=forms.CHOICE_VALUES.get(form.resident_choice.data))
        except referrals.NotReferable as refusal:
            db.session.rollback()
            field = form.need if refusal.field == "need" else form.service_id
            field.errors = [*field.errors, str(refusal)]
        else:
            if form.action.data == "send":
                try:
                    referrals.send(referral, user=current_user)
                except referrals.ConsentRequired:
                    pass  # a draft: its page says why, once
            db.session.commit()
            tell_provider(referral)
            return redirect(url_for(".referral", id=referral.id))
    chosen, listed = _services(person, need, source.get("service"))
    viewed(person)
    return render_template("workflow/referral_form.html", form=form, resident=person,
                           open_needs=open_, need=need, chosen=chosen, offers=listed,
                           terms=taxonomy_names("en")), 400 if form.errors else 200


def _need(person: Resident, open_: list[Need], need_id: str | None,
          service_id: str | None) -> Need | None:
    """The need the form is for: the one asked for, else the first the service answers,
    else the only one; None when the navigator must choose."""
    for need in open_:
        if need.id == need_id:
            return need
    service = db.session.get(Service, service_id[:64]) if service_id else None
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
    service = db.session.get(Service, service_id[:64]) if service_id else None
    if service is not None:
        try:
            referrals.check_listed(service)
            referrals.check_fits_need(service, need)
        except referrals.NotReferable:
            pass
        else:
            return offers.offer(person, service.id), []
    return None, offers.offers_for_need(person, need)
