"""A referral in one step, as a navigator makes it with the resident on the line: the
consent the resident gives for the service's organization (when none is on file), the
referral for their need, sending it, and the warm handoff of the three-way call that
follows, each only when given.

Each part goes through the rule that makes it alone (``consents.record_consent``,
``referrals.refer_for_need``, ``referrals.send``, ``referrals.record_handoff``), with its
checks and its audit record, in that order: the consent is on file before anything is
shared, and a handoff, which shares the resident with the provider, is recorded only on
a referral that was sent. A refusal raises with nothing committed; the caller rolls back.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from navigator.directory.models import Service
from navigator.directory.models.base import utcnow

from . import consents, referrals
from .models import Need, Referral, Resident


class HandoffRefused(ValueError):
    """A handoff was given with a referral that is not sent: nothing may be shared yet."""


def refer(resident: Resident, need: Need | None, service: Service | None, *, user=None,
          part2: bool = False, note: str = "", appointment_at: datetime | None = None,
          resident_choice: bool | None = None, send: bool = True,
          consent: dict | None = None, handoff: dict | None = None) -> Referral:
    """The referral made, with ``consent`` (scope, valid_until, method, witness) recorded
    first for the service's organization and ``handoff`` (``record_handoff``'s fields but
    the appointment, which is the referral's) after it was sent.

    Raises ``referrals.NotReferable``, ``consents.ConsentError`` or ``HandoffRefused``.
    Sending refused for want of consent leaves a draft (its page says why), unless a
    handoff was given too.
    """
    referrals.check_listed(service)
    if consent is not None:
        consents.record_consent(
            resident, user=user, recipients=[service.organization_id],
            purpose=str(_l("Referral to %(service)s", service=service.name)),
            given_at=utcnow(), part2=False, **consent)
    referral = referrals.refer_for_need(resident, need, service, user=user, part2=part2,
                                        note=note, appointment_at=appointment_at,
                                        resident_choice=resident_choice)
    if send:
        try:
            referrals.send(referral, user=user)
        except referrals.ConsentRequired as refusal:
            if handoff is not None:
                raise HandoffRefused(str(refusal)) from refusal
    if handoff is not None:
        if referral.status != "pending":
            raise HandoffRefused(_l("A warm handoff shares the resident with the provider: "
                                    "send the referral with it, or leave the handoff out."))
        referrals.record_handoff(referral, user=user, appointment_at=appointment_at,
                                 **handoff)
    return referral
