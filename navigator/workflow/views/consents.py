"""Consents: recording one as the resident gives it (42 CFR Part 2 too), revoking it.

The form may open for one service (``?service=``, from a suggestion's "refer"): its
organization is ticked, the purpose written, the Part 2 section open when the service
is substance-use treatment, and once saved the navigator goes back where they came
from (``?next=``, a workspace page only: ``returning.workflow_path``).
"""

from __future__ import annotations

from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from navigator.auth import roles_required
from navigator.directory.models import Service
from navigator.extensions import db

from .. import consents, forms, recipients, services
from ..models import Consent, Resident
from ..service_categories import service_is_part2
from . import STAFF, blueprint, city_zone, get_or_404, viewed, zone_name
from .returning import workflow_path

@blueprint.route("/residents/<id>/consents/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_consent(id):
    person = get_or_404(Resident, id)
    form = forms.ConsentForm()
    service = _service(request.args.get("service"))
    if not form.is_submitted():
        _prefill(form, service)
    finding = form.is_submitted() and bool(form.search.data)
    form.recipients.choices = forms.choices(recipients.choices(
        person, chosen=form.recipients.data or [],
        find=form.find.data if finding else ""))
    if not finding and form.validate_on_submit():
        try:
            consents.record_consent(
                person, user=current_user, scope=form.scope.data,
                recipients=form.recipients.data, purpose=form.purpose.data,
                valid_until=consents.valid_through(form.valid_until.data, city_zone()),
                method=form.method.data, witness=form.witness.data,
                given_at=services.utcnow(), part2=form.part2.data,
                part2_expiry_event=form.part2_expiry_event.data or None,
                **(_part2_fields(form) if form.part2.data else {}))
        except consents.ConsentError as error:
            db.session.rollback()
            field = form[error.field] if error.field in form else form.valid_until
            field.errors = [*field.errors, str(error)]
        else:
            db.session.commit()
            return redirect(workflow_path(form.next.data)
                            or url_for(".resident", id=person.id))
    viewed(person)
    status = 400 if form.errors else 200
    return render_template("workflow/consent_form.html", form=form, resident=person,
                           notice=consents.PART2_NOTICE,
                           found=recipients.named(form.find.data) if finding else None,
                           part2_open=_part2_open(form),
                           zone=zone_name()), \
        status


def _service(service_id: str | None) -> Service | None:
    return db.session.get(Service, service_id[:64]) if service_id else None


def _prefill(form, service: Service | None) -> None:
    """The form as it opens: for ``service`` when there is one, and where to go next."""
    form.next.data = workflow_path(request.args.get("next")) or ""
    if service is None:
        return
    form.recipients.data = [service.organization_id]
    form.purpose.data = _("Referral to %(service)s", service=service.name)
    form.part2.data = service_is_part2(service)


def _part2_open(form) -> bool:
    """The Part 2 section is shown open when the consent covers substance use."""
    part2_fields = [f for f in form if f.name.startswith("part2")]
    return bool(form.part2.data or "substance_use" in (form.scope.data or [])
                or any(f.errors for f in part2_fields))


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
