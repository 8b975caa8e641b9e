"""The work with a resident between referrals: their needs, each contact with them, and
the follow-ups those bring."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from navigator.auth import roles_required
from navigator.directory.models import TaxonomyTerm
from navigator.extensions import db

from .. import forms, needs, referrals, services
from ..models import FollowUp, Need, Resident
from . import STAFF, blueprint, get_or_404, past_time, viewed
from .residents import resident_page


@blueprint.route("/residents/<id>/needs/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_need(id):
    person = get_or_404(Resident, id)
    form = forms.NeedForm()
    form.taxonomy_term_id.choices = forms.choices(db.session.execute(
        select(TaxonomyTerm.id, TaxonomyTerm.name).order_by(TaxonomyTerm.code)))
    if form.validate_on_submit():
        needs.create_need(person, taxonomy_term_id=form.taxonomy_term_id.data,
                          urgency=form.urgency.data, own_words=form.own_words.data or "",
                          user=current_user)
        db.session.commit()
        return redirect(url_for(".resident", id=person.id))
    viewed(person)
    return render_template("workflow/need_form.html", form=form, resident=person), \
        400 if form.errors else 200


@blueprint.post("/needs/<id>/status")
@roles_required(*STAFF)
def need_status(id):
    need = get_or_404(Need, id)
    form = forms.NeedStatusForm()
    if form.validate_on_submit():
        try:
            needs.change_status(need, form.status.data, user=current_user,
                                seen=form.seen.data or None)
        except needs.NeedChanged as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            db.session.commit()
    else:
        flash(_("Choose whether the need was met or is closed."), "error")
    return redirect(url_for(".resident", id=need.resident_id))


@blueprint.post("/residents/<id>/encounters")
@roles_required(*STAFF)
def new_encounter(id):
    person = get_or_404(Resident, id)
    form = forms.EncounterForm()
    happened_at = past_time(form.happened_at) if form.validate_on_submit() else None
    if happened_at is not None:
        services.record_encounter(person, kind=form.kind.data, happened_at=happened_at,
                                  notes=form.notes.data or "", user=current_user)
        db.session.commit()
        flash(_("Contact recorded; a follow-up is due within %(hours)d hours.",
                hours=referrals.follow_up_delay() // timedelta(hours=1)), "success")
        return redirect(url_for(".resident", id=person.id))
    return resident_page(person, encounter=form, code=400)


@blueprint.post("/follow-ups/<id>/done")
@roles_required(*STAFF)
def follow_up_done(id):
    follow_up = get_or_404(FollowUp, id)
    form = forms.FollowUpForm()
    if not form.validate_on_submit():
        flash(_("The follow-up was not recorded: choose an outcome."), "error")
        return redirect(url_for(".resident", id=follow_up.resident_id))
    try:
        services.complete_follow_up(follow_up, outcome=form.outcome.data,
                                    notes=form.notes.data or "", user=current_user)
    except services.FollowUpChanged as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
    return redirect(url_for(".resident", id=follow_up.resident_id))
