"""``/api/search``: the JSON contract of DESIGN.md and strict, named 400s."""

from __future__ import annotations

import re

import pytest

from tests.fictional_directory import MONDAY_MORNING, ZIP_27701


@pytest.fixture
def listings(directory):
    directory.term("a.food", "Food")
    directory.term("a.food.pantry", "Food pantries", parent="a.food")
    directory.service("Eastside pantry", "Groceries every week for families",
                      at=directory.offset(*ZIP_27701, 1, 0), terms=("a.food.pantry",),
                      languages=("en", "es"), costs=(("Free", 0),), accepting=True,
                      hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),),
                      address="101 Fictional St")
    directory.service("Westside pantry", "Groceries on Saturdays",
                      at=directory.offset(*ZIP_27701, 0, -8), terms=("a.food.pantry",),
                      languages=("en",), hours=(("SA", "09:00", "12:00"),))
    directory.service("Pantry hotline", "Find a pantry by phone", terms=("a.food",),
                      areas=("Durham County",))
    directory.service("Hidden pantry", "Groceries at a confidential site",
                      at=directory.offset(*ZIP_27701, 2, 2), confidential=True,
                      address="77 Secret Garden Ct")
    directory.service("Unsafe <b>name</b>",
                      'Bring <script>alert("x")</script> & "quotes" to the pantry')
    directory.commit()
    return directory


def get(client, **params):
    return client.get("/api/search", query_string=params)


def test_response_shape_is_the_design_contract(client, listings):
    response = get(client, q="pantry", near="27701")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert {"total", "results", "facets", "suggestion"} <= set(body)
    assert body["total"] == 5 == len(body["results"])
    # Within a radius: only listings with a point inside it or an area covering the place.
    within = get(client, q="pantry", near="27701", radius_km="25").get_json()
    assert sorted(r["name"] for r in within["results"]) == [
        "Eastside pantry", "Pantry hotline", "Westside pantry"]
    assert body["suggestion"] is None
    for result in body["results"]:
        assert {"service_id", "service_at_location_id", "name", "organization",
                "distance_km", "score", "snippet", "location"} <= set(result)
        assert isinstance(result["service_id"], str) and isinstance(result["name"], str)
        assert isinstance(result["organization"], str)
        assert isinstance(result["score"], (int, float))
        assert isinstance(result["snippet"], str)
        if result["location"] is not None:
            assert set(result["location"]) == {"lat", "lon", "postal_code",
                                               "coordinates_approximate"}
            assert result["location"]["coordinates_approximate"] is False
            assert isinstance(result["distance_km"], (int, float))
            assert result["zip_distance_km"] is None
    by_name = {r["name"]: r for r in body["results"]}
    east = by_name["Eastside pantry"]
    assert east["service_at_location_id"] is not None
    assert east["location"]["lat"] == pytest.approx(listings.offset(*ZIP_27701, 1, 0)[0])
    assert east["distance_km"] == pytest.approx(1, abs=0.05)
    hotline = by_name["Pantry hotline"]
    assert hotline["location"] is None and hotline["distance_km"] is None
    assert hotline["service_at_location_id"] is None
    assert set(body["facets"]) >= {"taxonomy_term", "language", "cost", "open_now",
                                   "accepting_referrals", "distance_km"}
    assert body["facets"]["language"] == {"en": 2, "es": 1}
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_filters_and_paging_through_the_query_string(client, listings):
    pantry = listings.terms["a.food.pantry"].id
    body = get(client, q="groceries", taxonomy_term_id=pantry, language="es").get_json()
    assert [r["name"] for r in body["results"]] == ["Eastside pantry"]
    body = get(client, taxonomy_term_id=listings.terms["a.food"].id).get_json()
    assert body["total"] == 3
    page_1 = get(client, q="pantry", per_page="2", page="1").get_json()
    page_2 = get(client, q="pantry", per_page="2", page="2").get_json()
    assert page_1["total"] == page_2["total"] == 5
    assert len(page_1["results"]) == len(page_2["results"]) == 2
    assert not {r["name"] for r in page_1["results"]} & {r["name"] for r in page_2["results"]}
    body = get(client, q="pantry", lat=str(ZIP_27701[0]), lon=str(ZIP_27701[1]),
               radius_km="5", sort="distance").get_json()
    assert [r["name"] for r in body["results"]] == ["Eastside pantry", "Pantry hotline"]
    assert get(client, q="pantry", cost="free").get_json()["total"] == 1
    assert get(client, q="pantry", accepting_referrals="true").get_json()["total"] == 1
    assert get(client, q="pantry", open_now="false").get_json()["total"] == 5
    assert get(client, q="pantri").get_json()["total"] == 5  # stemmed, no suggestion needed
    assert get(client, q="grocerys").get_json()["suggestion"] in (None, "groceries")
    assert get(client, q="grocries").get_json()["suggestion"] == "groceries"


