"""Referrals: creation, the one table of allowed state changes, sending under consent,
warm handoffs."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from navigator.audit import record
from navigator.directory.categories import HIDDEN_STATUSES
from navigator.directory.models import Service
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.directory.models.base import utcnow
from navigator.extensions import db

from . import needs, notices
from .consents import active_consent, hold_consents
# The follow-up rules live in ``follow_ups``; their old names here still work.
from .follow_ups import add_follow_up, close_for_connected, follow_up_delay  # noqa: F401
from .locking import Changed, lock
from .models import Handoff, Need, Referral, ReferralEvent, Resident
from .service_categories import fits_need, need_for, service_is_part2  # noqa: F401

DECLINE_REASONS = ("no_capacity", "not_eligible", "could_not_contact", "other")
NOT_CONNECTED_REASONS = ("no_show", "no_longer_interested", "referred_elsewhere")

#: Every allowed change of state; anything else is refused. Declined, connected, not
#: connected and cancelled are final: a new attempt is a new referral.
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"pending", "cancelled"}),
    "pending": frozenset({"accepted", "declined", "not_connected", "cancelled"}),
    "accepted": frozenset({"connected", "not_connected", "cancelled"}),
    "declined": frozenset(),
    "connected": frozenset(),
    "not_connected": frozenset(),
    "cancelled": frozenset(),
}
STATUSES = tuple(TRANSITIONS)
STATUS_LABELS = {"draft": _l("Draft"), "pending": _l("Sent, waiting on the provider"),
                 "accepted": _l("Accepted"), "declined": _l("Declined"),
                 "connected": _l("Connected"), "not_connected": _l("Not connected"),
                 "cancelled": _l("Cancelled")}
#: What a provider may do with a referral sent to its own organization: answer it, then
#: say how it ended. Drafts, sending and cancelling stay with the navigators.
PROVIDER_TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"accepted", "declined"}),
    "accepted": frozenset({"connected", "not_connected"}),
}
#: The reasons a move to these states needs (one of them, always).
REASONS = {"declined": DECLINE_REASONS, "not_connected": NOT_CONNECTED_REASONS}


class ReferralError(ValueError):
    """A referral change was refused; the message says why."""


class TransitionRefused(ReferralError):
    pass


class ConsentRequired(ReferralError):
    pass


class ReferralChanged(ReferralError, Changed):
    """Someone else changed the referral first: it is no longer in the state its user saw."""

    def __init__(self, now: str):
        super().__init__(_l("This referral changed: it is now %(state)s.",
                            state=STATUS_LABELS[now]))
        self.now = now


class NotReferable(ReferralError):
    """The service is not listed, the need is not one of the resident's open needs, or
    the service does not answer the need; ``field`` names what to choose again
    ("service" or "need")."""

    def __init__(self, message, field: str = "service"):
        super().__init__(message)
        self.field = field


def check_listed(service: Service | None) -> None:
    """Refuse (``NotReferable``) a removed service or one the directory hides."""
    if service is None or service.status in HIDDEN_STATUSES:
        raise NotReferable(_l("This service is not active: no referral was made."))


def check_open_need(resident: Resident, need: Need | None) -> None:
    """Refuse (``NotReferable``) a need that is not one of ``resident``'s open needs."""
    if need is None or need.resident_id != resident.id or need.status != "open":
        raise NotReferable(_l("Choose one of the resident's open needs."), field="need")


def check_fits_need(service: Service, need: Need) -> None:
    """Refuse (``NotReferable``) a service whose categories do not answer the need (a
    shelter filed under eviction defense)."""
    if not fits_need(service, need):
        tree = TaxonomyTree.load(db.session)
        raise NotReferable(_l(
            "%(service)s is not listed under the need %(need)s: choose one of the services "
            "for this need, or add the need it answers.", service=service.name,
            need=tree.names.get(need.taxonomy_term_id, "?")))


def refer_for_need(resident: Resident, need: Need | None, service: Service | None, *,
                   user=None, part2: bool = False, note: str = "",
                   appointment_at: datetime | None = None,
                   resident_choice: bool | None = None) -> Referral:
    """A draft referral for one of the resident's open needs, to a listed service that
    answers it (``NotReferable`` otherwise, with nothing made)."""
    check_open_need(resident, need)
    check_listed(service)
    check_fits_need(service, need)
    return create_referral(resident, service, user=user, need=need, part2=part2, note=note,
                           appointment_at=appointment_at, resident_choice=resident_choice)


def refer_from_service(resident: Resident, service: Service | None, *,
                       user=None) -> Referral:
    """A draft referral from a service's page, for the first open need it answers."""
    check_listed(service)
    return create_referral(resident, service, user=user, need=need_for(resident, service))


