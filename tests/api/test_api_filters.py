"""Filters, search, places and streams of the HSDS API, on a generated directory of 400
services. Expected answers are worked out from the full objects the API streams (their
attributes, organization, dates), not from the SQL the filters run."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone

import pytest
from sqlalchemy import event

from navigator.api import nesting
from navigator.extensions import db
from navigator.search.geo import geodesic_km

from tests.api.hsds_schemas import assert_valid
from tests.api.json_requests import get_json, pages

#: ZIP 27701's centroid in the offline gazetteer.
ZIP_27701 = (35.9967, -78.8966)


def ndjson(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/x-ndjson"
    assert response.is_streamed
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


@pytest.fixture(scope="module")
def everything(generated):
    """Every service, fully nested, as the API streams them."""
    return ndjson(generated.test_client(), "/api/services?format=ndjson&full=true")


def ids(url: str, client) -> list[str]:
    return [item["id"] for body in pages(client, url, 1000) for item in body["contents"]]


def test_ndjson_streams_every_service_once_in_batches(generated, everything, monkeypatch):
    client = generated.test_client()
    paged = ids("/api/services", client)
    assert len(paged) == 400
    # Batches of 60: seven of them, and still every service exactly once.
    monkeypatch.setattr(nesting, "CHUNK", 60)
    streamed = ndjson(client, "/api/services?format=ndjson")
    assert Counter(item["id"] for item in streamed) == Counter(paged)
    for item in streamed:
        assert_valid(item, "compiled/service_list.json", where=item["id"])
    assert sorted(item["id"] for item in everything) == sorted(paged)
    for item in everything[:80]:
        assert_valid(item, "compiled/service.json", where=item["id"])


def test_ndjson_of_other_lists_and_filters(generated, everything):
    client = generated.test_client()
    organization = everything[0]["organization_id"]
    streamed = ndjson(client, f"/api/services?format=ndjson&organization_id={organization}")
    assert {s["id"] for s in streamed} == {
        s["id"] for s in everything if s["organization_id"] == organization}
    places = ndjson(client, "/api/service_at_locations?format=ndjson")
    assert len(places) == len({p["id"] for p in places}) == sum(
        len(s["service_at_locations"]) for s in everything)
    terms = ndjson(client, "/api/taxonomy_terms?format=ndjson")
    assert len(terms) == get_json(client, "/api/taxonomy_terms")["total_items"] > 10


class Queries:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


def count_queries(app, url: str) -> int:
    counter = Queries()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        get_json(app.test_client(), url)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return counter.count


@pytest.mark.parametrize("url, many", [
    ("/api/services?full=true", 100), ("/api/service_at_locations?full=1", 100),
    ("/api/organizations?full_service=true", 100), ("/api/services?minimal=1", 300),
    ("/api/taxonomy_terms?top_only=0", 50)])
def test_queries_do_not_grow_with_the_rows(generated, url, many):
    # Nested rows are read in batches of up to 500 ids, one query per nested kind: 3
    # objects or 100 cost about the same queries (a page may have no program to look up,
    # another a second batch of phones), far fewer more than one per extra object.
    few = count_queries(generated, f"{url}&per_page=3")
    more = count_queries(generated, f"{url}&per_page={many}")
    assert more - few < (many - 3) // 3, (few, more)


def test_taxonomy_organization_and_date_filters_combine_with_and(generated, everything):
    client = generated.test_client()
    terms = Counter(a["taxonomy_term_id"] for s in everything for a in s["attributes"])
    term = next(t for t, n in terms.most_common() if 5 < n < 300)
    with_term = {s["id"] for s in everything
                 if any(a["taxonomy_term_id"] == term for a in s["attributes"])}
    assert set(ids(f"/api/services?taxonomy_term_id={term}", client)) == with_term

    taxonomy = everything[0]["attributes"][0]["taxonomy_term"]["taxonomy_id"]
    in_taxonomy = {s["id"] for s in everything if any(
        a["taxonomy_term"].get("taxonomy_id") == taxonomy for a in s["attributes"])}
    assert set(ids(f"/api/services?taxonomy_id={taxonomy}", client)) == in_taxonomy

    owners = Counter(s["organization_id"] for s in everything)
    organization = next(o for o, _ in owners.most_common()
                        if any(s["organization_id"] == o and s["id"] in with_term
                               for s in everything))
    of_organization = {s["id"] for s in everything if s["organization_id"] == organization}
    both = set(ids(f"/api/services?taxonomy_term_id={term}&organization_id={organization}",
                   client))
    assert both == with_term & of_organization and both

    dates = sorted(s["last_modified"] for s in everything if "last_modified" in s)
    cutoff = dates[len(dates) // 2]
    after = {s["id"] for s in everything if s.get("last_modified", "") >= cutoff}
    assert set(ids(f"/api/services?modified_after={cutoff}", client)) == after
    # The same moment written with an offset, and the three filters at once.
    moment = datetime.fromisoformat(cutoff).astimezone(timezone.utc)
    offset = moment.astimezone(datetime.now().astimezone().tzinfo).isoformat()
    assert set(ids(f"/api/services?modified_after={offset.replace('+', '%2B')}",
                   client)) == after
    three = ids(f"/api/services?modified_after={cutoff}&taxonomy_term_id={term}"
                f"&organization_id={organization}", client)
    assert set(three) == after & with_term & of_organization
    # Places follow their services' filters.
    places = {p["service_id"] for p in ndjson(
        client, f"/api/service_at_locations?format=ndjson&taxonomy_term_id={term}")}
    assert places == {s["id"] for s in everything if s["id"] in with_term
                      and s["service_at_locations"]}
    assert get_json(client, "/api/services?organization_id=no-such-id")["total_items"] == 0


def test_every_status_is_listed_with_it(generated, everything):
    # The standard lists inactive and defunct services too, saying so.
    statuses = Counter(s["status"] for s in everything)
    assert {"active", "inactive", "defunct"} <= set(statuses)
    client = generated.test_client()
    defunct = next(s["id"] for s in everything if s["status"] == "defunct")
    assert get_json(client, f"/api/services/{defunct}")["status"] == "defunct"


def test_search_is_the_sites_search(generated):
    client = generated.test_client()
    site = [hit["service_id"] for body in (
        get_json(client, f"/api/search?q=food&per_page=100&page={n}") for n in range(1, 6))
        for hit in body["results"]]
    found = ids("/api/services?search=food", client)
    assert found and found == list(dict.fromkeys(site))
    places = ids("/api/service_at_locations?search=food", client)
    site_places = []
    for n in range(1, 6):
        site_places += [hit["service_at_location_id"] for hit in get_json(
            client, f"/api/search?q=food&per_page=100&page={n}")["results"]]
    assert places == [p for p in dict.fromkeys(site_places) if p]
    assert get_json(client, "/api/services?search=zzyzxqq")["total_items"] == 0


def test_proximity_finds_places_within_the_radius(generated):
    client = generated.test_client()
    near = ndjson(client, "/api/service_at_locations?format=ndjson&full=true"
                          "&postcode=27701&proximity=8000")
    assert near
    located = [p["location"] for p in near if "latitude" in p["location"]]
    assert located
    for location in located:
        assert geodesic_km(*ZIP_27701, location["latitude"], location["longitude"]) <= 8.0
    site = {hit["service_at_location_id"]
            for n in range(1, 11)
            for hit in get_json(client, f"/api/search?near=27701&radius_km=8&per_page=100"
                                        f"&page={n}")["results"]}
    assert {p["id"] for p in near} == site - {None}
    # Every place nearer than 8 km is in it.
    everywhere = ndjson(client, "/api/service_at_locations?format=ndjson&full=true")
    inside = {p["id"] for p in everywhere if p["service"]["status"] not in ("inactive", "defunct")
              and "latitude" in p["location"]
              and geodesic_km(*ZIP_27701, p["location"]["latitude"],
                              p["location"]["longitude"]) < 7.9}
    assert inside <= {p["id"] for p in near}


def test_postcode_alone_finds_places_in_it(generated):
    client = generated.test_client()
    everywhere = ndjson(client, "/api/service_at_locations?format=ndjson&full=true")
    codes = Counter(a["postal_code"] for p in everywhere for a in p["location"]["addresses"])
    code = next(c for c, n in codes.most_common() if n > 1)
    found = {p["id"] for p in ndjson(
        client, f"/api/service_at_locations?format=ndjson&postcode={code}")}
    there = {p["id"] for p in everywhere
             if any(a["postal_code"] == code for a in p["location"]["addresses"])}
    assert there and there <= found


def test_taxonomy_term_filters(generated):
    client = generated.test_client()
    terms = ndjson(client, "/api/taxonomy_terms?format=ndjson")
    tops = ids("/api/taxonomy_terms?top_only=true", client)
    assert set(tops) == {t["id"] for t in terms if "parent_id" not in t} and tops
    parent = next(t["parent_id"] for t in terms if "parent_id" in t)
    children = ids(f"/api/taxonomy_terms?parent_id={parent}", client)
    assert set(children) == {t["id"] for t in terms if t.get("parent_id") == parent}
    taxonomy = terms[0]["taxonomy_id"]
    assert set(ids(f"/api/taxonomy_terms?taxonomy_id={taxonomy}", client)) == {
        t["id"] for t in terms if t.get("taxonomy_id") == taxonomy}
    word = terms[0]["name"].split()[0]
    named = ids(f"/api/taxonomy_terms?search={word.upper()}", client)
    assert terms[0]["id"] in named
    assert all(word.lower() in json.dumps(t).lower() for t in terms if t["id"] in named)
