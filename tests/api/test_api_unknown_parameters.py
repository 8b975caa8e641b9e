"""A query parameter an operation does not list in the OpenAPI document is a 400 that
names it, on every list, on /api/search and on the addresses taking few or none; every
parameter the search reads is listed, so none the site's links use is refused."""

from __future__ import annotations

import pytest

from navigator.api.known_parameters import known
from navigator.directory.models import Service
from navigator.extensions import db

from tests.api.json_requests import get_json

LISTS = ["/api/services", "/api/service_at_locations", "/api/organizations",
         "/api/taxonomies", "/api/taxonomy_terms", "/api/search"]


@pytest.mark.parametrize("url", LISTS)
def test_an_unknown_parameter_is_a_400_naming_it(durham, url):
    response = durham.test_client().get(f"{url}?page=1&pgae=2")
    assert response.status_code == 400 and response.is_json
    body = response.get_json()
    assert body["parameter"] == "pgae"
    assert body["error"].startswith("unknown parameter: pgae (known: ")
    assert "per_page" in body["error"]


def test_several_unknown_parameters_are_all_named(durham):
    body = get_json(durham.test_client(), "/api/search?q=food&colour=red&Page=2", 400)
    assert body["parameter"] == "colour"
    assert body["error"].startswith("unknown parameters: colour, Page (known: q, near, ")


@pytest.mark.parametrize("url, unknown", [
    ("/api/", "verbose"), ("/api/openapi.json", "verbose"), ("/api/docs", "lang"),
    ("/api/services/{service}", "full"), ("/api/organizations/{organization}", "full"),
])
def test_addresses_with_few_or_no_parameters_refuse_others_too(durham, url, unknown):
    with durham.app_context():
        service = db.session.scalars(db.select(Service).order_by(Service.id)).first()
        url = url.format(service=service.id, organization=service.organization_id)
    client = durham.test_client()
    assert client.get(url).status_code == 200
    response = client.get(f"{url}?{unknown}=1")
    assert response.status_code == 400 and response.get_json()["parameter"] == unknown


def test_every_parameter_the_search_reads_is_documented_and_taken(durham):
    """The site's own filters go through /api/search as well: none is refused."""
    assert set(known()["/search"]) >= {"q", "near", "lat", "lon", "radius_km", "miles",
                                       "taxonomy_term_id", "language", "open_now",
                                       "accepting_referrals", "cost", "accessibility",
                                       "age", "sort", "page", "per_page"}
    body = get_json(durham.test_client(),
                    "/api/search?q=food&near=27701&miles=5&sort=distance&cost=free"
                    "&accessibility=wheelchair&age=30&accepting_referrals=true"
                    "&open_now=false&language=en&page=1&per_page=5")
    assert "results" in body


def test_a_long_unknown_name_is_cut_in_the_answer(durham):
    body = get_json(durham.test_client(), "/api/taxonomies?" + "x" * 5000 + "=1", 400)
    assert body["parameter"] == "x" * 60 and len(body["error"]) < 1000
