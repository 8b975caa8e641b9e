"""Fictional listings built with the ORM for the search and ``/api/search`` tests
(``Directory``), a Monday morning and a ZIP centroid to search from.

Everything is fictional. Ids are UUIDs; coordinates are around Durham, NC.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from navigator.directory.models import (
    Accessibility, Address, Attribute, CostOption, Language, Location, Organization,
    Schedule, Service, ServiceArea, ServiceAtLocation, TaxonomyTerm,
)
from navigator.extensions import db

TZ = ZoneInfo("America/New_York")
#: A Monday morning, 10:30 in Durham.
MONDAY_MORNING = datetime(2026, 3, 2, 10, 30, tzinfo=TZ)
#: ZIP 27701's centroid in the offline gazetteer.
ZIP_27701 = (35.9967, -78.8966)


def new_id(rng: random.Random | None = None) -> str:
    if rng is None:
        return str(uuid.uuid4())
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def offset(lat: float, lon: float, km_north: float = 0.0, km_east: float = 0.0):
    """A point ``km_north``/``km_east`` from (lat, lon), on the sphere."""
    dlat = km_north / 111.195
    dlon = km_east / (111.195 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


@dataclass
class Directory:
    """Builds fictional listings in ``db.session``; call ``commit()`` to index them."""

    rng: random.Random | None = None
    terms: dict[str, TaxonomyTerm] = field(default_factory=dict)
    _org: Organization | None = None

    #: Also reachable from the fixture's value (``directory.offset(...)``).
    offset = staticmethod(offset)

    def id(self) -> str:
        return new_id(self.rng)

    def organization(self, name: str = "Bull City Mutual Aid") -> Organization:
        org = Organization(id=self.id(), name=name, description=f"{name} (fictional)")
        db.session.add(org)
        return org

    def default_org(self) -> Organization:
        if self._org is None:
            self._org = self.organization()
        return self._org

    def term(self, code: str, name: str, parent: str | None = None) -> TaxonomyTerm:
        term = TaxonomyTerm(id=self.id(), code=code, name=name, description=name,
                            parent_id=self.terms[parent].id if parent else None)
        db.session.add(term)
        db.session.flush()
        self.terms[code] = term
        return term

    def service(self, name: str, description: str = "", *, org: Organization | None = None,
                status: str = "active", at: tuple[float, float] | None = None,
                approximate: bool = False, confidential: bool = False,
                address: str | None = None,
                postal_code: str = "27701", location_name: str | None = None,
                terms: tuple[str, ...] = (), languages: tuple[str, ...] = (),
                costs: tuple[tuple[str | None, float | None], ...] = (),
                fees: str | None = None, areas: tuple[str, ...] = (),
                access: tuple[str, ...] = (), min_age: float | None = None,
                max_age: float | None = None, assured: date | None = None,
                accepting: bool | None = None,
                hours: tuple[tuple[str, str, str], ...] = ()) -> Service:
        """One service, optionally at one location (``at`` = (lat, lon); ``approximate``:
        placed at its ZIP code's centre, as an import places a location without
        coordinates)."""
        service = Service(
            id=self.id(), organization_id=(org or self.default_org()).id, name=name,
            description=description, status=status, minimum_age=min_age,
            maximum_age=max_age, assured_date=assured, accepting_referrals=accepting,
            fees_description=fees)
        db.session.add(service)
        db.session.flush()
        for code in terms:
            db.session.add(Attribute(id=self.id(), link_id=service.id, link_entity="service",
                                     taxonomy_term_id=self.terms[code].id))
        for code in languages:
            db.session.add(Language(id=self.id(), service_id=service.id, code=code))
        for option, amount in costs:
            db.session.add(CostOption(id=self.id(), service_id=service.id, option=option,
                                      amount=amount))
        for area in areas:
            db.session.add(ServiceArea(id=self.id(), service_id=service.id, name=area))
        for byday, opens, closes in hours:
            db.session.add(Schedule(id=self.id(), service_id=service.id, freq="WEEKLY",
                                    byday=byday, opens_at=time.fromisoformat(opens),
                                    closes_at=time.fromisoformat(closes)))
        if at is not None:
            location = Location(id=self.id(), location_type="physical",
                                name=location_name, latitude=at[0], longitude=at[1],
                                coordinates_approximate=approximate,
                                confidential=confidential)
            db.session.add(location)
            db.session.flush()
            if address:
                db.session.add(Address(
                    id=self.id(), location_id=location.id, address_1=address, city="Durham",
                    state_province="NC", postal_code=postal_code, country="US",
                    address_type="physical"))
            for text in access:
                db.session.add(Accessibility(id=self.id(), location_id=location.id,
                                             description=text))
            db.session.add(ServiceAtLocation(id=self.id(), service_id=service.id,
                                             location_id=location.id))
        return service

    def commit(self) -> None:
        db.session.commit()