def test_confidential_location_is_not_in_the_json(client, listings):
    response = get(client, q="confidential", near="27701")
    hit = response.get_json()["results"][0]
    assert hit["name"] == "Hidden pantry"
    assert hit["location"] is None and hit["distance_km"] is None
    text = response.get_data(as_text=True)
    assert "Secret Garden" not in text
    assert f"{listings.offset(*ZIP_27701, 2, 2)[0]:.4f}" not in text


def test_a_zip_centre_location_is_marked_and_claims_no_measured_distance(client, listings):
    listings.service("Northside pantry", "Groceries on Fridays", at=ZIP_27701,
                     approximate=True, address="5 Fictional Lane")
    listings.commit()
    body = get(client, q="pantry", near="27701").get_json()
    by_name = {r["name"]: r for r in body["results"]}
    north = by_name["Northside pantry"]
    assert north["location"]["coordinates_approximate"] is True
    assert north["location"]["postal_code"] == "27701"
    # At the ZIP's centre, 0 km from the place: no distance claimed, a ZIP distance of
    # at least 1.5 km given apart, and counted by it in the distance facet.
    assert north["distance_km"] is None and north["zip_distance_km"] == 1.5
    assert by_name["Eastside pantry"]["distance_km"] == pytest.approx(1, abs=0.05)
    assert body["facets"]["distance_km"]["2"] == 2
    within = get(client, q="pantry", near="27701", radius_km="1.2").get_json()
    assert "Northside pantry" not in {r["name"] for r in within["results"]}
    assert "Eastside pantry" in {r["name"] for r in within["results"]}


@pytest.mark.parametrize("params, parameter", [
    ({"radius_km": "ten"}, "radius_km"),
    ({"radius_km": "501"}, "radius_km"),
    ({"radius_km": "nan"}, "radius_km"),
    ({"radius_km": "-1"}, "radius_km"),
    ({"lat": "91", "lon": "0"}, "lat"),
    ({"lat": "-90.5", "lon": "0"}, "lat"),
    ({"lat": "36", "lon": "181"}, "lon"),
    ({"lat": "36"}, "lon"),
    ({"lon": "-78.9"}, "lat"),
    ({"lat": "north", "lon": "-78.9"}, "lat"),
    ({"per_page": "101"}, "per_page"),
    ({"per_page": "0"}, "per_page"),
    ({"per_page": "ten"}, "per_page"),
    ({"page": "0"}, "page"),
    ({"page": "-1"}, "page"),
    ({"page": "1.5"}, "page"),
    ({"language": "xx"}, "language"),
    ({"language": "es,klingon"}, "language"),
    ({"open_now": "maybe"}, "open_now"),
    ({"accepting_referrals": "2"}, "accepting_referrals"),
    ({"q": "x" * 501}, "q"),
    ({"near": "Springfield Gorge"}, "near"),
    ({"near": "99999"}, "near"),
    ({"sort": "price"}, "sort"),
    ({"cost": "cheap"}, "cost"),
    ({"age": "-3"}, "age"),
])
def test_bad_parameters_are_named_400s(client, directory, params, parameter):
    response = get(client, q="pantry", **params) if "q" not in params else get(client, **params)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error", "parameter"}
    assert body["parameter"] == parameter
    assert isinstance(body["error"], str) and body["error"].strip()


