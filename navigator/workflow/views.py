"""The navigators' workspace: thin views over ``services``, ``needs``, ``consents`` and
``referrals``.

No name or phone ever goes into a URL: search terms are POSTed, records are named by
their random ids. Every view and change of a resident's record is audited.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from flask_login import current_user
from sqlalchemy import select

from navigator.audit import record
from navigator.auth import roles_required
from navigator.directory.models import Organization, Service, TaxonomyTerm
from navigator.extensions import db
from navigator.public.models import CallbackRequest
from navigator.public.presenting import taxonomy_names

from . import consents, forms, matching, needs, notify, referrals, services, summary
from .models import Consent, FollowUp, Need, Referral, Resident

blueprint = Blueprint("workflow", __name__, url_prefix="/navigator")
STAFF = ("navigator", "admin")


@blueprint.app_context_processor
def labels():
    return {"labels": {"status": forms.STATUS_LABELS, "reason": forms.REASON_LABELS,
                       "urgency": forms.URGENCY_LABELS, "handoff": forms.HANDOFF_LABELS,
                       "handoff_outcome": forms.HANDOFF_OUTCOME_LABELS,
                       "follow_up": forms.FOLLOW_UP_LABELS, "method": forms.METHOD_LABELS,
                       "scope": forms.SCOPE_LABELS, "contact": forms.CONTACT_LABELS,
                       "encounter": forms.ENCOUNTER_LABELS, "need": forms.NEED_LABELS}}


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["NAVIGATOR_TIMEZONE"])


def _end_of(day) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), _zone())


#: How far ahead of the server's clock a typed time may be (a phone's clock may run fast).
CLOCK_SLACK = timedelta(minutes=10)


def _past_time(field) -> datetime | None:
    """A ``datetime-local`` field's value in the city's time zone, or None with an error
    on the field when it lies in the future."""
    when = field.data.replace(tzinfo=_zone())
    if when > services.utcnow() + CLOCK_SLACK:
        field.errors.append(_("This time is in the future."))
        return None
    return when


def _get(model, id_: str):
    return db.session.get(model, id_) or abort(404)


@blueprint.route("")
@roles_required(*STAFF)
def home():
    return render_template("workflow/home.html", **services.workload(),
                           form=forms.ActionForm())


@blueprint.route("/callbacks")
@roles_required(*STAFF)
def callbacks():
    queue = db.session.scalars(select(CallbackRequest).where(CallbackRequest.status == "new")
                               .order_by(CallbackRequest.created_at)).all()
    record("callback_request.list", "callback_request")
    db.session.commit()
    return render_template("workflow/callbacks.html", queue=queue, form=forms.ActionForm())


@blueprint.post("/callbacks/<id>/resident")
@roles_required(*STAFF)
def take_callback(id):
    request_ = _get(CallbackRequest, id)
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    resident = services.resident_from_callback(request_, user=current_user)
    db.session.commit()
    return redirect(url_for(".resident", id=resident.id))


@blueprint.route("/residents", methods=["GET", "POST"])
@roles_required(*STAFF)
def residents():
    form = forms.SearchForm()
    found = None
    if form.validate_on_submit():
        found = services.find_residents(form.terms.data)
        record("resident.search", "resident")
        db.session.commit()
    return render_template("workflow/residents.html", form=form, found=found)


@blueprint.route("/residents/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_resident():
    form = forms.ResidentForm()
    if form.validate_on_submit():
        resident = services.create_resident(user=current_user, **_resident_fields(form))
        db.session.commit()
        return redirect(url_for(".resident", id=resident.id))
    return render_template("workflow/resident_form.html", form=form, resident=None), \
        400 if form.errors else 200


def _resident_fields(form) -> dict:
    return {"name": form.name.data.strip(), "phone": form.phone.data or None,
            "email": form.email.data or None, "preferred_contact": form.preferred_contact.data,
            "language": form.language.data, "place": form.place.data or None,
            "birth_year": services.birth_year_from(form.birth_year.data),
            "notes": form.notes.data or ""}


@blueprint.route("/residents/<id>")
@roles_required(*STAFF)
def resident(id):
    return _resident_page(_get(Resident, id))


def _resident_page(person, encounter=None, code=200):
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
                           encounter=encounter if encounter is not None
                           else forms.EncounterForm(happened_at=_local_now())), code


def _local_now() -> datetime:
    """Now on the city's clock, to the minute, as a ``datetime-local`` field shows it."""
    return services.utcnow().astimezone(_zone()).replace(second=0, microsecond=0,
                                                          tzinfo=None)


