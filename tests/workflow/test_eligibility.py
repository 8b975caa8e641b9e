"""Who a service is for, read from its words in English and Spanish, and the ranking it
gives on a second directory unlike Durham's (numeric codes, Spanish eligibility text):
a man who lives alone is not offered a family shelter first, a mother with her children
is; a field left empty never counts against a service."""

from __future__ import annotations

import pytest

from navigator.directory.models import ServiceTranslation
from navigator.extensions import db
from navigator.workflow import eligibility, matching, services
from navigator.workflow.models import Need
from tests.fictional_directory import MONDAY_MORNING, ZIP_27701, offset

HOURS = (("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),)


@pytest.mark.parametrize(("text", "groups"), [
    ("Families with children who meet HUD's definition of homelessness.", {"families"}),
    ("Familias con hijos menores de edad.", {"families"}),
    ("Women and mothers with children.", {"women"}),
    ("Women 18 and older, and women with their minor children.", {"women"}),
    ("Mujeres mayores de 18 años.", {"women"}),
    ("Adult men.", {"men"}),
    ("Males age 18 and older.", {"men"}),
    ("Hombres adultos solos.", {"men"}),
    ("housing.shelter.men", {"men"}),
    ("Shelter for youth", {"young"}),
    ("Jóvenes de 16 a 24 años sin hogar.", {"young"}),
    ("Young people and their families.", {"young"}),
    ("Veterans, service members, and their families and friends.", {"veterans"}),
    ("Counseling for children and families", {"families", "young"}),
    # An alternative named beside a group restricts nothing.
    ("Adult men and women with a substance use disorder.", set()),
    ("Latino individuals and families.", set()),
    ("Children and adults.", set()),
    ("Pregnant and postpartum people, infants and children under 5.", set()),
    ("Survivors of domestic violence and their children.", set()),
    ("Personas adultas y familias.", set()),
    ("Open to all.", set()),
    ("Family planning and pregnancy care", set()),
    ("", set()),
])
def test_groups_are_read_conservatively(text, groups):
    assert eligibility.groups([text]) == groups


def test_a_restriction_read_from_one_text_is_lifted_by_an_alternative_in_another():
    assert eligibility.groups(["Shelter for Women and Children",
                               "Women 18 and older, and women with their minor children."]) \
        == {"women"}
    assert eligibility.groups(["Shelter for men", "Shelter for women"]) == set()


@pytest.mark.parametrize(("gender", "household", "woman", "has_children"), [
    ("man", "alone", False, False),
    ("Hombre", "with_partner", False, False),
    ("trans woman", "with_children", True, True),
    ("Mujer", "with_partner_and_children", True, True),
    ("non-binary", "with_others", None, None),
    ("Woman", "with_other_adults", True, False),
    ("prefer not to say", "prefer_not_to_say", None, None),
    (None, None, None, None),
])
def test_a_residents_own_words_are_read_or_left_unknown(gender, household, woman,
                                                        has_children):
    person = eligibility.read_resident(gender, household, 40)
    assert (person.woman, person.has_children, person.age) == (woman, has_children, 40)


def test_an_empty_field_never_counts_against_a_service():
    nobody = eligibility.read_resident(None, None, None)
    verdict = eligibility.judge({"women", "men", "families", "young", "veterans"}, nobody)
    assert verdict.contradicted == [] and verdict.fits == []
    assert verdict.unknown == ["families", "men", "veterans", "women", "young"]
    single_man = eligibility.read_resident("man", "alone", 56)
    verdict = eligibility.judge({"families", "men", "young"}, single_man)
    assert (verdict.fits, verdict.contradicted) == (["men"], ["families", "young"])
    teen = eligibility.read_resident(None, None, 15)
    assert eligibility.judge({"families", "young"}, teen).fits == ["families", "young"]


# -- a second directory, unlike Durham's ----------------------------------------------------


@pytest.fixture
def riverbend(directory):
    """Lodging in a fictional county whose categories are numbered and whose listings
    say who they serve in English or Spanish, all at the same distance and hours."""
    directory.term("2100", "Temporary Lodging")
    directory.term("2100.10", "Lodging for Households with Children", parent="2100")
    directory.term("2100.30", "Runaway and Homeless Youth Lodging", parent="2100")
    at = offset(*ZIP_27701, km_east=1.0)
    made = {}
    for name, terms, eligible in [
            ("Casa Esperanza", ("2100.10",), None),
            ("Hombres en Camino", ("2100",), "Hombres adultos mayores de 18 años."),
            ("Refugio Santa Clara", ("2100",), "Mujeres solas y mujeres con sus hijos."),
            ("Northside Night Shelter", ("2100",), "Open to all adults 18+."),
            ("Harbor House", ("2100.30",), None)]:
        service = directory.service(name, f"{name} (fictional)", at=at, terms=terms,
                                    languages=("en", "es"), hours=HOURS, accepting=True)
        service.eligibility_description = eligible
        made[name] = service
    db.session.add(ServiceTranslation(
        service_id=made["Northside Night Shelter"].id, language="es",
        eligibility_description="Abierto a todas las personas adultas."))
    directory.commit()
    return directory


def _suggest(riverbend, gender=None, household=None, birth_year=None):
    resident = services.create_resident(name="Test", place="27701", language="en",
                                        birth_year=birth_year)
    resident.gender, resident.household = gender, household
    db.session.add(Need(resident=resident, taxonomy_term_id=riverbend.terms["2100"].id,
                        urgency="today"))
    db.session.flush()
    return matching.suggest(resident, now=MONDAY_MORNING)


def _cautioned(found) -> dict[str, list[str]]:
    return {s.name: s.cautions for s in found.fitting}


def test_a_man_living_alone_is_offered_the_mens_and_open_shelters_first(riverbend):
    found = _suggest(riverbend, "man", "alone", MONDAY_MORNING.year - 56)
    names = [s.name for s in found.fitting]
    assert names[:2] == ["Hombres en Camino", "Northside Night Shelter"]
    assert set(names[2:]) == {"Casa Esperanza", "Refugio Santa Clara", "Harbor House"}
    assert found.not_fitting == []  # ranked lower, never hidden
    cautions = _cautioned(found)
    assert cautions["Casa Esperanza"] == [
        "listed for families with children, which the record does not match: check "
        "eligibility"]
    assert cautions["Refugio Santa Clara"] == [
        "listed for women, which the record does not match: check eligibility"]
    assert "for men, as the record says" in found.fitting[0].reasons


def test_a_mother_with_her_children_is_offered_the_family_and_womens_shelters_first(
        riverbend):
    found = _suggest(riverbend, "Mujer", "with_children", MONDAY_MORNING.year - 31)
    names = [s.name for s in found.fitting]
    assert set(names[:3]) == {"Casa Esperanza", "Refugio Santa Clara", "Harbor House"}
    assert names[3:] == ["Northside Night Shelter", "Hombres en Camino"]


@pytest.mark.parametrize("answer", [None, "prefer_not_to_say"])
def test_without_household_or_gender_nothing_is_ranked_down(riverbend, answer):
    found = _suggest(riverbend, answer, answer)
    assert len(found.fitting) == 5 and found.not_fitting == []
    for cautions in _cautioned(found).values():
        assert all(c.endswith("ask whether this applies") for c in cautions)
    # The same score each (same place, hours, languages): the names decide the order.
    assert len({round(s.score, 6) for s in found.fitting}) == 1
    assert [s.name for s in found.fitting] == sorted(s.name for s in found.fitting)
