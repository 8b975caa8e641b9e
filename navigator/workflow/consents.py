"""Consent: recording, revoking, and the one question every disclosure asks first.

A consent given by voice is recorded either on a recorded line or, without one, with a
witness: the name of someone else who heard it. Its last day is kept as the first moment
after that day on the directory's clock (``valid_until``), so that it holds through
the end of the day the resident agreed to, wherever the server is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from navigator.audit import record
from navigator.directory.models.base import utcnow
from navigator.extensions import db

from .locking import Changed, lock
from .models import CONSENT_METHODS, SCOPES, Consent, Resident

#: 42 CFR 2.32: the notice that accompanies each disclosure made with a Part 2 consent.
PART2_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."

#: The elements 42 CFR 2.31(a) (2024 rule) requires of a written consent, beside the
#: scope, recipients, purpose and expiry every consent has.
PART2_ELEMENTS = {
    "part2_patient_name": _l("the resident's name"),
    "part2_disclosing_party": _l("who may disclose (name or general designation)"),
    "part2_information": _l("how much and what kind of information"),
    "part2_recipients": _l("the recipients (name or general designation)"),
    "part2_revocation_statement": _l("the right to revoke and how"),
    "part2_signed_by": _l("the signature"),
    "part2_signed_on": _l("the date signed"),
    "part2_notice": _l("the notice to accompany disclosure"),
}


class ConsentError(ValueError):
    """A consent cannot be recorded as given; the message says why, ``field`` which of
    the form's fields to change (None: the form as a whole)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


class ConsentChanged(ConsentError, Changed):
    """Someone else revoked the consent first."""


def _filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def missing_part2_elements(consent: Consent) -> list[str]:
    """The names of the Part 2 elements this consent lacks (empty when complete)."""
    missing = [name for name in PART2_ELEMENTS if not _filled(getattr(consent, name))]
    if not consent.purpose or not consent.recipients or not consent.valid_until:
        missing.append("purpose_recipients_expiry")
    return missing


def record_consent(resident: Resident, *, user=None, **fields) -> Consent:
    """Add a consent for ``resident``; refuses an incomplete one (``ConsentError``)."""
    consent = Consent(resident_id=resident.id, recorded_by=getattr(user, "id", None), **fields)
    if not consent.scope or set(consent.scope) - set(SCOPES):
        raise ConsentError(_l("Choose what may be shared."), "scope")
    if not consent.recipients:
        raise ConsentError(_l("Choose at least one organization."), "recipients")
    if consent.method not in CONSENT_METHODS:
        raise ConsentError(_l("Choose how consent was given."), "method")
    consent.witness = (consent.witness or "").strip() or None
    if consent.method == "verbal" and not consent.witness:
        raise ConsentError(_l("A verbal consent without a recorded line needs a witness: "
                              "the name of someone else who heard it."), "witness")
    if consent.valid_until <= consent.given_at:
        raise ConsentError(_l("The consent must end after it was given."), "valid_until")
    if "substance_use" in consent.scope and not consent.part2:
        raise ConsentError(_l("Substance use information is shared only under a 42 CFR "
                              "Part 2 consent: mark it as one and fill in its part."), "part2")
    if consent.part2:
        if not consent.part2_notice:
            consent.part2_notice = PART2_NOTICE
        missing = missing_part2_elements(consent)
        if missing:
            raise ConsentError(_l("A Part 2 consent needs: %(elements)s.", elements=", ".join(
                str(PART2_ELEMENTS.get(name, name)) for name in missing)), "part2")
    consent.resident = resident
    db.session.add(consent)
    db.session.flush()
    record("consent.create", "consent", consent.id, user=user)
    return consent


def revoke_consent(consent: Consent, *, user=None, reason: str = "",
                   at: datetime | None = None) -> None:
    """End a consent: new sharing stops; what was shared before stays in the record.

    The consent's row is locked and read again first: when someone else revoked it
    meanwhile, this is refused (``ConsentChanged``) and theirs stays the one revocation.
    """
    if consent.revoked_at is not None:
        raise ConsentError(_l("This consent was already revoked."))
    lock(consent, "revoked_at")
    if consent.revoked_at is not None:
        raise ConsentChanged(_l("This consent changed: it is now revoked."))
    consent.revoked_at = at or utcnow()
    consent.revoked_by = getattr(user, "id", None)
    consent.revocation_reason = reason
    record("consent.revoke", "consent", consent.id, user=user)


def valid_through(last_day: date, zone: tzinfo) -> datetime:
    """The ``valid_until`` of a consent that holds through the end of ``last_day`` on
    the directory's clock (``zone``): the first moment of the next day there."""
    return datetime.combine(last_day + timedelta(days=1), datetime.min.time(), zone)


def last_day(valid_until: datetime, zone: tzinfo) -> date:
    """The last day a consent holds, on the directory's clock: the day of its last
    moment (``valid_until`` is the first moment after it)."""
    return (valid_until - timedelta(microseconds=1)).astimezone(zone).date()


def is_active(consent: Consent, at: datetime) -> bool:
    return (consent.given_at <= at < consent.valid_until
            and (consent.revoked_at is None or consent.revoked_at > at))


def hold_consents(resident: Resident) -> None:
    """Keep ``resident``'s consents from being revoked until the transaction ends, and
    read them again as saved: a referral sent now is sent under a consent that is still
    active when the sending is committed. On PostgreSQL they are read ``FOR SHARE``,
    which a revocation's lock waits for; SQLite has no such lock, but the sending's own
    (``locking.lock`` of the referral) holds the database's one write lock already."""
    db.session.scalars(select(Consent).where(Consent.resident_id == resident.id)
                       .with_for_update(read=True)
                       .execution_options(populate_existing=True)).all()


def active_consent(resident: Resident, organization, *, part2: bool = False,
                   at: datetime | None = None) -> Consent | None:
    """The newest consent of ``resident`` that lets information go to ``organization``
    (an Organization or its id) at ``at`` (now by default); for ``part2`` it must be a
    complete Part 2 consent. Revoked and expired consents never count."""
    at = at or utcnow()
    organization_id = getattr(organization, "id", organization)
    consents = db.session.scalars(
        select(Consent).where(Consent.resident_id == resident.id)
        .order_by(Consent.given_at.desc()))
    for consent in consents:
        if not is_active(consent, at) or organization_id not in (consent.recipients or []):
            continue
        if part2 and not (consent.part2 and not missing_part2_elements(consent)):
            continue
        return consent
    return None
