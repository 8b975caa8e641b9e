"""Suggestions for one resident: the search's candidates judged for this person, with
reasons; services that do not fit shown apart with why; the page, its access and its
"refer" button."""

from __future__ import annotations

import math
import re
import uuid
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.directory.models import (
    Address, Attribute, Language, Location, Organization, Schedule, Service, ServiceAtLocation,
    ServiceCapacity, Taxonomy, TaxonomyTerm, Unit)
from navigator.extensions import db
from navigator.workflow import matching, services
from navigator.workflow.models import Need, Referral
from tests.database_state import empty_database_and_index

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
                zip_code=None):
        """One service at a point ``km`` east of ZIP 27701's centre (``approximate``:
        placed at a ZIP code's centre; ``zip_code``: with an address there)."""
        service = Service(id=_id(), organization_id=(org or self.org).id, name=name,
                          description=f"{name} (fictional)", status=status,
                          minimum_age=min_age, maximum_age=max_age,
                          accepting_referrals=accepting,
                          interpretation_services=interpretation)
        db.session.add(service)
        db.session.flush()
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

    def need(self, resident, term="food", words=""):
        need = Need(resident=resident, taxonomy_term_id=self.terms[term].id,
                    urgency="this_week", own_words=words)
        db.session.add(need)
        return need


@pytest.fixture
def listings(app_context):
    empty_database_and_index()
    return Listings()


def _names(items):
    return [s.name for s in items]


def _by_name(items, name):
    return next(s for s in items if s.name == name)


def test_age_range_decides_for_a_15_year_old(listings):
    listings.service("Adult Pantry", min_age=18)
    listings.service("Teen Pantry", min_age=10, max_age=17)
    resident = services.create_resident(name="Ana", language="en", place="27701",
                                        birth_year=MONDAY_MORNING.year - 15)
    listings.need(resident)
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)

    assert _names(found.fitting) == ["Teen Pantry"]
    assert "age within the service's range" in _by_name(found.fitting, "Teen Pantry").reasons
    adult = _by_name(found.not_fitting, "Adult Pantry")
    assert adult.problems == ["ages 18+ only"]


def test_a_youth_only_service_does_not_fit_an_adult(listings):
    listings.service("Teen Pantry", min_age=10, max_age=17)
    resident = services.create_resident(name="Bo", place="27701",
                                        birth_year=MONDAY_MORNING.year - 40)
    listings.need(resident)
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)
    assert found.fitting == []
    assert found.not_fitting[0].problems == ["ages 10–17 only"]


def test_not_accepting_and_temporarily_closed_go_apart(listings):
    listings.service("Open Pantry")
    listings.service("Full Pantry", accepting=False)
    listings.service("Shut Pantry", status="temporarily closed")
    resident = services.create_resident(name="Cy", place="27701")
    listings.need(resident)
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)
    assert _names(found.fitting) == ["Open Pantry"]
    assert "accepting referrals" in found.fitting[0].reasons
    assert _by_name(found.not_fitting, "Full Pantry").problems == ["not accepting referrals"]
    assert _by_name(found.not_fitting, "Shut Pantry").problems == ["temporarily closed"]


def test_spanish_speaking_service_ranks_first_for_a_spanish_speaker(listings):
    # The English-only one is a little nearer, otherwise they are the same.
    listings.service("English Pantry", km=1.0, languages=("en",), interpretation=None)
    listings.service("Spanish Pantry", km=1.2, languages=("en", "es"))
    resident = services.create_resident(name="Dora", language="es", place="27701")
    listings.need(resident)
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)
    assert _names(found.fitting) == ["Spanish Pantry"]
    # English only, no interpretation: nothing in common with a Spanish speaker.
    assert _by_name(found.not_fitting, "English Pantry").problems == [
        "no language in common and no interpretation"]
    assert "speaks Spanish" in found.fitting[0].reasons

    # With interpretation, the English-only one fits, after the Spanish-speaking one.
    listings_service = db.session.scalars(
        select(Service).where(Service.name == "English Pantry")).one()
    listings_service.interpretation_services = "Phone interpreters in any language"
    db.session.commit()
    found = matching.suggest(resident, now=MONDAY_MORNING)
    assert _names(found.fitting) == ["Spanish Pantry", "English Pantry"]
    assert "interpretation available" in found.fitting[1].reasons


