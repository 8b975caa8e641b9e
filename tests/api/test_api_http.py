"""The API over HTTP: errors named in JSON, CORS, conditional requests, rate limits,
and the OpenAPI document with its page."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from navigator.api.documentation import HSDS_DIR
from navigator.directory.models import Phone, Service
from navigator.extensions import db

from tests.api.json_requests import get_json
from tests.paths import HSDS, require

SERVICE = "00d5e69b-4d61-5cd3-a4a5-9731bbbe686c"
ENDPOINTS = ["/api/services", "/api/service_at_locations", "/api/organizations",
             "/api/taxonomies", "/api/taxonomy_terms"]


@pytest.mark.parametrize("url, parameter", [
    ("/api/services?page=0", "page"),
    ("/api/services?page=two", "page"),
    ("/api/services?per_page=0", "per_page"),
    ("/api/services?per_page=1001", "per_page"),
    ("/api/services?per_page=-5", "per_page"),
    ("/api/services?format=xml", "format"),
    ("/api/services?full=maybe", "full"),
    ("/api/services?minimal=2", "minimal"),
    ("/api/services?modified_after=last+tuesday", "modified_after"),
    ("/api/services?modified_after=0001-01-01T00:00:00%2B05:00", "modified_after"),
    ("/api/services?search=" + "x" * 501, "search"),
    ("/api/service_at_locations?proximity=1000", "proximity"),
    ("/api/service_at_locations?postcode=27701&proximity=far", "proximity"),
    ("/api/service_at_locations?postcode=27701&proximity=0", "proximity"),
    ("/api/service_at_locations?postcode=00000", "postcode"),
    ("/api/service_at_locations?postcode=Main+Street", "postcode"),
    ("/api/organizations?full_service=perhaps", "full_service"),
    ("/api/taxonomy_terms?top_only=yes-ish", "top_only"),
    ("/api/taxonomies?per_page=1.5", "per_page"),
    ("/api/services?organization_id=a%00b", "organization_id"),
    ("/api/services?page=--1", "page"),
    ("/api/organizations?per_page=%C2%B2", "per_page"),
    ("/api/taxonomies?page=" + "9" * 10_000, "page"),
    ("/api/service_at_locations?postcode=27701&proximity=1_000", "proximity"),
])
def test_bad_parameters_are_400s_that_name_them(durham, url, parameter):
    body = get_json(durham.test_client(), url, status=400)
    assert body["parameter"] == parameter
    assert body["error"]


@pytest.mark.parametrize("url", [
    "/api/services/no-such-id", "/api/services/00000000-0000-4000-8000-000000000000",
    "/api/organizations/%00", "/api/service_at_locations/" + "9" * 300,
    "/api/taxonomies/x'%20OR%201=1", "/api/taxonomy_terms/%F0%9F%98%80",
    f"/api/organizations/{SERVICE}",  # a service's id is no organization's
])
def test_unknown_or_malformed_ids_are_json_404s(durham, url):
    body = get_json(durham.test_client(), url, status=404)
    assert body["status"] == 404 and body["error"]


def test_a_page_past_the_end_is_empty(durham):
    body = get_json(durham.test_client(), "/api/services?page=999&per_page=50")
    assert body["empty"] and body["contents"] == [] and body["size"] == 0
    assert body["page_number"] == 999 and body["last_page"] and not body["first_page"]
    assert body["total_items"] > 100


def test_cors_on_answers_and_preflights(durham):
    client = durham.test_client()
    for url in [*ENDPOINTS, f"/api/services/{SERVICE}", "/api/search?q=food",
                "/api/openapi.json", "/api/services/nope", "/api/services?page=0"]:
        response = client.get(url, headers={"Origin": "https://dashboard.example.org"})
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options("/api/services", headers={
        "Origin": "https://dashboard.example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "if-none-match" in preflight.headers["Access-Control-Allow-Headers"].lower()
    assert "ETag" in client.get("/api/services", headers={"Origin": "https://x.org"}).headers[
        "Access-Control-Expose-Headers"]


@pytest.mark.parametrize("url", [*ENDPOINTS, f"/api/services/{SERVICE}",
                                 "/api/services?format=ndjson"])
def test_conditional_requests_get_304_until_the_data_changes(durham, url):
    client = durham.test_client()
    first = client.get(url)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status_code == 200 and etag and last_modified
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    since = client.get(url, headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304
    earlier = format_datetime(datetime.now(timezone.utc) - timedelta(days=3650), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("change", ["organization phone", "taxonomy", "inactive service"])
def test_a_change_no_listing_shows_makes_a_new_etag_too(durham, change):
    """What the index holds nothing of changes the validators as well: an organization's
    own phone, a taxonomy's description, an inactive service's name."""
    from navigator.directory.models import Organization, Taxonomy

    client = durham.test_client()
    before = client.get("/api/organizations").headers["ETag"]
    with durham.app_context():
        if change == "organization phone":
            organization = db.session.query(Organization).first()
            db.session.add(Phone(id="f0000000-0000-4000-8000-000000000001",
                                 organization_id=organization.id, number="919-555-0199"))
        elif change == "taxonomy":
            db.session.query(Taxonomy).first().description = "Changed description"
        else:
            service = db.session.query(Service).filter(Service.status == "active").first()
            service.status = "inactive"
            db.session.commit()
            before = client.get("/api/organizations").headers["ETag"]
            service.name = service.name + " (closed)"
        db.session.commit()
    time.sleep(0.05)
    after = client.get("/api/organizations", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_a_change_makes_a_new_etag_and_a_later_last_modified(durham):
    client = durham.test_client()
    before = client.get("/api/services")
    time.sleep(1.1)  # Last-Modified counts whole seconds
    with durham.app_context():
        # A phone number changes: no count changes, the service's date does not either.
        phone = db.session.query(Phone).filter(Phone.service_id == SERVICE).first()
        phone.number = "919-555-0100"
        db.session.commit()
    after = client.get("/api/services", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.last_modified > before.last_modified
    assert client.get("/api/services", headers={
        "If-Modified-Since": before.headers["Last-Modified"]}).status_code == 200
    with durham.app_context():
        service = db.session.get(Service, SERVICE)
        service.last_modified = datetime.now(timezone.utc) + timedelta(days=1)
        db.session.commit()
    later = client.get("/api/services")
    assert later.last_modified > after.last_modified


def test_modified_after_finds_what_changed(durham):
    client = durham.test_client()
    moment = datetime(2031, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    with durham.app_context():
        db.session.get(Service, SERVICE).last_modified = moment
        db.session.commit()
    for value in ("2031-05-06T07:08:09Z", "2031-05-06T03:08:09-04:00", "2031-05-06",
                  "2031-05-06T07:08:09"):
        body = get_json(client, f"/api/services?modified_after={value.replace('+', '%2B')}")
        assert [s["id"] for s in body["contents"]] == [SERVICE], value
    assert get_json(client, "/api/services?modified_after=2031-05-06T07:08:10Z")[
        "total_items"] == 0


def test_too_many_requests_get_a_json_429_with_retry_after(durham):
    durham.config["NAVIGATOR_API_RATE_LIMIT"] = "5 per minute"
    client = durham.test_client()
    statuses = [client.get("/api/taxonomies").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    response = client.get("/api/services")
    assert response.status_code == 429 and response.is_json
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "try again" in response.get_json()["error"]


def test_the_openapi_document_covers_everything_under_api(durham):
    client = durham.test_client()
    document = get_json(client, "/api/openapi.json")
    assert document["openapi"].startswith("3.1")
    official = json.loads(require(HSDS / "schema" / "openapi.json").read_text())
    assert set(official["paths"]) | {"/search", "/openapi.json", "/docs"} == set(
        document["paths"])
    routes = {rule.rule.removeprefix("/api").replace("<object_id>", "{id}") or "/"
              for rule in durham.url_map.iter_rules() if rule.rule.startswith("/api")}
    assert routes == set(document["paths"])
    text = json.dumps(document)
    assert "raw.githubusercontent.com" not in text  # every reference resolves locally
    for parameter in ("search", "page", "per_page", "format", "taxonomy_term_id",
                      "taxonomy_id", "organization_id", "modified_after", "minimal", "full",
                      "full_service", "postcode", "proximity"):
        assert parameter in document["components"]["parameters"]


def test_the_vendored_schemas_are_the_official_ones():
    folder = require(HSDS / "schema")
    for path in HSDS_DIR.glob("*.json"):
        official = folder / path.name
        if not official.exists():
            official = folder / "compiled" / path.name
        assert path.read_bytes() == official.read_bytes(), path.name


def test_the_documentation_page_lists_every_endpoint(durham):
    response = durham.test_client().get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for path in ("/api/services", "/api/services/{id}", "/api/service_at_locations",
                 "/api/taxonomy_terms", "/api/search", "/api/openapi.json"):
        assert f"GET {path}</code>" in page
    assert "proximity" in page and "<script>" not in page
    # The descriptions' `code` spans are code on the page, never raw backticks.
    assert "<code>format=ndjson</code>" in page and "`" not in page
    spanish = durham.test_client().get("/api/docs", headers={"Cookie": "lang=es"})
    assert spanish.status_code == 200