def create_referral(resident: Resident, service: Service, *, user=None,
                    need: Need | None = None, part2: bool = False, note: str = "",
                    appointment_at: datetime | None = None,
                    resident_choice: bool | None = None) -> Referral:
    """Save a referral as a draft; ``part2`` is the navigator's own flag, added to what
    the service's categories say; ``resident_choice`` whether the service was the
    resident's choice among those offered (None: not asked)."""
    referral = Referral(resident=resident, service_id=service.id,
                        organization_id=service.organization_id, need=need,
                        created_by=getattr(user, "id", None), status="draft",
                        part2=bool(part2) or service_is_part2(service),
                        appointment_at=appointment_at, resident_choice=resident_choice)
    db.session.add(referral)
    db.session.flush()
    _event(referral, None, "draft", user, None, note)
    record("referral.create", "referral", referral.id, user=user)
    return referral


def allowed_transitions(referral: Referral, user=None) -> frozenset[str]:
    """The states ``referral`` may move to now, by ``user`` (a provider account may
    move only referrals sent to its own organization, and only as
    ``PROVIDER_TRANSITIONS`` says)."""
    allowed = TRANSITIONS.get(referral.status, frozenset())
    if getattr(user, "role", None) == "provider":
        if user.organization_id != referral.organization_id:
            return frozenset()
        allowed = allowed & PROVIDER_TRANSITIONS.get(referral.status, frozenset())
    return allowed


def sending_refusal(referral: Referral, at: datetime | None = None):
    """Why this referral cannot go to its organization now (a message), or None."""
    consent = active_consent(referral.resident, referral.organization_id,
                             part2=referral.part2, at=at)
    if consent is not None:
        return None
    if referral.part2:
        return _l("This is a referral to substance-use treatment: it can be sent only with "
                  "an active 42 CFR Part 2 consent that names this organization. It is "
                  "saved as a draft.")
    return _l("The resident has no active consent to share information with this "
              "organization (none recorded, revoked or expired). It is saved as a draft.")


def change_status(referral: Referral, to: str, *, user=None, reason: str | None = None,
                  note: str = "", at: datetime | None = None,
                  seen: str | None = None) -> ReferralEvent:
    """Move ``referral`` to ``to`` if the table allows it, with an event and an audit record.

    The one way a referral's state changes, for navigators and providers alike (a
    provider as ``allowed_transitions`` says). The referral's row is locked and read
    again first: a change from any state but ``seen`` (the state its user saw; by default
    the one ``referral`` holds) is refused (``ReferralChanged``), so that of two changes
    made at once only the first is made. Sending (draft -> pending) needs an active
    consent and brings a follow-up (``follow_ups.add_follow_up``). A provider's answer
    leaves a notice for the referring navigator (``notices.write``). Connected closes
    the referral's open follow-ups, and a final state may meet its need
    (``needs.settle``). A refused change raises ``ReferralError`` with the reason in the
    user's words and leaves the referral as it was.
    """
    reason = reason or None  # a form's empty choice is no reason
    seen = seen or referral.status
    lock(referral, "status")
    at = at or utcnow()  # once the change before it (if any) is committed
    before = referral.status
    if before != seen:
        raise ReferralChanged(before)
    if to not in allowed_transitions(referral, user):
        raise TransitionRefused(_l("A referral that is %(before)s cannot become %(after)s.",
                                   before=before, after=to))
    reasons = REASONS.get(to, ())
    if reasons and reason not in reasons:
        raise ReferralError(_l("Choose a reason."))
    if not reasons and reason:
        raise ReferralError(_l("This change takes no reason."))
    if reason == "other" and not (note or "").strip():
        raise ReferralError(_l("Say what the other reason is in the note."))
    if to == "pending":
        hold_consents(referral.resident)
        refusal = sending_refusal(referral, at)
        if refusal is not None:
            raise ConsentRequired(refusal)
        referral.sent_at = at
        add_follow_up(referral.resident, referral=referral, at=at)
    if to == "connected":  # once: "connected" is final
        referral.connected_at = at
    referral.status = to
    referral.status_reason = reason
    event = _event(referral, before, to, user, reason, note, at)
    record("referral.status", "referral", referral.id, user=user)
    notices.write(referral, to, user=user, at=at)
    if to == "connected":
        close_for_connected(referral, user=user, at=at)
    if not TRANSITIONS[to]:
        needs.settle(referral.need, user=user)
    return event


def send(referral: Referral, **kwargs) -> ReferralEvent:
    return change_status(referral, "pending", **kwargs)


def record_handoff(referral: Referral, *, method: str, contact_person: str,
                   happened_at: datetime, resident_present: bool, outcome: str,
                   notes: str = "", user=None,
                   appointment_at: datetime | None = None) -> Handoff:
    """A warm handoff: the navigator put the resident in touch with the provider (and
    maybe made an appointment)."""
    handoff = Handoff(referral=referral, method=method, contact_person=contact_person,
                      happened_at=happened_at, resident_present=resident_present,
                      outcome=outcome, notes=notes or "", recorded_by=getattr(user, "id", None),
                      appointment_at=appointment_at)
    db.session.add(handoff)
    db.session.flush()
    record("handoff.create", "handoff", handoff.id, user=user)
    return handoff


def _event(referral, before, after, user, reason, note, at=None) -> ReferralEvent:
    event = ReferralEvent(referral=referral, from_status=before, to_status=after,
                          user_id=getattr(user, "id", None), reason=reason, note=note or "",
                          occurred_at=at or utcnow())
    db.session.add(event)
    return event
