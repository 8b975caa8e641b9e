"""Relevance of search on the real Durham sample directory (``directory_data/``).

Each case is what a resident or a crisis-team navigator types, with a place (a Durham ZIP,
a neighborhood from ``places.csv`` or an address from ``addresses.csv``), and what a person
who knows the directory expects: services that must be in the top 5, services that must not
be in the top 5, services that must never appear (age filter, inactive listings), and pairs
that must come in a given order (a temporarily closed service below an open alternative, a
men's shelter above a women's shelter for a man).

Expectations come from the data (names, taxonomy codes, eligibility, status, ages in the
CSV files), never from what the engine happens to return. A target is a service name exactly
as in ``services.csv``, or a taxonomy code from ``taxonomy_terms.csv`` (then any service
carrying that code, or a narrower one, satisfies it).

The directory is imported once for the module. The module fixture keeps its own app context
for the whole module and, at the end, empties every table and rebuilds the (then empty)
search index, as ``conftest.app_context`` would, so later tests start from an empty
database and an index that matches it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from navigator.extensions import db
from navigator.search import Hit, SearchQuery, place_for, search

DATA = Path(__file__).resolve().parents[2] / "directory_data"
TOP = 5
#: A Monday morning in Durham: searches do not depend on the clock running the tests.
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("America/New_York"))


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


SERVICES = {row["name"]: row for row in _rows("services.csv")}
CODES = {row["code"] for row in _rows("taxonomy_terms.csv")}
HIDDEN = {name for name, row in SERVICES.items() if row["status"] in ("inactive", "defunct")}
CLOSED = {name for name, row in SERVICES.items() if row["status"] == "temporarily closed"}

# Names used more than once below.
UMD_SHELTER = "UMD Community Shelter for single adults"
UMD_FAMILY = "UMD family shelter rooms (backup family shelter)"
DRM_MEN = "Durham Rescue Mission emergency shelter for men"
DRM_WOMEN = "Durham Rescue Mission shelter for women and children"
FMF_SHELTER = "Emergency shelter for families with children"
WARM_SHELTER = "Operation RESCUE: Warm Shelter (white-flag nights)"  # temporarily closed
CLOTHING = "UMD clothing closet"  # temporarily closed
ENTRY_POINT = "Entry Point Durham (coordinated entry for shelter and housing)"
DV_SHELTER = "DCRC emergency shelter for survivors of domestic violence"
WRENN = "Wrenn House youth crisis shelter (Raleigh)"  # ages 10-17
STREET_OUTREACH = "Street outreach"
RAPID_REHOUSING = "Rapid rehousing"
LIEAP = "Low Income Energy Assistance (LIEAP)"
CIP = "Crisis Intervention Program (heating or cooling emergency)"
EVICTION_DIVERSION = "Durham Eviction Diversion Program (courthouse clinic)"
HOUSING_HELPLINE = "Legal Aid Housing Helpline (tenants)"
LEGAL_AID = "Legal Aid of NC Helpline"
LIFELINE = "988 Suicide & Crisis Lifeline"
LIFELINE_ES = "988 Lifeline en español"
DCRC_LINE = "DCRC 24-hour crisis line (English)"
DCRC_LINE_ES = "Línea de crisis de DCRC en español (24 horas)"
WALK_IN = "24/7 walk-in crisis center for adults"  # 18+
BHUC = "Behavioral Health Urgent Care (walk-in)"
PSYCH_EVAL = "Psychiatric evaluation and medication management"
COUNSELING = "Counseling appointments"
EL_FUTURO_ADULTS = "Bilingual counseling for adults (El Futuro)"
EL_FUTURO_KIDS = "Therapy for children and families (El Futuro)"
EL_FUTURO_PSYCH = "Bilingual psychiatric care (El Futuro)"
EL_FUTURO_SUD = "Bilingual substance use treatment (El Futuro)"
MOUD = "Medication treatment for opioid use disorder"
FIND_TREATMENT = "FindTreatment.gov (opioid treatment programs and buprenorphine providers)"
OTP_HELP = "Help finding an opioid treatment program (methadone)"
NALOXONE = "Free naloxone kits and drug-checking test strips"
SYRINGE = "Safe Syringe Program"
DRRC_DETOX = "Withdrawal management (detox) — ask at the crisis center"
TREVOR = "The Trevor Project crisis line (TrevorLifeline)"  # under 25
TRANS_LIFELINE = "Trans Lifeline peer support hotline"
LGBTQ_YOUTH = "LGBTQ+ youth programs (LGBTQ Center of Durham)"  # inactive
SNAP = "Food and Nutrition Services (SNAP / food stamps)"
HCV = "Housing Choice Voucher program (Section 8)"
NCSTART_ADULT_RESPITE = "NC START therapeutic respite (adults)"  # 18+
HEART = "HEART community response teams"


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    near: str
    top: tuple[str, ...] = ()        # each must be in the top 5
    not_top: tuple[str, ...] = ()    # none may be in the top 5
    never: tuple[str, ...] = ()      # none may be anywhere in the results
    above: tuple[tuple[str, str], ...] = ()  # (a, b): a is found and ranks above b (if b is)
    age: float | None = None
    locale: str = "en"


CASES = [
    # -- shelter: who it is for, open before closed, age --------------------------------
    Case("sleep-tonight-downtown", "place to sleep tonight", "Downtown Durham",
         top=(UMD_SHELTER, DRM_MEN, FMF_SHELTER),
         # The warm shelter is temporarily closed: every open way in ranks above it.
         above=((ENTRY_POINT, WARM_SHELTER), (UMD_SHELTER, WARM_SHELTER),
                (FMF_SHELTER, WARM_SHELTER))),
    Case("shelter-for-a-man", "shelter for a man", "East Durham",
         top=(DRM_MEN, UMD_SHELTER), above=((DRM_MEN, DRM_WOMEN),)),
    Case("mens-shelter-at-address", "men's shelter", "1201 E. Main St.",
         top=(DRM_MEN, UMD_SHELTER), above=((DRM_MEN, DRM_WOMEN),)),
    Case("mens-shelter-no-apostrophe", "mens shelter", "27701",
         top=(DRM_MEN, UMD_SHELTER), above=((DRM_MEN, DRM_WOMEN),)),
    Case("womens-shelter", "women's shelter", "27701",
         top=(DRM_WOMEN, UMD_SHELTER), above=((DRM_WOMEN, DRM_MEN),)),
    Case("shelter-typo-shleter", "shleter", "27701",
         top=(UMD_SHELTER, FMF_SHELTER, "housing.shelter.men")),
    Case("shelter-with-kids", "shelter for me and my kids", "Hayti",
         top=(FMF_SHELTER, UMD_FAMILY, DRM_WOMEN), not_top=(DRM_MEN,),
         above=((FMF_SHELTER, DRM_MEN),)),
    Case("teen-16-place-to-sleep", "place to sleep tonight", "27701", age=16,
         top=(WRENN,), never=(UMD_SHELTER, DRM_MEN), above=((WRENN, WARM_SHELTER),)),
    Case("teen-16-kicked-out", "kicked out", "27707", age=16,
         top=(WRENN,), never=(UMD_SHELTER, DRM_MEN)),
    Case("adult-35-place-to-sleep", "place to sleep", "Old West Durham", age=35,
         top=(UMD_SHELTER,), never=(WRENN,)),
    Case("too-cold-outside", "too cold outside", "Downtown Durham",
         top=(STREET_OUTREACH,), above=((STREET_OUTREACH, WARM_SHELTER),)),
    Case("homeless", "homeless", "27701",
         top=(ENTRY_POINT, UMD_SHELTER)),
    Case("nowhere-to-stay", "nowhere to stay", "Hayti",
         top=(ENTRY_POINT, UMD_SHELTER)),
    Case("sleeping-in-my-car", "sleeping in my car", "Hayti",
         top=(UMD_SHELTER, "housing.shelter.families")),
    Case("es-un-lugar-para-dormir", "un lugar para dormir", "Downtown Durham", locale="es",
         top=(UMD_SHELTER, DRM_MEN), not_top=(DV_SHELTER,)),
    Case("es-refugio-para-mujeres", "refugio para mujeres", "27701", locale="es",
         top=(DRM_WOMEN,), above=((DRM_WOMEN, DRM_MEN),)),
    Case("vet-needs-housing", "vet needs housing", "508 Fulton St.",
         top=("Homeless veteran programs (HCHV and HUD-VASH)",
              "National Call Center for Homeless Veterans")),
    Case("free-clothes-closed-but-listed", "free clothes", "27701", top=(CLOTHING,)),
    # -- keeping a home -----------------------------------------------------------------
    Case("eviction-notice", "eviction notice", "27701",
         top=(EVICTION_DIVERSION, HOUSING_HELPLINE)),
    Case("es-me-van-a-desalojar", "me van a desalojar", "East Durham", locale="es",
         top=(EVICTION_DIVERSION, HOUSING_HELPLINE)),
    Case("es-ayuda-con-la-renta", "ayuda con la renta", "27703", locale="es",
         top=(RAPID_REHOUSING, EVICTION_DIVERSION),
         above=((RAPID_REHOUSING, LIEAP),)),  # LIEAP pays winter heating, not rent
    Case("behind-on-rent", "behind on rent", "Southside",
         top=(RAPID_REHOUSING, EVICTION_DIVERSION), above=((RAPID_REHOUSING, LIEAP),)),
    Case("lights-shut-off", "lights shut off", "27701",
         top=(CIP, LIEAP), not_top=(LIFELINE, WALK_IN)),
    Case("es-me-cortaron-la-luz", "me cortaron la luz", "East Durham", locale="es",
         top=(CIP, LIEAP), not_top=(LIFELINE_ES, DCRC_LINE_ES)),
    Case("section-8", "section 8", "27701", top=(HCV, "Public housing")),
    Case("sober-living", "sober living", "Lakewood",
         top=("Oxford House recovery homes", "TROSA continuing care for graduates")),
    # -- substance use ------------------------------------------------------------------
    Case("rehab", "rehab", "27707",
         top=("TROSA long-term residential recovery program",
              "Help finding substance use treatment")),
    Case("detox", "detox", "East Durham",
         top=(DRRC_DETOX, "Facility-based crisis and detox unit (Chapel Hill)")),
    Case("es-desintoxicacion", "desintoxicación", "309 Crutchfield St.", locale="es",
         top=(DRRC_DETOX,)),
    Case("shot-to-stop-using", "shot to stop using", "27701",
         top=(MOUD,), not_top=("Immunization clinic",)),
    Case("typo-subuxone", "subuxone", "27707", top=(MOUD, FIND_TREATMENT)),
    Case("narcan", "narcan", "27703", top=(NALOXONE, SYRINGE)),
    Case("dope-sick", "dope sick", "27701", top=(MOUD, OTP_HELP)),
    Case("methadone", "methadone", "309 Crutchfield St.", top=(OTP_HELP, FIND_TREATMENT)),
    Case("clean-needles", "clean needles", "Downtown Durham", top=(SYRINGE,)),
    Case("fentanyl-test-strips", "fentanyl test strips", "27701", top=(NALOXONE, SYRINGE)),
    Case("overdose", "overdose", "27704",
         top=(NALOXONE, "Never Use Alone overdose prevention line", "health.emergency")),
    Case("es-sobredosis", "sobredosis", "27704", locale="es",
         top=(NALOXONE, "health.emergency")),
    Case("es-quiero-dejar-de-tomar", "quiero dejar de tomar", "2020 Chapel Hill Rd.",
         locale="es", top=(EL_FUTURO_SUD,)),
    # -- mental health and crisis -------------------------------------------------------
    Case("hearing-voices", "hearing voices", "2670 Durham-Chapel Hill Blvd.",
         top=(BHUC, PSYCH_EVAL)),
    Case("suicidal", "suicidal", "27701", top=(LIFELINE, WALK_IN)),
    Case("suicidal-age-17", "suicidal", "27701", age=17,
         top=(LIFELINE, TREVOR), never=(WALK_IN,)),
    Case("suicidal-age-40", "suicidal", "27701", age=40, top=(LIFELINE,), never=(TREVOR,)),
    Case("es-me-quiero-morir", "me quiero morir", "27701", locale="es",
         top=(LIFELINE_ES, LIFELINE)),
    Case("someone-to-talk-to", "someone to talk to", "Walltown",
         top=("NC Peer Warmline", LIFELINE)),
    Case("typo-councelling", "councelling", "27707",
         top=(COUNSELING, EL_FUTURO_ADULTS), not_top=("Medicare counseling",)),
    Case("es-consejeria-accent", "consejería", "2020 Chapel Hill Rd.", locale="es",
         top=(EL_FUTURO_ADULTS, COUNSELING)),
    Case("es-consejeria-no-accent", "consejeria", "2020 Chapel Hill Rd.", locale="es",
         top=(EL_FUTURO_ADULTS, COUNSELING)),
    Case("es-consejero", "consejero", "Lakewood", locale="es",
         top=(EL_FUTURO_ADULTS, COUNSELING)),
    Case("therapy-for-my-child-age-10", "therapy for my child", "27707", age=10,
         top=(EL_FUTURO_KIDS, "Trauma-focused therapy for children and families"),
         never=("NAMI Connection recovery support groups", WALK_IN)),
    Case("autism-son-age-8", "my son has autism", "27713", age=8,
         top=("IDD services and NC Innovations Waiver",
              "Respite for families of people with IDD"),
         never=(NCSTART_ADULT_RESPITE,)),
    Case("welfare-check-not-police", "welfare check not the police", "Northgate Park",
         top=(HEART, "Crisis call diversion (clinicians in the 911 center)"),
         not_top=("Work First cash assistance",)),
    Case("psychiatrist", "psychiatrist", "309 Crutchfield St.",
         top=("Outpatient psychiatry clinic (Duke Behavioral Health Center North Durham)",
              PSYCH_EVAL)),
    Case("ran-out-of-my-meds", "ran out of my meds", "27707", top=(BHUC, PSYCH_EVAL)),
    Case("trans-youth", "trans youth", "27701",
         top=(TRANS_LIFELINE, TREVOR), never=(LGBTQ_YOUTH,)),
    Case("lgbtq-youth-programs", "lgbtq youth programs", "Trinity Park",
         top=(TREVOR, "LGBTQ Center of Durham community space and resources"),
         never=(LGBTQ_YOUTH,)),
    # -- food -----------------------------------------------------------------------------
    Case("food-stamps", "food stamps", "27701",
         top=(SNAP,), not_top=(LIFELINE_ES, DCRC_LINE_ES)),
    Case("foodstamps-one-word", "foodstamps", "27701", top=(SNAP,)),
    Case("wic", "WIC", "1301 Fayetteville St.", top=("WIC nutrition program",)),
    Case("hungry", "hungry", "27701",
         top=("UMD Community Café (free meals)", "UMD food pantry",
              "Durham Community Food Pantry")),
    Case("es-cupones-de-comida", "cupones de comida", "27703", locale="es",
         top=(SNAP,), not_top=(LIFELINE_ES, DCRC_LINE_ES)),
    Case("meals-on-wheels-for-mom", "meals on wheels for my mom", "Woodcroft",
         top=("Home-delivered meals",)),
    # -- health ---------------------------------------------------------------------------
    Case("free-clinic-no-insurance", "free clinic no insurance", "27703",
         top=("Holton Wellness Center clinic", "Primary care for adults and children")),
    Case("dentist", "dentist", "27701", top=("Dental care", "Public Health dental clinic")),
    Case("es-dentista", "dentista", "27707", locale="es",
         top=("Dental care", "Public Health dental clinic"), not_top=(EL_FUTURO_PSYCH,)),
    Case("medicaid-application", "medicaid application", "27701",
         top=("Apply for or renew NC Medicaid",)),
    Case("medicare-help", "medicare help", "27705",
         top=("Medicare counseling",), not_top=(EL_FUTURO_ADULTS, EL_FUTURO_KIDS)),
    Case("std-test", "std test", "27701",
         top=("Sexually transmitted infection (STI) clinic",)),
    Case("flu-shot", "flu shot", "27701", top=("Immunization clinic",)),
    Case("pregnant", "pregnant", "27707",
         top=("Maternal health clinic", "WIC nutrition program")),
    # -- legal, ID, reentry, benefits, transport --------------------------------------------
    Case("es-necesito-un-abogado", "necesito un abogado", "27701", locale="es",
         top=(LEGAL_AID, "Legal information clinics (El Centro Hispano)")),
    Case("clear-my-record", "clear my record", "27701",
         top=("Free criminal record expunction help",)),
    Case("protective-order", "protective order", "27701",
         top=("Court and legal advocacy for survivors",
              "Legal help for domestic violence survivors")),
    Case("just-got-out-of-prison", "just got out of prison", "Old North Durham",
         top=("Reentry services", "Durham Local Reentry Council")),
    Case("lost-my-id", "lost my id", "3825 S. Roxboro St.",
         top=("NC ID card and driver's license (Durham office)",
              "Replace a Social Security card",
              "Birth certificate copies (born in Durham County)")),
    Case("suspended-license", "suspended license", "27701",
         top=("Driver's license restoration help",)),
    Case("es-acta-de-nacimiento", "acta de nacimiento", "27701", locale="es",
         top=("Birth certificate copies (born in Durham County)",)),
    Case("disability-check", "disability check", "27704",
         top=("Apply for SSI, disability or retirement benefits",)),
    Case("bus-pass", "bus pass", "27701", top=("GoDurham bus service",)),
    Case("ride-to-the-doctor", "ride to the doctor", "27704",
         top=("Medicaid rides to medical appointments (NC Medicaid Direct)",
              "transportation.paratransit")),
    # -- violence, immigrants ---------------------------------------------------------------
    Case("boyfriend-hits-me", "my boyfriend hits me", "27701",
         top=(DCRC_LINE, "National Domestic Violence Hotline", DV_SHELTER)),
    Case("es-mi-esposo-me-pega", "mi esposo me pega", "27701", locale="es",
         top=(DCRC_LINE_ES, DV_SHELTER)),
    Case("es-clases-de-ingles", "clases de inglés", "27701", locale="es",
         top=("English classes (ESL) at El Centro Hispano",)),
    Case("es-la-migra", "la migra", "27701", locale="es",
         top=("immigrant.legal", "Legal information clinics (El Centro Hispano)")),
    Case("refugee", "refugee", "27705",
         top=("Refugee resettlement (World Relief Durham)",
              "Refugee resettlement and case management (CWS Durham)")),
]


# -- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _context(durham):
    with durham.app_context():
        yield


def run(case: Case, per_page: int = 200):
    place = place_for(near=case.near)
    assert place is not None, f"{case.near!r} did not resolve to a place"
    return search(SearchQuery(text=case.text, place=place, age=case.age, locale=case.locale,
                              per_page=per_page, now=NOW), log_search=False)


def ranked_names(hits: list[Hit]) -> list[str]:
    """Service names in rank order, each once (a service may be at several locations)."""
    return list(dict.fromkeys(h.name for h in hits))


def rank_of(target: str, hits: list[Hit]) -> int | None:
    """1-based rank of the first hit that is ``target`` (a name, or a taxonomy code)."""
    for rank, hit in enumerate(hits, 1):
        if (hit.name == target) if target not in CODES else (target in hit.taxonomy_codes):
            return rank
    return None


def describe(hits: list[Hit], limit: int = 8) -> str:
    return "\n".join(f"  {n}. {h.name} [{h.status}] score={h.score} "
                     f"km={h.distance_km}" for n, h in enumerate(hits[:limit], 1))


# -- the cases ----------------------------------------------------------------------------------


def test_every_target_is_in_the_data():
    """A misspelt target would make a "must not" case pass for nothing."""
    names_in_data = set(SERVICES)
    assert len(names_in_data) == len(_rows("services.csv")), "service names are not unique"
    for case in CASES:
        targets = [*case.top, *case.not_top, *case.never, *(t for p in case.above for t in p)]
        unknown = [t for t in targets if t not in names_in_data and t not in CODES]
        assert not unknown, f"{case.id}: not in services.csv / taxonomy_terms.csv: {unknown}"
    assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_relevance(durham, case: Case):
    results = run(case)
    hits = results.hits
    top = hits[:TOP]
    shown = f"{case.text!r} near {case.near!r}" + (f" age {case.age:g}" if case.age else "")
    context = f"{shown}; results:\n{describe(hits)}"
    problems = []
    for target in case.top:
        rank = rank_of(target, top)
        if rank is None:
            found = rank_of(target, hits)
            problems.append(f"{target!r} not in the top {TOP} (rank {found})")
    for target in case.not_top:
        rank = rank_of(target, top)
        if rank is not None:
            problems.append(f"{target!r} must not be in the top {TOP} (rank {rank})")
    for target in case.never:
        rank = rank_of(target, hits)
        if rank is not None:
            problems.append(f"{target!r} must not appear at all (rank {rank})")
    for better, worse in case.above:
        a, b = rank_of(better, hits), rank_of(worse, hits)
        if a is None:
            problems.append(f"{better!r} not found (should rank above {worse!r})")
        elif b is not None and b < a:
            problems.append(f"{better!r} (rank {a}) must rank above {worse!r} (rank {b})")
    hidden = [h.name for h in hits if h.status in ("inactive", "defunct")]
    if hidden:
        problems.append(f"inactive or defunct services shown: {hidden}")
    assert not problems, "\n".join(problems) + f"\n{context}"


# -- listings that must never be found, and closures ---------------------------------------------


def test_the_sample_data_has_an_inactive_and_closed_services():
    """The statuses the cases below rely on are really in the data."""
    assert HIDDEN == {LGBTQ_YOUTH}
    assert CLOSED == {CLOTHING, WARM_SHELTER}


@pytest.mark.parametrize("text", [
    "LGBTQ+ youth programs (LGBTQ Center of Durham)", "lgbtq youth center",
    "youth center participatory budgeting", "gay teens", "queer youth", "",
], ids=["exact-name", "youth-center", "description-words", "gay-teens", "queer-youth",
        "browse-everything"])
def test_inactive_service_never_appears(durham, text):
    results = search(SearchQuery(text=text, place=place_for(near="27701"), per_page=500,
                                 now=NOW), log_search=False)
    assert not HIDDEN & set(ranked_names(results.hits))
    assert all(h.status not in ("inactive", "defunct") for h in results.hits)


def test_inactive_service_not_found_by_category(durham):
    from navigator.directory.models import TaxonomyTerm

    term = db.session.query(TaxonomyTerm).filter_by(code="lgbtq.youth").one()
    results = search(SearchQuery(taxonomy_term_ids=(term.id,), per_page=500, now=NOW),
                     log_search=False)
    names = ranked_names(results.hits)
    assert TREVOR in names
    assert LGBTQ_YOUTH not in names


def test_every_active_service_is_searchable(durham):
    """The other side of hiding: every listing that is not inactive can be browsed."""
    results = search(SearchQuery(per_page=1000, now=NOW), log_search=False)
    assert set(ranked_names(results.hits)) == set(SERVICES) - HIDDEN


def test_every_case_is_scored_exactly_as_whoosh_scores_it(durham):
    """The engine scores whole arrays; stepping Whoosh's matchers gives the same scores."""
    from navigator.search.searching import _state
    from navigator.search.engine import understand
    from tests.search.search_reference import assert_scored_as_whoosh

    state = _state()
    snapshot = state.index.snapshot()
    matched = 0
    for case in CASES:
        query = understand(snapshot, state.synonyms, case.text).query
        if query is not None:
            matched += assert_scored_as_whoosh(snapshot, query)
    assert matched > len(CASES)
