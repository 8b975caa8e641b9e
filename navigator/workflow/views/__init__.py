"""The navigators' workspace: thin views over ``services``, ``needs``, ``consents`` and
``referrals``, one module per subject; here the blueprint and what they all share.

No name or phone ever goes into a URL: search terms are POSTed, records are named by
their random ids. Every view and change of a resident's record is audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_name
from flask import Blueprint, abort, current_app, render_template
from flask_babel import get_locale, gettext as _

from flask_login import current_user

from navigator.audit import record
from navigator.auth import roles_required
from navigator.extensions import db

from .. import consents as consent_rules, forms, referrals as referral_rules, services

blueprint = Blueprint("workflow", __name__, url_prefix="/navigator")
STAFF = ("navigator", "admin")

#: How far ahead of the server's clock a typed time may be (a phone's clock may run fast).
CLOCK_SLACK = timedelta(minutes=10)


@blueprint.app_context_processor
def labels():
    return {"labels": {"status": forms.STATUS_LABELS, "reason": forms.REASON_LABELS,
                       "urgency": forms.URGENCY_LABELS, "handoff": forms.HANDOFF_LABELS,
                       "handoff_outcome": forms.HANDOFF_OUTCOME_LABELS,
                       "follow_up": forms.FOLLOW_UP_LABELS, "method": forms.METHOD_LABELS,
                       "scope": forms.SCOPE_LABELS, "contact": forms.CONTACT_LABELS,
                       "encounter": forms.ENCOUNTER_LABELS, "need": forms.NEED_LABELS,
                       "crisis": forms.CRISIS_LABELS}}


def city_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["NAVIGATOR_TIMEZONE"])


@blueprint.app_template_filter("last_day")
def last_day(valid_until: datetime):
    """A consent's last day on the city's clock (``valid_until`` is the moment after)."""
    return consent_rules.last_day(valid_until, city_zone())


def zone_name() -> str:
    """The city's time zone by name, in the page's language ("Eastern Time")."""
    return get_timezone_name(city_zone(), "long", locale=get_locale())


def local_now() -> datetime:
    """Now on the city's clock, to the minute, as a ``datetime-local`` field shows it."""
    return local_time(services.utcnow())


def local_time(moment: datetime) -> datetime:
    """``moment`` on the city's clock, to the minute, as a ``datetime-local`` field
    shows it."""
    return moment.astimezone(city_zone()).replace(second=0, microsecond=0, tzinfo=None)


def city_time(field) -> datetime | None:
    """A ``datetime-local`` field's value in the city's time zone (None when empty)."""
    return field.data.replace(tzinfo=city_zone()) if field.data else None


def past_time(field) -> datetime | None:
    """A ``datetime-local`` field's value in the city's time zone, or None with an error
    on the field when it lies in the future."""
    when = field.data.replace(tzinfo=city_zone())
    if when > services.utcnow() + CLOCK_SLACK:
        field.errors.append(_("This time is in the future."))
        return None
    return when


def get_or_404(model, id_: str):
    return db.session.get(model, id_) or abort(404)


def viewed(person) -> None:
    """A page showing the resident (their name at least) is a view of their record:
    audited and committed, once per page shown."""
    record("resident.view", "resident", person.id)
    db.session.commit()


def change_state(referral, form, then=None) -> int | None:
    """The posted state change (a ``StatusForm``) made by the signed-in user through
    ``referrals.change_status`` and committed (None), or the status of the page to show
    again with the form's errors, the rule's refusal among them on ``to`` (rolled back):
    409 when someone else changed the referral since the page was shown, else 400. For
    the navigators' and the providers' referral pages alike. ``then(referral)``, when
    given, runs after the change, before the commit (in its transaction)."""
    if not form.validate_on_submit():
        return 400
    try:
        referral_rules.change_status(referral, form.to.data, user=current_user,
                                     reason=form.reason.data, note=form.note.data,
                                     seen=form.seen.data or None)
    except referral_rules.ReferralError as refusal:
        db.session.rollback()
        form.to.errors.append(str(refusal))
        return 409 if isinstance(refusal, referral_rules.ReferralChanged) else 400
    if then is not None:
        then(referral)
    db.session.commit()
    return None


def status_form(referral, form=None):
    """The referral page's ``StatusForm`` (``form``, as posted, or a new one) offering
    the states ``referral`` may move to now, and holding the state it is in (``seen``)."""
    form = form or forms.StatusForm()
    form.to.choices = forms.next_states(referral, current_user)
    form.seen.data = referral.status
    return form


@blueprint.route("")
@roles_required(*STAFF)
def home():
    work = services.workload()
    lists = workspace.home_lists(current_user)
    # Each resident named on the page, once. Not "resident.view": the residents a
    # navigator opened lately are read from those (services.recent_residents), and
    # this page lists everyone's.
    for resident_id in sorted({item.resident_id for items in work.values() for item in items}
                              | workspace.residents_named(lists)):
        record("resident.workload.view", "resident", resident_id)
    db.session.commit()
    return render_template("workflow/home.html", **work, **lists, form=forms.ActionForm())


# The subjects' views register themselves on the blueprint when imported.
from . import (  # noqa: E402,F401
    callbacks, consents, follow_ups, referral_form, referrals, residents, workspace)
