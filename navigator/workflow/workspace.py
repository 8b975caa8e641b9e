"""What the navigators' workspace lists beside the follow-ups due: the providers'
answers and the needs nobody is acting on yet.

- referrals a provider accepted (the resident is expected: a handoff, then connected);
- referrals declined lately, with the service, the provider's note and the reason;
- open needs with no referral under way (none made, or every one declined, not
  connected or cancelled): the resident waits on a navigator, not on a provider;
- the signed-in navigator's own notices (``notices``), with what each one tells.

Like the follow-ups, the lists are the team's (anyone may pick up a resident at 2 a.m.);
the notices are the referring navigator's alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, exists, select
from sqlalchemy.orm import selectinload

from navigator.directory.models import Organization, Service
from navigator.directory.models.base import utcnow
from navigator.extensions import db

from . import notices
from .models import Need, Notice, Referral, ReferralEvent
from .needs import UNDER_WAY

#: How long a declined referral stays on the workspace.
DECLINED_SHOWN = timedelta(days=14)
#: At most this many of each list (the oldest or least urgent wait off the page).
SHOWN = 50


@dataclass
class Answer:
    """A referral and the change a provider made: ``event`` holds its note, reason and
    time (None if its history lacks it)."""

    referral: Referral
    event: ReferralEvent | None
    service: str | None
    organization: str | None
    notice: Notice | None = None


def _answers(referrals, kinds: list[str] | None = None, found_notices=None) -> list[Answer]:
    """Each referral with its latest event into its state (or into ``kinds[i]``) and the
    names of its service and organization (None once removed from the directory)."""
    referrals = list(referrals)
    services = dict(db.session.execute(select(Service.id, Service.name).where(
        Service.id.in_({r.service_id for r in referrals}))).all()) if referrals else {}
    organizations = dict(db.session.execute(select(Organization.id, Organization.name).where(
        Organization.id.in_({r.organization_id for r in referrals}))).all()) if referrals else {}
    shown = []
    for i, referral in enumerate(referrals):
        kind = kinds[i] if kinds else referral.status
        events = [e for e in referral.events if e.to_status == kind]
        shown.append(Answer(referral=referral, event=events[-1] if events else None,
                            service=services.get(referral.service_id),
                            organization=organizations.get(referral.organization_id),
                            notice=found_notices[i] if found_notices else None))
    return shown


def _referrals():
    return select(Referral).options(selectinload(Referral.events),
                                    selectinload(Referral.resident))


def accepted() -> list[Answer]:
    """Referrals a provider accepted and nobody has marked connected yet, the latest
    accepted first."""
    return sorted(_answers(db.session.scalars(
        _referrals().where(Referral.status == "accepted").order_by(Referral.sent_at.desc())
        .limit(SHOWN))), key=_newest)


def declined(now: datetime | None = None) -> list[Answer]:
    """Referrals declined in the last ``DECLINED_SHOWN``, the latest first."""
    now = now or utcnow()
    recent = exists().where(ReferralEvent.referral_id == Referral.id,
                            ReferralEvent.to_status == "declined",
                            ReferralEvent.occurred_at >= now - DECLINED_SHOWN)
    return sorted(_answers(db.session.scalars(
        _referrals().where(Referral.status == "declined", recent).limit(SHOWN))),
        key=_newest)


def _newest(answer: Answer):
    return -(answer.event.occurred_at.timestamp() if answer.event else 0)


def waiting_needs(limit: int = SHOWN) -> list[Need]:
    """Open needs with no referral under way or connected, the most urgent first, then
    the oldest."""
    acted_on = exists().where(Referral.need_id == Need.id,
                              Referral.status.in_(UNDER_WAY + ("connected",)))
    urgency = case({"today": 0, "this_week": 1}, value=Need.urgency, else_=2)
    return list(db.session.scalars(
        select(Need).where(Need.status == "open", ~acted_on)
        .options(selectinload(Need.resident))
        .order_by(urgency, Need.created_at).limit(limit)))


def notices_of(user) -> list[Answer]:
    """``user``'s notices (``notices.latest``), each with the answer it tells."""
    found = notices.latest(user)
    return _answers([n.referral for n in found], [n.kind for n in found], found)