def test_the_nearer_of_two_equal_services_ranks_first(listings):
    listings.service("Far Pantry", km=6.0)
    listings.service("Near Pantry", km=1.0)
    resident = services.create_resident(name="Eli", place="27701")
    listings.need(resident)
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)
    assert _names(found.fitting) == ["Near Pantry", "Far Pantry"]
    assert "0.6 mi away" in found.fitting[0].reasons
    assert "3.7 mi away" in found.fitting[1].reasons


def test_a_zip_centre_service_shows_its_zip_and_ranks_by_zip_distance(listings):
    # At its ZIP's centre, where the resident's ZIP is too: somewhere in the ZIP, so
    # no miles, and not nearer than a service measured 1 km away.
    listings.service("Zip Pantry", km=0.0, approximate=True, zip_code="27701")
    listings.service("Street Pantry", km=1.0, zip_code="27701")
    resident = services.create_resident(name="Eve", place="27701")
    listings.need(resident)
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)
    assert _names(found.fitting) == ["Street Pantry", "Zip Pantry"]
    zip_pantry = _by_name(found.fitting, "Zip Pantry")
    assert "in ZIP 27701 (approximate location)" in zip_pantry.reasons
    assert not any(re.search(r"\bmi\b", r) for r in zip_pantry.reasons)
    assert "0.6 mi away" in _by_name(found.fitting, "Street Pantry").reasons


def test_hours_and_capacity_are_reasons(listings):
    listings.service("Day Pantry", capacity=4)
    listings.service("Evening Pantry", hours=(("MO", "18:00", "20:00"),), capacity=0)
    listings.service("Unknown Pantry", hours=())
    resident = services.create_resident(name="Fay", place="27701")
    listings.need(resident)
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)
    day = _by_name(found.fitting, "Day Pantry")
    assert "open now" in day.reasons and "capacity available" in day.reasons
    evening = _by_name(found.fitting, "Evening Pantry")
    assert any(r.startswith("opens soon, at 6:00") for r in evening.reasons)
    assert evening.cautions == ["no open places listed"]
    assert "hours unknown" in _by_name(found.fitting, "Unknown Pantry").reasons
    assert found.fitting[0].name == "Day Pantry"


def test_an_unknown_place_is_noted_and_suggestions_still_come(listings):
    listings.service("Pantry")
    resident = services.create_resident(name="Gus", place="Nowhereville Flats 99")
    listings.need(resident)
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)
    assert found.place is None
    assert "could not be found" in found.place_note
    assert _names(found.fitting) == ["Pantry"]
    assert not any(r.endswith("mi away") for r in found.fitting[0].reasons)


def test_only_open_needs_and_their_categories(listings):
    listings.service("Pantry", term="food")
    listings.service("Youth Club", term="youth")
    resident = services.create_resident(name="Hal", place="27701")
    listings.need(resident, "food")
    closed = listings.need(resident, "youth")
    closed.status = "met"
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)
    assert _names(found.fitting) == ["Pantry"]
    assert "for the need: Food" in found.fitting[0].reasons


def test_gender_hook_applies_no_rule_yet(listings):
    resident = services.create_resident(name="Ida")
    assert matching.gender_restriction(resident, {"name": "Women's shelter"}) is None


@pytest.fixture
def page_world(app, staff):
    with app.app_context():
        listings = Listings()
        adult = listings.service("Adult Pantry", min_age=18, languages=("en", "es"))
        teen = listings.service("Teen Pantry", min_age=10, max_age=17,
                                languages=("en", "es"))
        resident = services.create_resident(name="Juana Pérez", language="es",
                                            place="27701",
                                            birth_year=datetime.now().year - 15)
        need = listings.need(resident)
        db.session.commit()
        return {"resident": resident.id, "need": need.id, "teen": teen.id,
                "adult": adult.id, "org": listings.org.id}


