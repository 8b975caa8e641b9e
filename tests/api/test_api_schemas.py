"""Every endpoint's answers, for the Durham directory and for a generated larger one,
are valid against the official HSDS 3.0 schemas, page after page, and the pages add up
to every object exactly once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from navigator.directory.models import (
    Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm,
)
from navigator.extensions import db

from tests.api.hsds_schemas import DETAIL_SCHEMAS, LIST_SCHEMAS, PAGE_KEYS, assert_valid
from tests.api.json_requests import get_json, pages

MODELS = {"services": Service, "service_at_locations": ServiceAtLocation,
          "organizations": Organization, "taxonomies": Taxonomy,
          "taxonomy_terms": TaxonomyTerm}


def all_ids(app, resource: str) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(MODELS[resource].id)))


def check_every_page(app, url: str, per_page: int) -> None:
    resource = url.split("?")[0]
    schema = LIST_SCHEMAS[url]
    client = app.test_client()
    seen: list[str] = []
    bodies = list(pages(client, f"/api/{url}", per_page))
    for number, body in enumerate(bodies, start=1):
        assert set(body) == PAGE_KEYS
        assert_valid(body, schema, page=True, where=f"{url} page {number}")
        assert body["page_number"] == number
        assert body["first_page"] == (number == 1)
        assert body["size"] == len(body["contents"]) <= per_page
        assert body["empty"] == (not body["contents"])
        seen += [item["id"] for item in body["contents"]]
    expected = all_ids(app, resource)
    assert bodies[0]["total_items"] == len(expected)
    assert bodies[0]["total_pages"] == len(bodies) or (not expected and len(bodies) == 1)
    assert len(seen) == len(set(seen)), f"{url}: an object on two pages"
    assert set(seen) == expected


def check_every_object(app, resource: str, limit: int | None = None) -> None:
    client = app.test_client()
    for object_id in sorted(all_ids(app, resource))[:limit]:
        body = get_json(client, f"/api/{resource}/{object_id}")
        assert body["id"] == object_id
        assert_valid(body, DETAIL_SCHEMAS[resource], where=f"{resource}/{object_id}")


@pytest.mark.parametrize("url", list(LIST_SCHEMAS))
def test_durham_lists_are_valid_on_every_page(durham, url):
    check_every_page(durham, url, per_page=25)


@pytest.mark.parametrize("resource", list(DETAIL_SCHEMAS))
def test_every_durham_object_is_valid(durham, resource):
    check_every_object(durham, resource)


def test_api_root_says_what_it_is(durham):
    body = get_json(durham.test_client(), "/api/")
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/openapi.json")
    assert body["profile"].startswith("https://")


def test_durham_has_what_the_schema_checks_rest_on(durham):
    # The checks above would pass on an empty directory: make sure they saw real data.
    with durham.app_context():
        counts = {name: db.session.scalar(select(func.count()).select_from(model))
                  for name, model in MODELS.items()}
    assert counts["services"] > 100 and counts["organizations"] > 20
    assert counts["taxonomy_terms"] > 20 and counts["service_at_locations"] > 50


@pytest.mark.parametrize("url", list(LIST_SCHEMAS))
def test_generated_lists_are_valid_on_every_page(generated, url):
    per_page = 7 if "full" in url else 100
    if url.startswith("organizations?full") or url == "services?full=true":
        per_page = 40
    check_every_page(generated, url, per_page=per_page)


@pytest.mark.parametrize("resource", list(DETAIL_SCHEMAS))
def test_generated_objects_are_valid(generated, resource):
    check_every_object(generated, resource, limit=60)


def test_the_schema_checks_can_fail():
    # The validators do reject what breaks the standard: a missing required field, a
    # wrong type, an id that is not a UUID (formats are checked), a page without its keys.
    good = {"id": "5b1f0a4e-8a57-4a53-9a43-5c1d3b8d3a41", "name": "A", "status": "active"}
    assert_valid(good, "compiled/service.json")
    for bad in ({**good, "status": "closed"}, {k: v for k, v in good.items() if k != "name"},
                {**good, "id": "12"}, {**good, "minimum_age": "18"},
                {**good, "last_modified": "yesterday"}, {**good, "url": "not a url"}):
        with pytest.raises(AssertionError):
            assert_valid(bad, "compiled/service.json")
    with pytest.raises(AssertionError):
        assert_valid({"contents": [good]}, "compiled/service_list.json", page=True)
