"""The search engine on generated directories: filters, facets, pages, spelling, ranking,
places and distance (``navigator.search.search`` with a ``SearchQuery``)."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from flask import current_app
from geopy.distance import geodesic
from whoosh import query as wq

from navigator.search import (
    ZIP_DISTANCE_FLOOR_KM, PlaceNotFound, SearchQuery, place_for, rebuild, search,
)
from navigator.search.searching import _state
from navigator.search.text import field_terms
from navigator.search.schema import FIELD_BOOSTS
from tests.fictional_directory import MONDAY_MORNING, TZ, ZIP_27701
from tests.search.search_reference import whoosh_matches

pytestmark = pytest.mark.usefixtures("directory")


def find(text: str = "", **options):
    options.setdefault("per_page", 100)
    return search(SearchQuery(text=text, **options), log_search=False)


def names(results) -> list[str]:
    return [h.name for h in results.hits]


def by_name(results) -> dict:
    return {h.name: h for h in results.hits}


def here(lat: float, lon: float):
    return place_for(lat=lat, lon=lon)


# -- filters -------------------------------------------------------------------------


def test_taxonomy_filter_matches_a_term_at_any_level(directory):
    directory.term("t.food", "Food")
    directory.term("t.food.pantry", "Pantries", parent="t.food")
    directory.term("t.food.pantry.mobile", "Mobile pantries", parent="t.food.pantry")
    directory.term("t.legal", "Legal aid")
    directory.service("Rolling groceries", terms=("t.food.pantry.mobile",))
    directory.service("Church pantry", terms=("t.food.pantry",))
    directory.service("Soup supper", terms=("t.food",))
    directory.service("Tenant clinic", terms=("t.legal",))
    directory.service("Unfiled service")
    directory.commit()
    term = {code: t.id for code, t in directory.terms.items()}

    def browse(*codes):
        return set(names(find(taxonomy_term_ids=tuple(term[c] for c in codes))))

    assert browse("t.food") == {"Rolling groceries", "Church pantry", "Soup supper"}
    assert browse("t.food.pantry") == {"Rolling groceries", "Church pantry"}
    assert browse("t.food.pantry.mobile") == {"Rolling groceries"}
    assert browse("t.legal") == {"Tenant clinic"}
    assert browse("t.legal", "t.food.pantry.mobile") == {"Tenant clinic", "Rolling groceries"}
    # The filter combines with words; ancestors' names are searchable too.
    assert names(find("pantries", taxonomy_term_ids=(term["t.food"],))) \
        and set(names(find("pantries"))) == {"Rolling groceries", "Church pantry"}


def test_language_filter_reads_codes_and_names(directory):
    directory.service("Clinic A", languages=("es",))
    directory.service("Clinic B", languages=("en",))
    directory.service("Clinic C", languages=("es-MX", "vi"))
    directory.service("Clinic D")
    directory.commit()
    # A language given by name only ("Spanish") counts too.
    from navigator.directory.models import Language, Service
    from navigator.extensions import db
    d = db.session.query(Service).filter_by(name="Clinic D").one()
    db.session.add(Language(id=directory.id(), service_id=d.id, name="Spanish"))
    db.session.commit()

    assert set(names(find("clinic", languages=("es",)))) == {"Clinic A", "Clinic C", "Clinic D"}
    assert set(names(find("clinic", languages=("vi",)))) == {"Clinic C"}
    assert set(names(find("clinic", languages=("en", "vi")))) == {"Clinic B", "Clinic C"}
    assert find("clinic", languages=("fr",)).total == 0


def test_cost_filter_free_sliding_and_medicaid(directory):
    directory.service("Dental day", costs=(("Free for everyone", None),))
    directory.service("Dental zero", costs=(("Cleaning", 0),))
    directory.service("Dental scale", fees="Sliding scale based on household income")
    directory.service("Dental plan", costs=(("Medicaid accepted", None),))
    directory.service("Dental private", costs=(("Exam", 95),), fees="$95 per visit")
    directory.commit()

    assert set(names(find("dental", cost=("free",)))) == {"Dental day", "Dental zero"}
    assert set(names(find("dental", cost=("sliding",)))) == {"Dental scale"}
    assert set(names(find("dental", cost=("medicaid",)))) == {"Dental plan"}
    assert set(names(find("dental", cost=("free", "sliding")))) == {
        "Dental day", "Dental zero", "Dental scale"}
    assert find("dental").total == 5


def test_accessibility_filter_needs_every_feature_asked_for(directory):
    centre = ZIP_27701
    directory.service("Library A", at=centre, access=("Wheelchair accessible entrance",))
    directory.service("Library B", at=centre,
                      access=("Ramp at the side door", "Elevator to every floor"))
    directory.service("Library C", at=centre, access=("Street parking only",))
    directory.service("Library D", at=centre)
    directory.commit()

    assert set(names(find("library", access=("wheelchair",)))) == {"Library A", "Library B"}
    assert set(names(find("library", access=("wheelchair", "elevator")))) == {"Library B"}
    assert set(names(find("library", access=("parking",)))) == {"Library C"}


def test_age_must_fall_within_minimum_and_maximum(directory):
    directory.service("Youth adults", min_age=18)
    directory.service("Youth teens", max_age=17)
    directory.service("Youth toddlers", min_age=0, max_age=5)
    directory.service("Youth everyone")
    directory.commit()

    def ages(age):
        return set(names(find("youth", age=age)))

    assert ages(25) == {"Youth adults", "Youth everyone"}
    assert ages(18) == {"Youth adults", "Youth everyone"}  # bounds are inclusive
    assert ages(17) == {"Youth teens", "Youth everyone"}
    assert ages(4) == {"Youth teens", "Youth toddlers", "Youth everyone"}
    assert ages(5.5) == {"Youth teens", "Youth everyone"}


def test_open_now_at_a_given_moment(directory):
    directory.service("Laundry weekdays", hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),))
    directory.service("Laundry saturday", hours=(("SA", "10:00", "14:00"),))
    directory.service("Laundry nights", hours=(("MO", "22:00", "02:00"),))
    directory.service("Laundry unknown")
    directory.commit()

    monday = MONDAY_MORNING
    assert names(find("laundry", open_now=True, now=monday)) == ["Laundry weekdays"]
    hits = by_name(find("laundry", now=monday))
    assert [hits[n].open_now for n in ("Laundry weekdays", "Laundry saturday",
                                       "Laundry nights", "Laundry unknown")] \
        == [True, False, False, None]
    saturday = monday + timedelta(days=5, hours=1)
    assert names(find("laundry", open_now=True, now=saturday)) == ["Laundry saturday"]
    # After midnight on Tuesday the Monday night opening is still running.
    tuesday_1am = datetime(2026, 3, 3, 1, 0, tzinfo=TZ)
    assert names(find("laundry", open_now=True, now=tuesday_1am)) == ["Laundry nights"]
    # The same moment given in UTC.
    assert names(find("laundry", open_now=True, now=tuesday_1am.astimezone(timezone.utc))) \
        == ["Laundry nights"]


def test_accepting_referrals_filter(directory):
    directory.service("Rehab yes", accepting=True)
    directory.service("Rehab no", accepting=False)
    directory.service("Rehab unknown")
    directory.commit()
    assert names(find("rehab", accepting=True)) == ["Rehab yes"]
    assert find("rehab").total == 3


# -- facets and pages ----------------------------------------------------------------


def _varied_directory(directory, count: int = 24) -> None:
    rng = random.Random(7)
    directory.term("v.root", "Assistance")
    directory.term("v.a", "Utility help", parent="v.root")
    directory.term("v.b", "Rent help", parent="v.root")
    for n in range(count):
        north, east = rng.uniform(-30, 30), rng.uniform(-30, 30)
        directory.service(
            f"Assistance office {n:02d}", "Emergency assistance with bills",
            at=directory.offset(*ZIP_27701, north, east) if n % 5 else None,
            areas=("Durham County",) if n % 5 == 0 else (),
            terms=(rng.choice(["v.a", "v.b", "v.root"]),),
            languages=tuple(rng.sample(["en", "es", "vi"], rng.randint(0, 2))),
            costs=((rng.choice(["Free", "Sliding scale", "Medicaid", "Cash"]), None),),
            access=(rng.choice(["Wheelchair ramp", "Elevator", "Parking lot"]),),
            accepting=rng.choice([True, False, None]),
            hours=((rng.choice(["MO", "TU", "MO,WE"]), "09:00", "17:00"),))
    directory.commit()


def test_facet_counts_match_the_results(directory):
    _varied_directory(directory)
    place = here(*ZIP_27701)
    base = dict(place=place, now=MONDAY_MORNING)
    everything = find("assistance", **base)
    assert everything.total == 24 == len(everything.hits)
    facets = everything.facets

    # Each count is what the filter would give.
    for value, count in facets["taxonomy_term"].items():
        assert find("assistance", taxonomy_term_ids=(value,), **base).total == count
    for value, count in facets["language"].items():
        assert find("assistance", languages=(value,), **base).total == count
    for value, count in facets["cost"].items():
        assert find("assistance", cost=(value,), **base).total == count
    for value, count in facets["accessibility"].items():
        assert find("assistance", access=(value,), **base).total == count
    assert facets["open_now"]["true"] == find("assistance", open_now=True, **base).total
    assert facets["accepting_referrals"]["true"] == find(
        "assistance", accepting=True, **base).total
    for band, count in facets["distance_km"].items():
        within = find("assistance", radius_km=float(band), **base)
        assert count == sum(h.distance_km is not None for h in within.hits)
    # The root term counts every listing under it.
    root = directory.terms["v.root"].id
    assert facets["taxonomy_term"][root] == 24
    assert set(facets["cost"]) <= {"free", "sliding", "medicaid"}
    assert sum(facets["language"].values()) == sum(len(h.languages)
                                                   for h in everything.hits)

    # Facets describe the filtered results, not the whole directory.
    spanish = find("assistance", languages=("es",), **base)
    assert spanish.facets["language"]["es"] == spanish.total
    assert sum(spanish.facets["accessibility"].values()) == spanish.total


def test_pages_continue_each_other_and_total_is_stable(directory):
    _varied_directory(directory, 23)
    place = here(*ZIP_27701)
    whole = find("assistance", place=place)
    pages = [search(SearchQuery(text="assistance", place=place, page=p, per_page=10),
                    log_search=False) for p in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [10, 10, 3, 0]
    assert {p.total for p in pages} == {23} == {whole.total}
    joined = [h.service_at_location_id or h.service_id for p in pages for h in p.hits]
    assert joined == [h.service_at_location_id or h.service_id for h in whole.hits]
    assert len(set(joined)) == 23
    assert pages[1].page == 2 and pages[1].per_page == 10
    assert pages[0].facets == pages[2].facets == whole.facets


# -- spelling ------------------------------------------------------------------------


def test_did_you_mean_comes_from_the_index_words(directory):
    directory.service("Velocipede workshop", "Community repair of velocipedes and trikes")
    directory.service("Quilting circle", "Weekly quilting for seniors")
    directory.commit()

    results = find("the velocipide")
    assert results.suggestion == "the velocipede"
    assert names(results) == ["Velocipede workshop"]
    # "workshop" alone finds it: the correction would find nothing more.
    assert find("velocipide workshop").suggestion is None
    assert find("quilting").suggestion is None
    assert find("quiltng").suggestion == "quilting"
    # Short words and numbers are left alone.
    assert find("qui").suggestion is None
    assert find("27701").suggestion is None


def test_did_you_mean_knows_description_words_after_a_rebuild(directory):
    directory.service("Wash day", "Free laundromat tokens every Tuesday")
    directory.commit()
    rebuild()  # description words join the spelling vocabulary at each rebuild
    results = find("laundromt")
    assert results.suggestion == "laundromat"
    assert names(results) == ["Wash day"]


# -- what is never shown ----------------------------------------------------------------


def test_inactive_and_defunct_services_are_never_returned(directory):
    directory.term("d.baby", "Baby supplies")
    for status in ("active", "inactive", "defunct", "temporarily closed"):
        directory.service(f"Diaper bank {status}", "Diapers and wipes", status=status,
                          at=ZIP_27701, terms=("d.baby",), areas=("Durham County",))
    directory.commit()
    shown = {"Diaper bank active", "Diaper bank temporarily closed"}
    assert set(names(find("diaper"))) == shown
    assert set(names(find(""))) == shown
    assert set(names(find(taxonomy_term_ids=(directory.terms["d.baby"].id,)))) == shown
    assert set(names(find("diaper", place=here(*ZIP_27701), radius_km=5))) == shown


# -- ranking -------------------------------------------------------------------------


def test_temporarily_closed_ranks_below_an_equal_open_service(directory):
    directory.service("Tool library", "Borrow tools", status="temporarily closed")
    directory.service("Tool library", "Borrow tools")
    directory.commit()
    hits = find("tool library").hits
    assert [h.status for h in hits] == ["active", "temporarily closed"]
    assert hits[0].score > hits[1].score


def test_distance_blends_with_relevance(directory):
    place = here(*ZIP_27701)
    directory.service("Tax help", "Free tax preparation", at=directory.offset(*ZIP_27701, 1, 0))
    directory.service("Tax help", "Free tax preparation", at=directory.offset(*ZIP_27701, 0, 20))
    directory.commit()
    near, far = find("tax preparation", place=place).hits
    assert near.distance_km == pytest.approx(1, abs=0.02)
    assert far.distance_km == pytest.approx(20, abs=0.1)
    assert near.score > far.score


def test_a_much_better_match_far_away_beats_a_weak_one_nearby(directory):
    place = here(*ZIP_27701)
    directory.service("Eviction defense clinic",
                      "Eviction defense: lawyers for tenants facing eviction court",
                      at=directory.offset(*ZIP_27701, -20, 0))
    directory.service("Neighborhood center",
                      "Games, computers, a gym, after-school programs, senior lunches, "
                      "notary, tax forms and a flyer board where tenants post eviction notices",
                      at=directory.offset(*ZIP_27701, 1, 0))
    directory.commit()
    hits = find("eviction defense clinic", place=place).hits
    assert [h.name for h in hits] == ["Eviction defense clinic", "Neighborhood center"]
    assert hits[0].distance_km > 19 and hits[1].distance_km < 1.1


def test_recently_verified_and_accepting_referrals_lift(directory):
    today = MONDAY_MORNING.date()
    directory.service("Job club", "Resume help", assured=today - timedelta(days=400))
    directory.service("Job club", "Resume help", assured=today - timedelta(days=30))
    directory.service("Mentoring", "Career mentoring", accepting=False)
    directory.service("Mentoring", "Career mentoring", accepting=True)
    directory.service("Mentoring", "Career mentoring")
    directory.commit()

    stale, fresh = sorted(find("job club", now=MONDAY_MORNING).hits,
                          key=lambda h: h.verified)
    assert fresh.score > stale.score
    assert find("job club", now=MONDAY_MORNING).hits[0].verified == fresh.verified
    # 180 days is still fresh; 181 is not.
    boundary = fresh.verified + timedelta(days=180)
    on_edge = datetime.combine(boundary, MONDAY_MORNING.timetz())
    assert len({h.score for h in find("job club", now=on_edge).hits}) == 2
    assert len({h.score for h in find("job club", now=on_edge + timedelta(days=1)).hits}) == 1

    hits = find("mentoring").hits
    assert hits[0].accepting_referrals is True
    assert hits[0].score > hits[1].score == hits[2].score


def test_a_spanish_query_lifts_spanish_speaking_services(directory):
    directory.service("Community meals", "Hot meals every evening")
    directory.service("Community meals", "Hot meals every evening", languages=("es",))
    directory.commit()

    english = find("meals").hits
    assert english[0].score == english[1].score
    # "comida gratis" is a Spanish phrase of the synonym table.
    spanish = find("comida gratis").hits
    assert len(spanish) == 2
    assert spanish[0].languages == ("es",) and spanish[0].score > spanish[1].score
    # A search from the Spanish pages lifts them too.
    localized = find("meals", locale="es").hits
    assert localized[0].languages == ("es",)


# -- places and distance ---------------------------------------------------------------


def test_service_areas_stand_in_for_a_point(directory):
    directory.service("Outreach county", "Street outreach team", areas=("Durham County, NC",))
    directory.service("Outreach state", "Street outreach hotline", areas=("North Carolina",))
    directory.service("Outreach wake", "Street outreach team", areas=("Wake County",))
    directory.service("Outreach nowhere", "Street outreach team")
    directory.service("Outreach near", "Street outreach team",
                      at=directory.offset(*ZIP_27701, 3, 0))
    directory.service("Outreach far", "Street outreach team",
                      at=directory.offset(*ZIP_27701, 40, 0))
    directory.commit()

    place = place_for(near="27701")
    within = by_name(find("outreach", place=place, radius_km=10))
    assert set(within) == {"Outreach county", "Outreach state", "Outreach near"}
    assert within["Outreach county"].distance_km is None
    assert within["Outreach state"].distance_km is None
    assert within["Outreach near"].distance_km == pytest.approx(3, abs=0.05)
    # Without a radius nothing is dropped, but the covering areas rank above the others.
    anywhere = names(find("outreach", place=place))
    assert set(anywhere) == {"Outreach county", "Outreach state", "Outreach wake",
                             "Outreach nowhere", "Outreach near", "Outreach far"}
    assert anywhere.index("Outreach county") < anywhere.index("Outreach wake")
    # From a Raleigh ZIP (Wake County), the Wake team counts and the Durham one does not.
    raleigh = set(names(find("outreach", place=place_for(near="27601"), radius_km=10)))
    assert raleigh == {"Outreach wake", "Outreach state"}


def test_confidential_locations_never_expose_their_place(directory):
    secret = directory.offset(*ZIP_27701, 2, 2)
    directory.service("Safe house", "Confidential shelter for survivors", at=secret,
                      confidential=True, address="812 Quiet Harbor Ln")
    directory.service("Safe house hotline", "Shelter hotline", areas=("Durham County",))
    directory.commit()

    for place in (None, here(*ZIP_27701)):
        hit = by_name(find("shelter", place=place))["Safe house"]
        assert hit.lat is None and hit.lon is None and hit.distance_km is None
        assert hit.address is None and hit.postal_code is None
        text = repr(hit)
        assert "Quiet Harbor" not in text and f"{secret[0]:.4f}"[:7] not in text
    # Its address cannot be used as a place either.
    current_app.extensions["navigator.search"].geocoder._entries = None
    with pytest.raises(PlaceNotFound):
        place_for(near="812 Quiet Harbor Ln")


def test_radius_distance_sort_and_geodesic_distances(directory):
    rng = random.Random(3)
    origin = here(*ZIP_27701)
    points = {}
    for n in range(20):
        km, bearing = rng.uniform(0.3, 45), rng.uniform(0, 360)
        north, east = km * math.cos(math.radians(bearing)), km * math.sin(math.radians(bearing))
        points[f"Warming center {n:02d}"] = directory.offset(*ZIP_27701, north, east)
        directory.service(f"Warming center {n:02d}", "Warm room in cold weather",
                          at=points[f"Warming center {n:02d}"])
    directory.commit()

    inside = find("warming", place=origin, radius_km=15)
    expected = {name for name, point in points.items()
                if geodesic(ZIP_27701, point).km <= 15 * 0.995}
    assert expected <= set(names(inside))
    assert inside.total == len(inside.hits) and all(h.distance_km <= 15 for h in inside.hits)
    assert inside.total < 20

    everything = find("warming", place=origin, sort="distance")
    distances = [h.distance_km for h in everything.hits]
    assert distances == sorted(distances) and len(distances) == 20
    for hit in everything.hits:
        true_km = geodesic(ZIP_27701, (hit.lat, hit.lon)).km
        assert hit.distance_km == pytest.approx(true_km, rel=0.005, abs=0.01)


def test_places_by_zip_address_neighborhood_and_position(directory):
    building = directory.offset(*ZIP_27701, 5, -3)
    directory.service("Pharmacy counter", "Prescriptions", at=building,
                      address="2417 Fictional Blvd", postal_code="27705")
    directory.service("Pharmacy downtown", "Prescriptions", at=ZIP_27701)
    directory.commit()
    current_app.extensions["navigator.search"].geocoder._entries = None  # new addresses

    by_zip = place_for(near="27701")
    assert (by_zip.lat, by_zip.lon) == pytest.approx(ZIP_27701) and by_zip.zip_code == "27701"
    by_address = place_for(near="2417 Fictional Boulevard, Durham")
    assert (by_address.lat, by_address.lon) == pytest.approx(building)
    assert by_address.zip_code == "27705" and by_address.source == "directory_address"
    walltown = place_for(near="Walltown")
    assert walltown.source == "place" and walltown.zip_code is None
    assert (walltown.lat, walltown.lon) == pytest.approx((36.014, -78.9205), abs=0.01)
    position = place_for(lat=36.0, lon=-78.9)
    assert position.source == "browser" and position.zip_code is None
    assert place_for(near="   ") is None and place_for() is None

    assert by_name(find("pharmacy", place=by_zip))["Pharmacy downtown"].distance_km \
        == pytest.approx(0, abs=0.01)
    assert by_name(find("pharmacy", place=by_address))["Pharmacy counter"].distance_km \
        == pytest.approx(0, abs=0.01)
    first = find("pharmacy", place=walltown, sort="distance").hits[0]
    assert first.distance_km == pytest.approx(
        geodesic((walltown.lat, walltown.lon), (first.lat, first.lon)).km, rel=0.005)


def test_an_unknown_place_is_a_clear_error(directory):
    with pytest.raises(PlaceNotFound) as raised:
        place_for(near="Springfield Gorge")
    message = str(raised.value)
    assert "Springfield Gorge" in message and "ZIP" in message


def test_a_zip_centre_listing_counts_by_its_zip_distance(directory):
    # Placed at its ZIP's centre: somewhere in the ZIP, never 0 km from the searcher
    # standing there; ranked, filtered and counted by that ZIP distance.
    directory.service("Alder pantry", "Groceries every week", at=ZIP_27701,
                      approximate=True, address="12 Fictional Row")
    directory.service("Birch pantry", "Groceries every week",
                      at=directory.offset(*ZIP_27701, 0, 1))
    directory.service("Cedar pantry", "Groceries every week",
                      at=directory.offset(*ZIP_27701, 6, 0), approximate=True,
                      address="9 Fictional Hill", postal_code="27704")
    directory.commit()
    origin = here(*ZIP_27701)

    found = find("pantry", place=origin, distance_bands_km=(1.2, 2, 10))
    alder, birch, cedar = (by_name(found)[n] for n in ("Alder pantry", "Birch pantry",
                                                       "Cedar pantry"))
    assert alder.approximate and alder.distance_km == ZIP_DISTANCE_FLOOR_KM
    assert alder.exact_distance_km is None and alder.postal_code == "27701"
    assert cedar.approximate and cedar.distance_km == pytest.approx(6, abs=0.05)
    assert not birch.approximate and birch.exact_distance_km == pytest.approx(1, abs=0.02)
    assert names(found) == ["Birch pantry", "Alder pantry", "Cedar pantry"]
    assert found.facets["distance_km"] == {"1.2": 1, "2": 2, "10": 3}
    assert names(find("pantry", place=origin, radius_km=1.2)) == ["Birch pantry"]
    assert set(names(find("pantry", place=origin, radius_km=2))) == {
        "Alder pantry", "Birch pantry"}
    assert names(find("pantry", place=origin, sort="distance")) == [
        "Birch pantry", "Alder pantry", "Cedar pantry"]


# -- exhaustive ranking --------------------------------------------------------------------

_VOCABULARY = ("pantry groceries meals diapers tutoring literacy laundry showers lockers "
               "mentoring bicycles repair garden seeds vouchers transit passes phones "
               "computers clothing coats blankets haircuts dental vision hearing").split()


def _big_directory(directory, count: int = 600) -> None:
    """Short descriptions over a small, skewed vocabulary: many overlapping, near-equal
    matches, where Whoosh's pruned top-N collector returns a different top 20."""
    rng = random.Random(6)
    directory.rng = rng
    weights = [1 / (rank + 1) for rank in range(len(_VOCABULARY))]
    orgs = [directory.organization(f"Fictional org {n}") for n in range(12)]
    for n in range(count):
        name_words = rng.sample(_VOCABULARY, rng.randint(1, 3))
        body = rng.choices(_VOCABULARY, weights, k=rng.randint(3, 10))
        directory.service(f"{' '.join(name_words).title()} {n:03d}", " ".join(body),
                          org=rng.choice(orgs),
                          at=directory.offset(*ZIP_27701, rng.uniform(-15, 15),
                                              rng.uniform(-15, 15)))
    directory.commit()
    rebuild()  # documents in the index's own (spatial) order, the same on every database


