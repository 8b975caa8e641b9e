"""The navigators' everyday actions on residents and follow-ups."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, or_, select

from navigator.audit import AuditEvent, record
from navigator.directory.models import Service
from navigator.directory.models.base import utcnow
from navigator.extensions import db
# The follow-up rules live in ``follow_ups``; their old names here still work.
from .follow_ups import FollowUpChanged, add_follow_up, complete_follow_up  # noqa: F401
from .models import CRISIS_OUTCOMES, CallbackRequest, Encounter, FollowUp, Referral, Resident, fold


def digits(phone: str | None) -> str | None:
    only = re.sub(r"\D", "", phone or "")
    # A US number typed with its country code is the same number.
    if len(only) == 11 and only.startswith("1"):
        only = only[1:]
    return only or None


def birth_year_from(value: int | None, today: date | None = None) -> int | None:
    """A birth year, or an age (under 130) turned into one."""
    if value is None:
        return None
    if value < 130:
        return (today or date.today()).year - value
    return value


def create_resident(*, user=None, **fields) -> Resident:
    resident = Resident(created_by=getattr(user, "id", None), **fields)
    resident.phone_digits = digits(resident.phone)
    db.session.add(resident)
    db.session.flush()
    record("resident.create", "resident", resident.id, user=user)
    return resident


def update_resident(resident: Resident, *, user=None, **fields) -> None:
    for name, value in fields.items():
        setattr(resident, name, value)
    resident.phone_digits = digits(resident.phone)
    record("resident.update", "resident", resident.id, user=user)


def request_callback(*, name: str, phone: str | None, email: str | None, language: str,
                     best_time: str, need: str) -> CallbackRequest:
    """A resident's request (from the public page) that a navigator call or write back,
    given with their consent to be contacted; it waits in the navigators' queue."""
    request = CallbackRequest(name=name.strip(), phone=phone or None,
                              email=(email or "").strip() or None, language=language,
                              best_time=best_time, need=need.strip(), consent=True)
    db.session.add(request)
    return request


def find_residents(terms: str, limit: int = 50) -> list[Resident]:
    """Residents whose name holds every word of ``terms`` whatever the case and accents
    ("maria" finds "María"), or whose phone holds its digits however typed."""
    words = (fold(terms) or "").split()
    if not words:
        return []
    conditions = [and_(*(Resident.name_key.contains(w, autoescape=True) for w in words))]
    number = digits(terms)
    if number and len(number) >= 4:
        conditions.append(Resident.phone_digits.contains(number, autoescape=True))
    return list(db.session.scalars(
        select(Resident).where(or_(*conditions)).order_by(Resident.name).limit(limit)))


def service_names(referrals) -> dict[str, str]:
    """The names of the services these referrals are to, by service id (a removed
    service is missing: the referral keeps its id)."""
    ids = {r.service_id for r in referrals}
    return dict(db.session.execute(select(Service.id, Service.name)
                                   .where(Service.id.in_(ids))).all()) if ids else {}


def record_encounter(resident: Resident, *, kind: str, happened_at: datetime,
                     notes: str = "", user=None, follow_up_at: datetime | None = None,
                     crisis_outcome: str | None = None) -> Encounter:
    """A contact with the resident, and the follow-up it brings (or joins), due
    ``follow_up_at`` when the navigator said when; ``crisis_outcome`` how the crisis
    it follows ended, when it follows one (``CRISIS_OUTCOMES``)."""
    if crisis_outcome and crisis_outcome not in CRISIS_OUTCOMES:
        raise ValueError(f"unknown crisis outcome {crisis_outcome!r}")
    encounter = Encounter(resident=resident, kind=kind, happened_at=happened_at,
                          notes=notes, recorded_by=getattr(user, "id", None),
                          crisis_outcome=crisis_outcome or None)
    db.session.add(encounter)
    db.session.flush()
    add_follow_up(resident, encounter=encounter, at=happened_at, due_at=follow_up_at)
    record("encounter.create", "encounter", encounter.id, user=user)
    return encounter


def record_ids(entity_id: str) -> set[str]:
    """``entity_id``, and when it is a resident's, the ids of everything in their record
    (consents, needs, contacts, referrals, handoffs, follow-ups): what the audit log names
    when it tells who saw or changed any of it."""
    resident = db.session.get(Resident, entity_id)
    if resident is None:
        return {entity_id}
    parts = [resident.consents, resident.needs, resident.encounters, resident.referrals,
             resident.follow_ups] + [r.handoffs for r in resident.referrals]
    return {entity_id} | {item.id for items in parts for item in items}


def recent_residents(user, limit: int = 10) -> list[Resident]:
    """The residents ``user`` opened or added most lately, newest first (from the audit
    log, which holds exactly that)."""
    ids = db.session.scalars(
        select(AuditEvent.entity_id).where(
            AuditEvent.user_id == user.id, AuditEvent.entity_type == "resident",
            AuditEvent.action.in_(("resident.view", "resident.create")))
        .order_by(AuditEvent.id.desc()).limit(limit * 5))
    newest = list(dict.fromkeys(i for i in ids if i))[:limit]
    found = {r.id: r for r in db.session.scalars(select(Resident).where(
        Resident.id.in_(newest)))} if newest else {}
    if found:
        record("resident.recent.list", "resident", user=user)
    return [found[i] for i in newest if i in found]


def workload(now: datetime | None = None) -> dict:
    """The home page's lists: follow-ups due later today, overdue ones and referrals
    waiting on a provider's answer (the providers' answers: ``workspace``)."""
    now = now or utcnow()
    zone = ZoneInfo(current_app.config.get("NAVIGATOR_TIMEZONE", "America/New_York"))
    local = now.astimezone(zone)
    end_of_day = datetime.combine(local.date() + timedelta(days=1), time(), zone)
    open_follow_ups = select(FollowUp).where(FollowUp.done_at.is_(None)) \
        .order_by(FollowUp.due_at)
    return {
        "overdue": list(db.session.scalars(open_follow_ups.where(FollowUp.due_at < now))),
        "due_today": list(db.session.scalars(open_follow_ups.where(
            FollowUp.due_at >= now, FollowUp.due_at < end_of_day))),
        "waiting": list(db.session.scalars(
            select(Referral).where(Referral.status == "pending")
            .order_by(Referral.sent_at))),
    }
