"""Residents: finding and adding them (after the duplicate check), a resident's page and
the plain-words summary of their referrals."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from navigator.audit import record
from navigator.auth import roles_required
from navigator.directory.models import Organization
from navigator.extensions import db
from navigator.search import taxonomy_names

from .. import duplicates, forms, notify, profile, resident_forms, services, summary
from ..models import Resident
from . import STAFF, blueprint, get_or_404, local_now, local_time


@blueprint.app_context_processor
def profile_labels():
    """The optional answers' words, for the resident's page."""
    return {"self_described": {"household": profile.HOUSEHOLD_LABELS,
                               "ethnicity": profile.ETHNICITY_LABELS,
                               "race": profile.race_labels,
                               "gender": profile.gender_label}}


@blueprint.route("/residents", methods=["GET", "POST"])
@roles_required(*STAFF)
def residents():
    form = forms.SearchForm()
    found = None
    if form.validate_on_submit():
        found = services.find_residents(form.terms.data)
        record("resident.search", "resident")
        db.session.commit()
    return render_template("workflow/residents.html", form=form, found=found), \
        400 if form.errors else 200


@blueprint.route("/residents/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_resident():
    """A resident's record, after a check for one that exists: a likely duplicate is
    shown, with a link to it, until "create a new record anyway" is ticked."""
    form = resident_forms.ResidentForm()
    matches = []
    if form.validate_on_submit():
        fields = form.record_fields()
        matches = duplicates.likely_duplicates(
            name=fields["name"], phone=fields["phone"], email=fields["email"],
            birth_year=fields["birth_year"])
        if not matches or form.confirm_new.data:
            resident = services.create_resident(user=current_user, **fields)
            db.session.commit()
            return redirect(url_for(".resident", id=resident.id))
        form.confirm_new.errors.append(duplicates.CONFIRM)
        for match in matches:  # their names are on the page
            record("resident.duplicate.view", "resident", match.resident.id)
        db.session.commit()
    return render_template("workflow/resident_form.html", form=form, resident=None,
                           matches=matches), 400 if form.errors else 200


@blueprint.route("/residents/<id>")
@roles_required(*STAFF)
def resident(id):
    return resident_page(get_or_404(Resident, id))


def resident_page(person, encounter=None, code=200, due=None):
    """The resident's page (audited), with ``encounter`` when a posted contact failed,
    ``due`` (the follow-up and its form) when a posted due time was refused."""
    record("resident.view", "resident", person.id)
    db.session.commit()
    organizations = {o.id: o.name for o in db.session.scalars(select(Organization).where(
        Organization.id.in_({r for c in person.consents for r in c.recipients}
                            | {r.organization_id for r in person.referrals})))}
    return render_template("workflow/resident.html", resident=person,
                           organizations=organizations, terms=taxonomy_names("en"),
                           services=services.service_names(person.referrals), now=services.utcnow(),
                           form=forms.ActionForm(), revoke=forms.RevokeForm(),
                           follow_up=forms.FollowUpForm(), need_status=forms.NeedStatusForm(),
                           due_forms=_due_forms(person, due),
                           encounter=encounter if encounter is not None
                           else forms.EncounterForm(happened_at=local_now())), code


def _due_forms(person, due=None) -> dict:
    """A due-time form for each open follow-up, holding its due time; the posted one
    (``due``: the follow-up and its form) as posted."""
    found = {f.id: forms.FollowUpDueForm(formdata=None, due_at=local_time(f.due_at))
             for f in person.follow_ups if f.done_at is None}
    if due is not None:
        found[due[0].id] = due[1]
    return found


@blueprint.route("/residents/<id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit_resident(id):
    """A record's changes, after the check ``new_resident`` makes: a change that makes it
    resemble another record shows that one, until "save the changes anyway" is ticked."""
    person = get_or_404(Resident, id)
    form = resident_forms.ResidentForm(obj=person)
    form.confirm_new.label.text = _("Save the changes anyway")
    matches = []
    if form.validate_on_submit():
        fields = form.record_fields()
        matches = duplicates.duplicates_after_change(
            person, name=fields["name"], phone=fields["phone"], email=fields["email"],
            birth_year=fields["birth_year"])
        if not matches or form.confirm_new.data:
            services.update_resident(person, user=current_user, **fields)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".resident", id=person.id))
        form.confirm_new.errors.append(duplicates.CONFIRM_CHANGE)
        for match in matches:  # their names are on the page
            record("resident.duplicate.view", "resident", match.resident.id)
        db.session.commit()
    if not form.errors:  # the form shown holds the record: that is a view
        record("resident.view", "resident", person.id)
        db.session.commit()
    return render_template("workflow/resident_form.html", form=form, resident=person,
                           matches=matches), 400 if form.errors else 200


@blueprint.route("/residents/<id>/summary")
@roles_required(*STAFF)
def resident_summary(id):
    """The resident's open referrals in plain words and their language, to print or send."""
    person = get_or_404(Resident, id)
    record("resident.summary.view", "resident", person.id)
    db.session.commit()
    body = summary.render_html(person, summary.items(person))
    return render_template("workflow/summary.html", resident=person, body=Markup(body),
                           form=forms.SendSummaryForm())


@blueprint.post("/residents/<id>/summary/send")
@roles_required(*STAFF)
def send_summary(id):
    person = get_or_404(Resident, id)
    form = forms.SendSummaryForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        message = notify.send_summary(person, form.channel.data)
    except notify.NotifyError as refusal:
        flash(str(refusal), "error")
    else:
        record(f"resident.summary.{form.channel.data}", "resident", person.id)
        db.session.commit()
        notify.send_queued(message)
        flash(_delivered(message), "success" if message.delivered != "queued" else "notice")
    return redirect(url_for(".resident_summary", id=person.id))


def _delivered(message) -> str:
    """What became of the message, truthfully: the log notifier only keeps it, and a
    message the mail server did not take yet waits in the outbox."""
    if message.delivered == "outbox":
        return _("Written to the outbox (development): the resident did not get it.")
    if message.delivered == "queued":
        return _("The mail server did not take the message yet: it waits in the outbox "
                 "and will be tried again. The resident has not got it yet.")
    if message.channel == "text":
        return _("Sent by text.")
    return _("Sent by email.")
