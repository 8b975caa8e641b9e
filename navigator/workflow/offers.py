"""What a navigator needs at hand to refer a resident to a service, so that nothing has
to be looked up elsewhere during a three-way call: the organization, a number to call,
the service's intake notes, and whether the resident's consent lets the referral (and
the navigator's note) go to that organization."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select

from navigator.directory.models import (
    Location, Organization, Phone, Service, ServiceAtLocation)
from navigator.extensions import db

from .consents import active_consent
from .models import Consent, Need, Resident
from .needs import services_for
from .service_categories import part2_service_ids


@dataclass
class Offer:
    service_id: str
    name: str
    organization_id: str
    organization: str
    phone: str | None
    intake_notes: str | None
    #: Substance-use treatment: a referral needs a Part 2 consent.
    part2: bool
    #: The active consent that lets a referral go to the organization, or None.
    consent: Consent | None

    @property
    def shares_notes(self) -> bool:
        """The navigator's note on a referral reaches the provider (``sharing``)."""
        return self.consent is not None and "notes" in (self.consent.scope or ())


def offers(resident: Resident, service_ids: Iterable[str]) -> list[Offer]:
    """An offer for each of ``service_ids`` still in the directory, in their order."""
    ids = list(dict.fromkeys(service_ids))
    if not ids:
        return []
    rows = {service.id: (service, organization) for service, organization in
            db.session.execute(select(Service, Organization).join(
                Organization, Organization.id == Service.organization_id)
                .where(Service.id.in_(ids)))}
    phones = _phones(ids, {organization.id for _, organization in rows.values()})
    part2 = part2_service_ids(ids)
    consents: dict[tuple[str, bool], Consent | None] = {}
    found = []
    for id_ in ids:
        if id_ not in rows:
            continue
        service, organization = rows[id_]
        key = (organization.id, id_ in part2)
        if key not in consents:
            consents[key] = active_consent(resident, organization.id, part2=key[1])
        found.append(Offer(
            service_id=id_, name=service.name, organization_id=organization.id,
            organization=organization.name,
            phone=phones.get(id_) or phones.get(organization.id),
            intake_notes=(service.intake_notes or "").strip() or None,
            part2=key[1], consent=consents[key]))
    return found


def offer(resident: Resident, service_id: str) -> Offer | None:
    found = offers(resident, [service_id])
    return found[0] if found else None


def offers_for_need(resident: Resident, need: Need) -> list[Offer]:
    """Offers for the active services under the need's category (or below it), by name."""
    return offers(resident, [id_ for id_, _ in services_for([need])])


def _phones(service_ids: list[str], organization_ids: set[str]) -> dict[str, str]:
    """A number to call for each service (its own, else one of its places that is not
    confidential) and for each organization, by id."""
    found: dict[str, str] = {}
    for owner, number in db.session.execute(
            select(Phone.service_id, Phone.number).where(Phone.service_id.in_(service_ids))
            .order_by(Phone.id)):
        found.setdefault(owner, number)
    for owner, number in db.session.execute(
            select(ServiceAtLocation.service_id, Phone.number)
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .join(Phone, Phone.location_id == Location.id)
            .where(ServiceAtLocation.service_id.in_(service_ids),
                   Location.confidential.is_not(True))
            .order_by(Phone.id)):
        found.setdefault(owner, number)
    for owner, number in db.session.execute(
            select(Phone.organization_id, Phone.number).where(
                Phone.organization_id.in_(organization_ids), Phone.service_id.is_(None))
            .order_by(Phone.id)):
        found.setdefault(owner, number)
    return found