def test_the_page_shows_both_lists_and_refer_creates_a_draft(app, staff, page_world):
    staff.user()
    client = staff.client()
    staff.sign_in(client)
    path = f"/navigator/residents/{page_world['resident']}/suggestions"

    resident_page = client.get(f"/navigator/residents/{page_world['resident']}")
    assert path in resident_page.get_data(as_text=True)
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    fitting, _, not_fitting = page.partition("Services that do not fit")
    assert "Teen Pantry" in fitting and "Adult Pantry" not in fitting
    assert "Adult Pantry" in not_fitting and "ages 18+ only" in not_fitting
    assert "Bull City Mutual Aid" in page

    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    refer = f"{path}/refer"
    assert client.post(refer, data={"service_id": page_world["teen"],
                                    "need_id": page_world["need"]}).status_code == 400
    response = client.post(refer, data={"csrf_token": token, "service_id": page_world["teen"],
                                        "need_id": page_world["need"]})
    assert response.status_code == 302
    assert "Juana" not in response.headers["Location"]
    with app.app_context():
        referral = db.session.scalars(select(Referral)).one()
        assert (referral.status, referral.service_id, referral.need_id) == (
            "draft", page_world["teen"], page_world["need"])
        assert response.headers["Location"].endswith(f"/navigator/referrals/{referral.id}")
        actions = [(e.action, e.entity_id) for e in db.session.scalars(select(AuditEvent))]
        assert ("resident.suggestions.view", page_world["resident"]) in actions
        assert ("referral.create", referral.id) in actions


def test_the_page_in_spanish(app, staff, page_world):
    staff.user()
    client = staff.client()
    staff.sign_in(client)
    client.set_cookie("lang", "es")
    page = client.get(f"/navigator/residents/{page_world['resident']}/suggestions",
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Servicios sugeridos" in page
    assert "Servicios que no corresponden" in page
    assert "solo edades de 18 años o más" in page
    assert "la edad está dentro del rango del servicio" in page
    assert "habla español" in page


def test_the_page_shows_the_zip_not_miles_for_a_zip_centre_service(app, staff):
    with app.app_context():
        listings = Listings()
        listings.service("Zip Pantry", km=0.0, approximate=True, zip_code="27701")
        listings.service("Street Pantry", km=1.0)
        resident = services.create_resident(name="Lupe Ortiz", place="27701")
        listings.need(resident)
        db.session.commit()
        resident_id = resident.id
    staff.user()
    client = staff.client()
    staff.sign_in(client)
    page = client.get(f"/navigator/residents/{resident_id}/suggestions").get_data(as_text=True)
    items = {re.search(r"<h3>([^<]+)</h3>", item)[1]: item
             for item in page.split('<li class="record">')[1:]}
    assert "in ZIP 27701 (approximate location)" in items["Zip Pantry"]
    assert not re.search(r"\d\s*mi\b", items["Zip Pantry"])
    assert "0.6 mi away" in items["Street Pantry"]


def test_a_provider_gets_403(app, staff, page_world):
    staff.user("provider@example.org", "provider", page_world["org"])
    client = staff.client()
    staff.sign_in(client, "provider@example.org")
    path = f"/navigator/residents/{page_world['resident']}/suggestions"
    assert client.get(path).status_code == 403
    token = staff.csrf(client, "/provider")
    assert client.post(f"{path}/refer", data={
        "csrf_token": token, "service_id": page_world["teen"],
        "need_id": page_world["need"]}).status_code == 403


def test_refer_refuses_a_need_of_another_resident(app, staff, page_world):
    with app.app_context():
        other = services.create_resident(name="Other")
        db.session.commit()
        other_id = other.id
    staff.user()
    client = staff.client()
    staff.sign_in(client)
    path = f"/navigator/residents/{page_world['resident']}/suggestions"
    token = staff.csrf(client, path)
    assert client.post(f"/navigator/residents/{other_id}/suggestions/refer", data={
        "csrf_token": token, "service_id": page_world["teen"],
        "need_id": page_world["need"]}).status_code == 400