def test_unknown_place_message_is_plain(client, directory):
    body = get(client, q="food", near="Springfield Gorge").get_json()
    assert body["parameter"] == "near"
    assert "Springfield Gorge" in body["error"] and "ZIP" in body["error"]


def test_edge_values_are_accepted(client, listings):
    for params in ({"radius_km": "500"}, {"radius_km": "0.1", "near": "27701"},
                   {"lat": "-90", "lon": "180"}, {"per_page": "100"}, {"page": "10000"},
                   {"q": "x" * 500}, {"language": "ES"}, {"open_now": "1"},
                   {"q": ""}, {"near": ""}, {"lat": "", "lon": ""}):
        response = get(client, **params)
        assert response.status_code == 200, (params, response.get_data(as_text=True))


ODD_QUERIES = ['"', '""', "'", "pantry\"", '"groceries every', "*", "pan*", "?", "pant?y",
               "AND", "OR", "NOT", "pantry AND", "AND OR NOT", "(", ")", "[pantry]", "{}",
               "~", "^2", "pantry^3", "field:pantry", "name:", ":", "\\", "/", "-", "--",
               "+pantry", "<script>alert(1)</script>", "<b>pantry</b>", "&amp;", "%00",
               "\ufffd", "\u200b", "𝔭𝔞𝔫𝔱𝔯𝔶", "💩", "ñandú despensa", "日本語", "العربية",
               "pantry " * 40, "a" * 500, "TO", "[a TO z]", "pantry~2", "#", "@", "$"]


def test_a_nul_is_refused_by_name(client, listings):
    """A NUL is in no word; refused as everywhere on the site (navigator.request_input)."""
    response = get(client, q="pantry\x00", near="27701")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "q"


@pytest.mark.parametrize("params, parameter", [
    ({"page": "--1"}, "page"), ({"page": "²"}, "page"), ({"per_page": "١٠"}, "per_page"),
    ({"per_page": "9" * 10_000}, "per_page"), ({"lat": "1_0", "lon": "0"}, "lat"),
])
def test_numbers_are_ascii_digits(client, listings, params, parameter):
    """``str.isdigit`` takes "²" (``int()`` does not), ``int()`` takes "١٠" and "1_0":
    each is a 400 that names its parameter, never a 500."""
    response = get(client, q="pantry", **params)
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == parameter and parameter in body["error"]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_characters_never_fail(client, listings, q):
    response = get(client, q=q, near="27701")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body["total"], int)
    for result in body["results"]:
        assert "<script" not in result["snippet"] and "<b>" not in result["snippet"]


def test_snippets_are_html_escaped(client, listings):
    for q in ("script", "quotes", "<script>", "unsafe", ""):
        results = get(client, q=q, per_page="100").get_json()["results"]
        unsafe = [r for r in results if r["name"] == "Unsafe <b>name</b>"]
        assert unsafe, q
        snippet = unsafe[0]["snippet"]
        # Only the highlight's own markup is left unescaped.
        plain = re.sub(r'<mark(?: class="[^"<>]*")?>|</mark>', "", snippet)
        assert "<" not in plain and ">" not in plain, snippet
        assert "&lt;script&gt;" in plain and "&amp;" in plain
    highlighted = [r for r in get(client, q="groceries").get_json()["results"]]
    assert any("<mark" in r["snippet"] and "groceries" in r["snippet"].lower()
               for r in highlighted)


def test_open_now_parameter_uses_the_clock(client, listings, monkeypatch):
    # The API has no "now" parameter: pin the engine's clock to a Monday morning.
    import navigator.search.engine as engine

    class Clock(engine.datetime):
        @classmethod
        def now(cls, tz=None):
            return MONDAY_MORNING.astimezone(tz) if tz else MONDAY_MORNING

    monkeypatch.setattr(engine, "datetime", Clock)
    body = get(client, q="pantry", open_now="true").get_json()
    assert [r["name"] for r in body["results"]] == ["Eastside pantry"]
    assert body["facets"]["open_now"] == {"true": 1}
