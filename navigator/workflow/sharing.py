"""What a provider may see of a referral sent to it: only what the resident's consent
shares with that organization, only while the consent is active.

The consent's scope decides each part (``SCOPES`` in ``models``): ``contact`` the name and
how to reach them, ``language``, ``place_and_age``, ``needs`` the need and the resident's
own words, ``notes`` the navigator's note on the referral. A referral to substance-use
treatment (42 CFR Part 2) needs an active, complete Part 2 consent naming the
organization; its disclosure carries the Part 2 notice and the consent's scope, and the
resident's own words about the need only when ``substance_use`` is in scope. Without an
active consent (none, revoked, expired), or once the navigator cancelled the referral,
nothing about the resident is shown: what was shared before stays in the record, nothing
new leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from navigator.directory.models.base import utcnow

from .consents import active_consent
from .models import Consent, Referral


@dataclass
class Disclosure:
    """The resident's details a provider may see on one referral, each None when not
    shared. ``consent`` is None when nothing may be shared."""

    consent: Consent | None
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    preferred_contact: str | None = None
    language: str | None = None
    place: str | None = None
    birth_year: int | None = None
    need_term_id: str | None = None
    urgency: str | None = None
    own_words: str | None = None
    note: str | None = None
    #: The Part 2 notice that must accompany this disclosure, or None.
    part2_notice: str | None = None
    scope: list[str] = field(default_factory=list)

    @property
    def shared(self) -> bool:
        return self.consent is not None


def disclosure(referral: Referral, at: datetime | None = None) -> Disclosure:
    """What the referral's organization may see of its resident at ``at`` (now)."""
    at = at or utcnow()
    if referral.status in ("draft", "cancelled"):  # never sent, or called off
        return Disclosure(consent=None)
    consent = active_consent(referral.resident, referral.organization_id,
                             part2=referral.part2, at=at)
    if consent is None:
        return Disclosure(consent=None)
    scope = set(consent.scope or ())
    resident = referral.resident
    shown = Disclosure(consent=consent, scope=sorted(scope))
    if "contact" in scope:
        shown.name, shown.phone, shown.email = resident.name, resident.phone, resident.email
        shown.preferred_contact = resident.preferred_contact
    if "language" in scope:
        shown.language = resident.language
    if "place_and_age" in scope:
        shown.place, shown.birth_year = resident.place, resident.birth_year
    need = referral.need
    if "needs" in scope and need is not None:
        shown.need_term_id, shown.urgency = need.taxonomy_term_id, need.urgency
        if not referral.part2 or "substance_use" in scope:
            shown.own_words = need.own_words or None
    if "notes" in scope:
        shown.note = first_note(referral)
    if referral.part2:
        shown.part2_notice = consent.part2_notice
    return shown


def first_note(referral: Referral) -> str | None:
    """The navigator's note made with the referral (its first event's)."""
    for event in referral.events:
        return event.note or None
    return None