_QUERIES = ("pantry groceries", "laundry showers lockers", "bicycles repair transit",
            "dental vision hearing", "coats blankets clothing haircuts", "garden seeds meals")


def _pruned_matches(snapshot, query, allowed=None):
    """What Whoosh's default top-20 collector would hand over."""
    results = snapshot.searcher.search(
        query, limit=20, filter=None if allowed is None else set(np.flatnonzero(allowed)))
    found = sorted((docnum, score) for score, docnum in results.top_n)
    return np.array([d for d, _ in found], dtype=np.int64), np.array([s for _, s in found])


def _top(text: str, page: int = 1):
    results = search(SearchQuery(text=text, per_page=20, page=page), log_search=False)
    return results, [(h.name, h.score) for h in results.hits]


def test_top_results_equal_an_exhaustive_ranking(directory, monkeypatch):
    _big_directory(directory)
    state = _state()
    searcher = state.index.snapshot().searcher
    # the listings, the vocabulary document and the marker of the change applied
    assert searcher.doc_count() == 600 + 2

    engine = {text: (_top(text), _top(text, 2)) for text in _QUERIES}
    for text, ((results, top), (page_2, _)) in engine.items():
        scores = [score for _, score in top]
        assert len(top) == 20 and scores == sorted(scores, reverse=True), text
        assert results.total == page_2.total and results.total > 40
        # No result without a word of the query (independently of the engine's query).
        any_word = wq.Or([wq.Term(field, token) for field in FIELD_BOOSTS
                          for word in text.split() for token in field_terms(field, word)])
        holding = {fields["service_id"] for fields in
                   (searcher.stored_fields(n) for n in searcher.search(
                       any_word, limit=None).docs())}
        if not state.synonyms.expand(text.split()).codes:
            assert {h.service_id for h in results.hits + page_2.hits} <= holding, text

    # The same ranking over every match scored independently: the same pages.
    import navigator.search.engine as engine_module

    monkeypatch.setattr(engine_module, "_matches", whoosh_matches)
    state.results.clear()  # the per-minute results cache would answer from memory
    for text, ((_, top), (_, second)) in engine.items():
        assert _top(text)[1] == top, text
        assert _top(text, 2)[1] == second, text

    # With Whoosh's pruned top-N collector the answers would differ: this directory
    # tells the two apart, so the equality above means something.
    monkeypatch.setattr(engine_module, "_matches", _pruned_matches)
    state.results.clear()
    differs = [text for text, ((_, top), _) in engine.items() if _top(text)[1] != top]
    assert differs, "the generated directory no longer tells the collectors apart"

