"""The work with a resident between referrals: their needs, each contact with them, and
the follow-ups those bring (when each is due, set by the navigator if they wish, in
the city's time zone; ``follow_ups`` holds the rules)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import format_datetime, gettext as _
from flask_login import current_user
from sqlalchemy import select

from navigator.auth import roles_required
from navigator.directory.models import TaxonomyTerm
from navigator.extensions import db

from .. import follow_ups, forms, needs, services
from ..models import FollowUp, Need, Resident
from . import STAFF, blueprint, city_time, get_or_404, past_time, viewed
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
    follow_up_at = _due(form.follow_up_at) if happened_at is not None else None
    if happened_at is not None and not form.follow_up_at.errors:
        services.record_encounter(person, kind=form.kind.data, happened_at=happened_at,
                                  notes=form.notes.data or "", user=current_user,
                                  follow_up_at=follow_up_at,
                                  crisis_outcome=form.crisis_outcome.data or None)
        follow_up = follow_ups.joinable(person, happened_at)
        db.session.commit()
        flash(_("Contact recorded; its follow-up is due %(when)s.",
                when=format_datetime(follow_up.due_at, "short")), "success")
        return redirect(url_for(".resident", id=person.id))
    return resident_page(person, encounter=form, code=400)


def _due(field):
    """A due time typed in ``field`` (city's clock), None when empty or refused (with
    the reason on the field)."""
    due_at = city_time(field)
    if due_at is None:
        return None
    try:
        follow_ups.check_due(due_at)
    except follow_ups.DueRefused as refusal:
        field.errors.append(str(refusal))
        return None
    return due_at


@blueprint.post("/follow-ups/<id>/due")
@roles_required(*STAFF)
def follow_up_due(id):
    """The navigator's own due time for an open follow-up; refused in place (400)."""
    follow_up = get_or_404(FollowUp, id)
    form = forms.FollowUpDueForm()
    due_at = _due(form.due_at) if form.validate_on_submit() else None
    if due_at is None:
        return resident_page(follow_up.resident, due=(follow_up, form), code=400)
    try:
        follow_ups.set_due(follow_up, due_at, user=current_user)
    except follow_ups.FollowUpChanged as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(_("The follow-up is now due %(when)s.",
                when=format_datetime(due_at, "short")), "success")
    return redirect(url_for(".resident", id=follow_up.resident_id))


@blueprint.post("/follow-ups/<id>/done")
@roles_required(*STAFF)
def follow_up_done(id):
    follow_up = get_or_404(FollowUp, id)
    form = forms.FollowUpForm()
    if not form.validate_on_submit():
        flash(_("The follow-up was not recorded: choose an outcome."), "error")
        return redirect(url_for(".resident", id=follow_up.resident_id))
    try:
        follow_ups.complete_follow_up(follow_up, outcome=form.outcome.data,
                                      notes=form.notes.data or "", user=current_user)
    except follow_ups.FollowUpChanged as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
    return redirect(url_for(".resident", id=follow_up.resident_id))
