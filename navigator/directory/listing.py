"""One service as its public page shows it: everything a person needs to get there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select

from navigator.directory.categories import HIDDEN_STATUSES
from navigator.directory.hours import Day, OpeningHours, Status
from navigator.directory.models import (
    Accessibility, Address, Attribute, CostOption, Language, Location, Organization, Phone,
    RequiredDocument, Schedule, Service, ServiceArea, ServiceAtLocation, ServiceCapacity,
    ServiceTranslation, TaxonomyTerm, TaxonomyTermTranslation, Unit,
)
from navigator.extensions import db

#: DOMAIN.md: a listing not verified in this many days is stale.
STALE_DAYS = 180


def unconfirmed(today: date, days: int | None = STALE_DAYS):
    """The SQL condition on services that wait for their provider's confirmation: not
    confirmed in ``days`` days before ``today`` or never (``days=None``: never), and not
    defunct (a closed service needs no confirming). The provider portal, its reminders
    and the admins' stale list all count this way."""
    never = Service.assured_date.is_(None)
    when = never if days is None else or_(
        never, Service.assured_date < today - timedelta(days=days))
    return and_(Service.status != "defunct", when)


@dataclass
class Place:
    """One location of the service."""

    id: str
    name: str | None
    address: str | None
    phones: list[Phone]
    accessibility: list[str]
    transportation: str | None
    hours: OpeningHours | None
    confidential: bool


@dataclass(frozen=True)
class Words:
    """One of the service's texts as the page shows it: the translation's in the page's
    language (``lang`` is that language), or the directory's own (``lang`` None: the
    page tells their language from the words, which may be English or Spanish)."""

    text: str | None
    lang: str | None = None


@dataclass(frozen=True)
class Texts:
    """The service's translatable texts (``models.TRANSLATED_FIELDS``)."""

    name: Words
    description: Words
    eligibility_description: Words
    application_process: Words


def service_texts(service: Service, lang: str) -> Texts:
    """``service``'s texts in ``lang`` where translated, the directory's elsewhere."""
    translation = (db.session.get(ServiceTranslation, (service.id, lang))
                   if lang != "en" else None)

    def words(name: str) -> Words:
        translated = getattr(translation, name) if translation is not None else None
        return Words(translated, lang) if translated else Words(getattr(service, name))

    return Texts(**{name: words(name) for name in Texts.__dataclass_fields__})


@dataclass
class Listing:
    service: Service
    organization: Organization
    categories: list[tuple[str, str]]  # (term id, name in the page's language)
    phones: list[Phone]
    languages: list[str]  # language codes or names
    costs: list[CostOption]
    documents: list[RequiredDocument]
    areas: list[str]
    capacity: list[tuple[ServiceCapacity, str]]
    places: list[Place]
    hours: OpeningHours
    status: Status
    week: list[Day]
    verified: date | None
    stale: bool
    accepting: bool | None
    alerts: list[str] = field(default_factory=list)
    #: The name, description, eligibility and how to apply, in the page's language
    #: where the service has them translated.
    texts: Texts | None = None


def load_listing(service_id: str, lang: str, timezone_name: str,
                 now: datetime | None = None) -> Listing | None:
    """The listing of a visible service, or None (missing, inactive or defunct)."""
    service = db.session.get(Service, service_id)
    if service is None or service.status in HIDDEN_STATUSES:
        return None
    session = db.session
    organization = session.get(Organization, service.organization_id)
    names = dict(session.execute(
        select(TaxonomyTerm.id, TaxonomyTerm.name)
        .join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_entity == "service", Attribute.link_id == service.id)).all())
    if lang != "en" and names:
        names.update(session.execute(
            select(TaxonomyTermTranslation.taxonomy_term_id, TaxonomyTermTranslation.name)
            .where(TaxonomyTermTranslation.taxonomy_term_id.in_(names),
                   TaxonomyTermTranslation.language == lang)).all())
    by_service = lambda model: session.scalars(  # noqa: E731
        select(model).where(model.service_id == service.id)).all()
    places_rows = session.execute(
        select(ServiceAtLocation, Location)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id == service.id)
        .order_by(Location.name)).all()
    location_ids = [location.id for _, location in places_rows]
    sal_ids = [sal.id for sal, _ in places_rows]
    addresses = _group(session.scalars(select(Address).where(
        Address.location_id.in_(location_ids))), "location_id")
    access = _group(session.scalars(select(Accessibility).where(
        Accessibility.location_id.in_(location_ids))), "location_id")
    place_phones = _group(session.scalars(select(Phone).where(
        Phone.location_id.in_(location_ids))), "location_id")
    schedules = session.scalars(select(Schedule).where(
        (Schedule.service_id == service.id) | Schedule.service_at_location_id.in_(sal_ids)
    )).all()
    service_schedules = [s for s in schedules if s.service_id == service.id
                         and s.service_at_location_id is None]

    tz = ZoneInfo(timezone_name)
    now = now or datetime.now(tz)
    hours = OpeningHours.from_schedules(service_schedules, tz=tz)
    places = []
    for sal, location in places_rows:
        if location.location_type == "virtual":
            continue
        own = [s for s in schedules if s.service_at_location_id == sal.id]
        address = _address(addresses.get(location.id, []))
        places.append(Place(
            id=sal.id, name=location.name,
            address=None if location.confidential else address,
            phones=[] if location.confidential else place_phones.get(location.id, []),
            accessibility=[" ".join(filter(None, (a.description, a.details)))
                           for a in access.get(location.id, [])],
            transportation=location.transportation,
            hours=OpeningHours.from_schedules(own, tz=tz) if own else None,
            confidential=bool(location.confidential)))
    if not hours.known and len(places) == 1 and places[0].hours is not None:
        hours = places[0].hours  # the only place's hours are the service's
    local_today = now.astimezone(tz).date()
    languages = session.scalars(select(Language).where(Language.service_id == service.id))
    capacity = session.execute(
        select(ServiceCapacity, Unit.name).join(Unit, Unit.id == ServiceCapacity.unit_id)
        .where(ServiceCapacity.service_id == service.id)).all()
    verified = service.assured_date
    alerts = [service.alert] if service.alert else []
    return Listing(
        service=service, organization=organization,
        categories=sorted(names.items(), key=lambda item: item[1]),
        phones=by_service(Phone),
        languages=sorted({(lang_row.code or lang_row.name or "").strip()
                          for lang_row in languages} - {""}),
        costs=by_service(CostOption), documents=by_service(RequiredDocument),
        areas=[a.name for a in by_service(ServiceArea) if a.name],
        capacity=[(row, unit) for row, unit in capacity],
        places=places, hours=hours, status=hours.status_at(now),
        week=hours.this_week(now),
        verified=verified,
        stale=verified is None or (local_today - verified).days > STALE_DAYS,
        accepting=service.accepting_referrals, alerts=alerts,
        texts=service_texts(service, lang))


def _group(rows, key: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


def _address(rows: list[Address]) -> str | None:
    rows = sorted(rows, key=lambda a: a.address_type != "physical")
    if not rows:
        return None
    a = rows[0]
    line = ", ".join(filter(None, (a.address_1, a.address_2, a.city, a.state_province)))
    return f"{line} {a.postal_code}".strip()
