"""Suggestions for one resident: the search's candidates judged for this person, with
reasons; services that do not fit shown apart with why; a language missing is a caution,
not a dead end; services near the resident first, farther ones on request. The page is
tested in test_suggestions_page.py."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.extensions import db
from navigator.workflow import matching, services
from tests.database_state import empty_database_and_index
from tests.workflow.listings_factory import MONDAY_MORNING, Listings


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
    # English only, no interpretation: it fits with a caution, ranked after.
    assert _names(found.fitting) == ["Spanish Pantry", "English Pantry"]
    assert found.not_fitting == []
    english = _by_name(found.fitting, "English Pantry")
    assert english.cautions == ["no Spanish spoken; ask about an interpreter"]
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


def test_a_service_with_no_language_in_common_for_another_language_says_so(listings):
    listings.service("English Pantry", languages=("en",))
    resident = services.create_resident(name="Ivo", language="other", place="27701")
    listings.need(resident)
    db.session.commit()

    [english] = matching.suggest(resident, now=MONDAY_MORNING).fitting
    assert english.cautions == ["no language in common listed; ask about an interpreter"]


def test_services_far_away_come_only_when_asked_for(listings):
    listings.service("Near Pantry", km=2.0, accepting=False)
    listings.service("Far Pantry", km=80.0)  # about 50 miles
    resident = services.create_resident(name="Jem", place="27701")
    listings.need(resident)
    db.session.commit()

    near = matching.suggest(resident, now=MONDAY_MORNING)
    assert near.fitting == [] and _names(near.not_fitting) == ["Near Pantry"]
    assert (near.radius_km, near.radius_miles) == (matching.NEARBY_KM, 30)
    assert near.problem_counts() == [("not accepting referrals", 1)]

    anywhere = matching.suggest(resident, now=MONDAY_MORNING, anywhere=True)
    assert _names(anywhere.fitting) == ["Far Pantry"] and anywhere.radius_km is None
    assert "50 mi away" in anywhere.fitting[0].reasons


def test_without_a_place_there_is_no_distance_limit(listings):
    listings.service("Far Pantry", km=80.0)
    resident = services.create_resident(name="Kit")
    listings.need(resident)
    db.session.commit()

    found = matching.suggest(resident, now=MONDAY_MORNING)
    assert _names(found.fitting) == ["Far Pantry"] and found.radius_km is None
