"""Household- and gender-aware ranking on the Durham sample directory: for emergency
shelter, a man born in 1970 who lives alone gets the men's and the single adults'
shelters first, a woman with her children the family shelters; without those fields
the same shelters are offered, none ranked down."""

from __future__ import annotations

import pytest

from navigator.extensions import db
from navigator.workflow import matching, services
from navigator.workflow.models import Need
from tests.fictional_directory import MONDAY_MORNING

EMERGENCY_SHELTER = "581051ae-460b-5286-9f2c-3c6da1add40a"
MENS = "Durham Rescue Mission emergency shelter for men"
SINGLE_ADULTS = "UMD Community Shelter for single adults"
FAMILIES = ("Emergency shelter for families with children",
            "UMD family shelter rooms (backup family shelter)")
WOMEN_AND_CHILDREN = "Durham Rescue Mission shelter for women and children"


@pytest.fixture
def suggest(durham):
    def run(gender=None, household=None, birth_year=1970):
        resident = services.create_resident(name="Test", place="27701", language="en",
                                            birth_year=birth_year)
        resident.gender, resident.household = gender, household
        db.session.add(Need(resident=resident, taxonomy_term_id=EMERGENCY_SHELTER,
                            urgency="today"))
        db.session.flush()
        return matching.suggest(resident, now=MONDAY_MORNING)

    with durham.app_context():
        yield run
        db.session.rollback()


def _names(found):
    return [s.name for s in found.fitting]


def test_a_single_man_born_in_1970_is_not_offered_a_family_shelter_first(suggest):
    found = suggest("man", "alone")
    names = _names(found)
    assert names[:2] == [MENS, SINGLE_ADULTS]
    assert set(FAMILIES) | {WOMEN_AND_CHILDREN} <= set(names[2:])
    for item in found.fitting[2:]:
        assert any("which the record does not match" in c for c in item.cautions), item.name


def test_a_woman_with_her_children_is_offered_the_family_shelters_first(suggest):
    names = _names(suggest("woman", "with_children", 1990))
    assert set(names[:2]) == set(FAMILIES)
    assert names[-1] == MENS


def test_without_household_or_gender_the_same_shelters_are_offered(suggest):
    unknown = suggest()
    assert set(_names(unknown)) == set(_names(suggest("man", "alone")))
    assert not any("which the record does not match" in c
                   for item in unknown.fitting for c in item.cautions)
