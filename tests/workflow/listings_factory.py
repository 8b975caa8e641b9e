"""Fictional listings near ZIP 27701 for the matching and suggestion tests, built with the
ORM (as tests/fictional_directory.py does): one organization, a few categories, and
services placed a given distance east of the ZIP's centre."""

from __future__ import annotations

import math
import uuid
from datetime import datetime, time
from zoneinfo import ZoneInfo

from navigator.directory.models import (
    Address, Attribute, Language, Location, Organization, Phone, Schedule, Service,
    ServiceAtLocation, ServiceCapacity, Taxonomy, TaxonomyTerm, Unit)
from navigator.extensions import db
from navigator.workflow.models import Need

TZ = ZoneInfo("America/New_York")
#: A Monday morning, 10:30 in Durham.
MONDAY_MORNING = datetime(2026, 3, 2, 10, 30, tzinfo=TZ)
#: ZIP 27701's centroid in the offline gazetteer.
ZIP_27701 = (35.9967, -78.8966)
HOURS = (("MO,TU,WE,TH,FR", "09:00", "17:00"),)


def _id() -> str:
    return str(uuid.uuid4())


def east(km: float) -> tuple[float, float]:
    lat, lon = ZIP_27701
    return lat, lon + km / (111.195 * math.cos(math.radians(lat)))


class Listings:
    """Fictional listings built with the ORM (as tests/fictional_directory.py does)."""

    def __init__(self):
        self.org = Organization(id=_id(), name="Bull City Mutual Aid", description="x")
        taxonomy = Taxonomy(id=_id(), name="Test categories", description="x")
        db.session.add_all([self.org, taxonomy])
        self.terms = {}
        for code, name in (("food", "Food"), ("youth", "Youth programs")):
            term = TaxonomyTerm(id=_id(), code=code, name=name, description=name,
                                taxonomy_id=taxonomy.id)
            db.session.add(term)
            self.terms[code] = term
        db.session.flush()

    def service(self, name, *, term="food", km=1.0, languages=("en",), min_age=None,
                max_age=None, accepting=True, status="active", hours=HOURS,
                capacity=None, interpretation=None, org=None, approximate=False,
                zip_code=None, phone=None, intake_notes=None, eligibility=None):
        """One service at a point ``km`` east of ZIP 27701's centre (``approximate``:
        placed at a ZIP code's centre; ``zip_code``: with an address there)."""
        service = Service(id=_id(), organization_id=(org or self.org).id, name=name,
                          description=f"{name} (fictional)", status=status,
                          minimum_age=min_age, maximum_age=max_age,
                          accepting_referrals=accepting,
                          interpretation_services=interpretation,
                          intake_notes=intake_notes, eligibility_description=eligibility)
        db.session.add(service)
        db.session.flush()
        if phone:
            db.session.add(Phone(id=_id(), service_id=service.id, number=phone))
        db.session.add(Attribute(id=_id(), link_id=service.id, link_entity="service",
                                 taxonomy_term_id=self.terms[term].id))
        for code in languages:
            db.session.add(Language(id=_id(), service_id=service.id, code=code))
        for byday, opens, closes in hours:
            db.session.add(Schedule(id=_id(), service_id=service.id, freq="WEEKLY",
                                    byday=byday, opens_at=time.fromisoformat(opens),
                                    closes_at=time.fromisoformat(closes)))
        if capacity is not None:
            unit = Unit(id=_id(), name="slot")
            db.session.add(unit)
            db.session.flush()
            db.session.add(ServiceCapacity(id=_id(), service_id=service.id, unit_id=unit.id,
                                           available=capacity, maximum=capacity or 1,
                                           updated=MONDAY_MORNING))
        lat, lon = east(km)
        location = Location(id=_id(), location_type="physical", latitude=lat, longitude=lon,
                            coordinates_approximate=approximate)
        db.session.add(location)
        db.session.flush()
        if zip_code:
            db.session.add(Address(id=_id(), location_id=location.id,
                                   address_1=f"{len(name)} Fictional Row", city="Durham",
                                   state_province="NC", postal_code=zip_code, country="US",
                                   address_type="physical"))
        db.session.add(ServiceAtLocation(id=_id(), service_id=service.id,
                                         location_id=location.id))
        return service

    def organization(self, name):
        org = Organization(id=_id(), name=name, description="x")
        db.session.add(org)
        db.session.flush()
        return org

    def need(self, resident, term="food", words=""):
        need = Need(resident=resident, taxonomy_term_id=self.terms[term].id,
                    urgency="this_week", own_words=words)
        db.session.add(need)
        return need
