"""Consents: recording one as the resident gives it (42 CFR Part 2 too), revoking it."""

from __future__ import annotations

from datetime import datetime, time

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from navigator.auth import roles_required
from navigator.directory.models import Organization
from navigator.extensions import db

from .. import consents, forms, services
from ..models import Consent, Resident
from . import STAFF, blueprint, city_zone, end_of, get_or_404, viewed


@blueprint.route("/residents/<id>/consents/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_consent(id):
    person = get_or_404(Resident, id)
    form = forms.ConsentForm()
    form.recipients.choices = forms.choices(db.session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name)))
    if form.validate_on_submit():
        try:
            consents.record_consent(
                person, user=current_user, scope=form.scope.data,
                recipients=form.recipients.data, purpose=form.purpose.data,
                valid_until=end_of(form.valid_until.data), method=form.method.data,
                given_at=services.utcnow(), part2=form.part2.data,
                part2_expiry_event=form.part2_expiry_event.data or None,
                **(_part2_fields(form) if form.part2.data else {}))
        except consents.ConsentError as error:
            db.session.rollback()
            (form.part2 if form.part2.data else form.valid_until).errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for(".resident", id=person.id))
    viewed(person)
    status = 400 if form.errors else 200
    return render_template("workflow/consent_form.html", form=form, resident=person,
                           notice=consents.PART2_NOTICE), status


def _part2_fields(form) -> dict:
    """The Part 2 elements as typed; the notice is the rule's own, the date signed is
    taken at noon on the city's clock (so that no time zone moves it to another day)."""
    fields = {name: getattr(form, name).data or None for name in consents.PART2_ELEMENTS
              if name not in ("part2_signed_on", "part2_notice")}
    if form.part2_signed_on.data:
        fields["part2_signed_on"] = datetime.combine(form.part2_signed_on.data, time(12),
                                                     city_zone())
    return fields


@blueprint.post("/consents/<id>/revoke")
@roles_required(*STAFF)
def revoke_consent(id):
    consent = get_or_404(Consent, id)
    form = forms.RevokeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        consents.revoke_consent(consent, user=current_user, reason=form.reason.data or "")
    except consents.ConsentError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
    return redirect(url_for(".resident", id=consent.resident_id))
