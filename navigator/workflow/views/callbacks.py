"""The callback queue: what each request says (when it came, in which language, the
number to tap, the best time to call), its buttons ("no answer", "reached", "not a
callback"), and the one page that makes the resident's record with their first need
already in their words, or adds the need to a record that exists.

No name or phone goes into a flash message: those travel in the session cookie.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta, gettext as _, ngettext
from flask_login import current_user
from sqlalchemy import select

from navigator.audit import record
from navigator.auth import roles_required
from navigator.directory.models import TaxonomyTerm
from navigator.extensions import db
from navigator.i18n import current_language, language_name

from .. import callbacks, duplicates, forms, resident_forms, services
from ..models import CallbackRequest, Resident
from . import STAFF, blueprint, get_or_404


@blueprint.app_template_filter("ago")
def ago(when) -> str:
    """"10 minutes ago" ("hace 10 minutos"), or "just now" within the minute (a clock a
    little ahead of this one too: never "in 2 seconds")."""
    since = services.utcnow() - when
    if since < timedelta(minutes=1):
        return _("just now")
    return format_timedelta(-since, add_direction=True, threshold=0.9)


@blueprint.app_template_global()
def tel_href(phone: str | None) -> str | None:
    """A ``tel:`` address a phone dials with one tap (a 10-digit number is a U.S. one)."""
    number = services.digits(phone)
    if not number:
        return None
    return f"tel:+1{number}" if len(number) == 10 else f"tel:{number}"


@blueprint.app_template_global()
def waiting_callbacks() -> int:
    return callbacks.waiting_count()


@blueprint.app_context_processor
def callback_labels():
    return {"best_times": callbacks.BEST_TIME_LABELS,
            "language_label": lambda code: language_name(code, current_language())}


@blueprint.route("/callbacks", endpoint="callbacks")
@roles_required(*STAFF)
def callbacks_queue():
    queue = callbacks.waiting()
    record("callback_request.list", "callback_request")
    db.session.commit()
    return render_template("workflow/callbacks.html", queue=queue,
                           form=resident_forms.CallbackOutcomeForm())


@blueprint.post("/callbacks/<id>/outcome")
@roles_required(*STAFF)
def callback_outcome(id):
    item = get_or_404(CallbackRequest, id)
    form = resident_forms.CallbackOutcomeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if form.action.data == "no_answer":
            callbacks.no_answer(item, user=current_user)
            done = ngettext("No answer: tried %(num)d time. The request stays in the queue.",
                            "No answer: tried %(num)d times. The request stays in the queue.",
                            item.attempts)
        else:
            callbacks.close(item, form.action.data, user=current_user)
            done = _("Taken out of the queue: %(outcome)s.",
                     outcome=callbacks.OUTCOME_LABELS[form.action.data])
    except callbacks.CallbackHandled as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for(".callbacks"))


def _need_choices():
    return forms.choices([("", _("Choose…"))] + list(db.session.execute(
        select(TaxonomyTerm.id, TaxonomyTerm.name).order_by(TaxonomyTerm.code))))


def _handled(item: CallbackRequest):
    """Someone settled the request already: say so, and show the record they made."""
    flash(str(callbacks.CallbackHandled(item)), "error")
    made = callbacks.resident_made_from(item)
    return redirect(url_for(".resident", id=made.id) if made is not None
                    else url_for(".callbacks"))


@blueprint.route("/callbacks/<id>/record", methods=["GET", "POST"])
@roles_required(*STAFF)
def callback_record(id):
    """One page from the request to the record: the resident's fields and their first
    need as the person gave them, likely duplicates first."""
    item = get_or_404(CallbackRequest, id)
    if item.status != "new":
        return _handled(item)
    form = resident_forms.CallbackRecordForm() if request.method == "POST" \
        else resident_forms.CallbackRecordForm(data=callbacks.prefilled(item))
    form.taxonomy_term_id.choices = _need_choices()
    matches = duplicates.likely_duplicates(
        name=form.name.data, phone=form.phone.data, email=form.email.data,
        birth_year=services.birth_year_from(form.birth_year.data))
    valid = form.validate_on_submit()
    if form.is_submitted() and matches and not form.existing.data:
        form.existing.errors.append(duplicates.CHOOSE)  # told with the other errors
        valid = False
    if valid:
        try:
            person = _settle(item, form)
        except callbacks.CallbackHandled:
            db.session.rollback()
            return _handled(item)
        db.session.commit()
        # What a navigator does next with a person and a need: find a service.
        # The suggestions page names the person: the message, kept in the cookie, does not.
        flash(_("Saved: the record and the need. These services may fit:"), "success")
        return redirect(url_for(".suggestions", id=person.id))
    record("callback_request.view", "callback_request", item.id)
    for match in matches:  # their names are on the page
        record("resident.duplicate.view", "resident", match.resident.id)
    db.session.commit()
    return render_template("workflow/callback_record.html", item=item, form=form,
                           matches=matches), 400 if form.errors else 200


def _settle(item: CallbackRequest, form) -> Resident:
    """The resident the request's need went to: the record chosen, or one made."""
    if form.using():
        person = db.session.get(Resident, form.using()) or abort(400)
        callbacks.attach(item, person, need=form.need_fields(),
                         best_time=form.best_time.data or None, user=current_user)
        return person
    return callbacks.make_record(item, resident=form.record_fields(),
                                 need=form.need_fields(), user=current_user)