def test_snippets_mark_the_words_in_the_best_stretch_of_text():
    from navigator.search.results import snippet

    filler = "Our team is here on weekdays. " * 12
    text = (filler + "The food pantry gives groceries to families & <friends>. "
            + filler)
    found = snippet(text, frozenset({"pantri", "groceri"}))
    assert "<mark>pantry</mark>" in found and "<mark>groceries</mark>" in found
    assert "&amp; &lt;friends&gt;" in found  # the text is escaped, the marks are not
    assert found.startswith("…") and found.endswith("…") and len(found) <= 240 + 2 + 60
    assert snippet("Nothing here matches.", frozenset({"pantri"})) == ""
    assert snippet("Food.", frozenset({"food"})) == "<mark>Food</mark>."


def test_the_words_a_phrase_stands_for_find_listings_beside_an_ordinary_word(directory):
    # Listings say "naloxone" where people say "narcan"; "kids" is a word of another
    # listing, which used to leave the professional words only re-ranking.
    directory.service("Overdose prevention kits", "Free naloxone and training.")
    directory.service("Homework club", "After-school help for kids.")
    directory.commit()
    assert "Overdose prevention kits" in names(find("narcan for my kids"))
    assert "Overdose prevention kits" in names(find("narcan"))


def test_a_real_word_is_never_corrected_into_another(directory):
    # "hurting" is one letter from "hunting", a word of this directory; a person who
    # writes it means it, and must not be offered "hunting myself".
    directory.service("Hunting and fishing licenses", "Licenses for the season.")
    directory.service("Crisis line", "Someone to talk to, any hour.")
    directory.commit()
    results = find("hurting myself")
    assert results.suggestion is None
    assert "Hunting and fishing licenses" not in names(results)
    # Spanish too: "pagar" (to pay) is not a typo of a listing's "pagan".
    directory.service("Quienes pagan menos", "Descuentos.")
    directory.commit()
    assert find("ayuda para pagar la luz").suggestion is None


def test_a_correction_is_offered_only_when_it_finds_more(directory):
    directory.service("Food pantry", "Groceries every week.")
    directory.service("Legal clinic", "Help with evictions.")
    directory.commit()
    # "pantyr" is "pantry", but "food" alone finds the same listing: nothing to offer.
    assert find("food pantyr").suggestion is None
    corrected = find("pantyr")
    assert corrected.suggestion == "pantry" and names(corrected) == ["Food pantry"]


def test_nothing_fits_when_the_listings_share_only_a_stray_word(directory):
    directory.service("Vaccines for children", "Shots for kids before school starts.")
    directory.service("Tenant rights clinic", "Legal help for renters.")
    directory.commit()
    # Nothing here is for pets: the one shared word does not make a result.
    nothing = find("my dog needs his shots")
    assert nothing.total == 0 and nothing.hits == ()
    # Words a listing holds, most of them, do.
    assert names(find("shots for my kids")) == ["Vaccines for children"]
    assert names(find("renters legal clinic")) == ["Tenant rights clinic"]