@blueprint.route("/residents/<id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit_resident(id):
    person = _get(Resident, id)
    form = forms.ResidentForm(obj=person)
    if form.validate_on_submit():
        services.update_resident(person, user=current_user, **_resident_fields(form))
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".resident", id=person.id))
    if not form.errors:  # the form shown holds the record: that is a view
        record("resident.view", "resident", person.id)
        db.session.commit()
    return render_template("workflow/resident_form.html", form=form, resident=person), \
        400 if form.errors else 200


@blueprint.post("/residents/<id>/encounters")
@roles_required(*STAFF)
def new_encounter(id):
    person = _get(Resident, id)
    form = forms.EncounterForm()
    happened_at = _past_time(form.happened_at) if form.validate_on_submit() else None
    if happened_at is not None:
        services.record_encounter(person, kind=form.kind.data, happened_at=happened_at,
                                  notes=form.notes.data or "", user=current_user)
        db.session.commit()
        flash(_("Contact recorded; a follow-up is due within %(hours)d hours.",
                hours=referrals.follow_up_delay() // timedelta(hours=1)), "success")
        return redirect(url_for(".resident", id=person.id))
    return _resident_page(person, encounter=form, code=400)


@blueprint.post("/needs/<id>/status")
@roles_required(*STAFF)
def need_status(id):
    need = _get(Need, id)
    form = forms.NeedStatusForm()
    if form.validate_on_submit():
        needs.change_status(need, form.status.data, user=current_user)
        db.session.commit()
    else:
        flash(_("Choose whether the need was met or is closed."), "error")
    return redirect(url_for(".resident", id=need.resident_id))


@blueprint.route("/residents/<id>/summary")
@roles_required(*STAFF)
def resident_summary(id):
    """The resident's open referrals in plain words and their language, to print or send."""
    person = _get(Resident, id)
    record("resident.summary.view", "resident", person.id)
    db.session.commit()
    return _summary_page(person)


def _summary_page(person, code=200):
    body = summary.render_html(person, summary.items(person))
    return render_template("workflow/summary.html", resident=person, body=Markup(body),
                           form=forms.SendSummaryForm()), code


@blueprint.post("/residents/<id>/summary/send")
@roles_required(*STAFF)
def send_summary(id):
    person = _get(Resident, id)
    form = forms.SendSummaryForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        notify.send_summary(person, form.channel.data)
    except notify.NotifyError as refusal:
        flash(str(refusal), "error")
    else:
        record(f"resident.summary.{form.channel.data}", "resident", person.id)
        db.session.commit()
        flash(_("Sent"), "success")
    return redirect(url_for(".resident_summary", id=person.id))


@blueprint.route("/residents/<id>/consents/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_consent(id):
    person = _get(Resident, id)
    form = forms.ConsentForm()
    form.recipients.choices = forms.choices(db.session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name)))
    if form.validate_on_submit():
        fields = {name: getattr(form, name).data or None for name in consents.PART2_ELEMENTS
                  if name not in ("part2_signed_on", "part2_notice")}
        if form.part2_signed_on.data:
            fields["part2_signed_on"] = datetime.combine(form.part2_signed_on.data, time(12),
                                                         _zone())
        try:
            consents.record_consent(
                person, user=current_user, scope=form.scope.data,
                recipients=form.recipients.data, purpose=form.purpose.data,
                valid_until=_end_of(form.valid_until.data), method=form.method.data,
                given_at=services.utcnow(), part2=form.part2.data,
                part2_expiry_event=form.part2_expiry_event.data or None,
                **(fields if form.part2.data else {}))
        except consents.ConsentError as error:
            db.session.rollback()
            (form.part2 if form.part2.data else form.valid_until).errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for(".resident", id=person.id))
    status = 400 if form.errors else 200
    return render_template("workflow/consent_form.html", form=form, resident=person,
                           notice=consents.PART2_NOTICE), status


@blueprint.post("/consents/<id>/revoke")
@roles_required(*STAFF)
def revoke_consent(id):
    consent = _get(Consent, id)
    form = forms.RevokeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        consents.revoke_consent(consent, user=current_user, reason=form.reason.data or "")
    except consents.ConsentError as error:
        flash(str(error), "error")
    db.session.commit()
    return redirect(url_for(".resident", id=consent.resident_id))


@blueprint.route("/residents/<id>/needs/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_need(id):
    person = _get(Resident, id)
    form = forms.NeedForm()
    form.taxonomy_term_id.choices = forms.choices(db.session.execute(
        select(TaxonomyTerm.id, TaxonomyTerm.name).order_by(TaxonomyTerm.code)))
    if form.validate_on_submit():
        needs.create_need(person, taxonomy_term_id=form.taxonomy_term_id.data,
                          urgency=form.urgency.data, own_words=form.own_words.data or "",
                          user=current_user)
        db.session.commit()
        return redirect(url_for(".resident", id=person.id))
    return render_template("workflow/need_form.html", form=form, resident=person), \
        400 if form.errors else 200


@blueprint.route("/residents/<id>/referrals/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_referral(id):
    person = _get(Resident, id)
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
    return render_template("workflow/referral_form.html", form=form, resident=person), \
        400 if form.errors else 200


@blueprint.route("/residents/<id>/suggestions")
@roles_required(*STAFF)
def suggestions(id):
    person = _get(Resident, id)
    record("resident.suggestions.view", "resident", person.id)
    db.session.commit()
    found = matching.suggest(person)
    return render_template("workflow/suggestions.html", resident=person, found=found,
                           terms=taxonomy_names("en"), form=forms.SuggestionReferralForm())


@blueprint.post("/residents/<id>/suggestions/refer")
@roles_required(*STAFF)
def refer_suggestion(id):
    """A draft referral for a suggested service and one of the resident's open needs."""
    person = _get(Resident, id)
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
    service = _get(Service, service_id)
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
    service = _get(Service, service_id)
    form = forms.ResidentReferralForm()
    if not form.validate_on_submit():
        abort(400)
    person = _get(Resident, form.resident_id.data)
    try:
        referral = referrals.refer_from_service(person, service, user=current_user)
    except referrals.NotReferable as refusal:
        flash(str(refusal), "error")
        return redirect(url_for(".refer_to_service", service_id=service.id))
    db.session.commit()
    flash(_("A draft referral was saved."), "success")
    return redirect(url_for(".referral", id=referral.id))


def _referral_page(referral, status_form=None, handoff_form=None, code=200):
    status_form = status_form or forms.StatusForm()
    status_form.to.choices = forms.next_states(referral, current_user)
    service = db.session.get(Service, referral.service_id)
    return render_template(
        "workflow/referral.html", referral=referral, service=service,
        status_form=status_form, handoff_form=handoff_form or forms.HandoffForm(happened_at=_local_now()),
        refusal=referrals.sending_refusal(referral) if referral.status == "draft" else None,
        ), code


@blueprint.route("/referrals/<id>")
@roles_required(*STAFF)
def referral(id):
    item = _get(Referral, id)
    record("referral.view", "referral", item.id)
    db.session.commit()
    return _referral_page(item)


@blueprint.post("/referrals/<id>/status")
@roles_required(*STAFF)
def referral_status(id):
    item = _get(Referral, id)
    form = forms.StatusForm()
    if form.validate_on_submit():
        try:
            referrals.change_status(item, form.to.data, user=current_user,
                                    reason=form.reason.data, note=form.note.data)
        except referrals.ReferralError as refusal:
            db.session.rollback()
            form.to.errors.append(str(refusal))
        else:
            db.session.commit()
            _tell_provider(item)
            return redirect(url_for(".referral", id=item.id))
    return _referral_page(item, status_form=form, code=400)


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
    item = _get(Referral, id)
    form = forms.HandoffForm()
    happened_at = _past_time(form.happened_at) if form.validate_on_submit() else None
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


@blueprint.post("/follow-ups/<id>/done")
@roles_required(*STAFF)
def follow_up_done(id):
    follow_up = _get(FollowUp, id)
    form = forms.FollowUpForm()
    if form.validate_on_submit() and follow_up.done_at is None:
        services.complete_follow_up(follow_up, outcome=form.outcome.data,
                                    notes=form.notes.data or "", user=current_user)
        db.session.commit()
    else:
        flash(_("The follow-up was not recorded: choose an outcome."), "error")
    return redirect(url_for(".resident", id=follow_up.resident_id))
