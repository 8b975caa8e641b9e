"""The Durham directory's confidential shelter never shows where it is: not in any
answer of the API, however nested, and a postcode search does not find it by its ZIP."""

from __future__ import annotations

import json
from datetime import date

import pytest

from navigator.directory.models import Address, Location, Metadata, Phone
from navigator.extensions import db

from tests.api.json_requests import get_json

SHELTER = "7f8f3a0f-c4b1-5048-9fe9-ecd34ff7795c"
SECRET_STREET = "4711 Hidden Harbor Lane"
SECRET_PHONE = "919-555-0147"
SECRET_POINT = (35.98765, -78.91234)

EVERYTHING = [
    "/api/services?format=ndjson&full=true",
    "/api/service_at_locations?format=ndjson&full=true",
    "/api/service_at_locations?format=ndjson",
    "/api/organizations?format=ndjson&full_service=true",
    "/api/organizations?format=ndjson&full=true",
]


@pytest.fixture(scope="module")
def shelter(durham):
    """The shelter's location as a careless import could leave it: with its street
    address, point, phone and a change record holding the old address."""
    with durham.app_context():
        location = db.session.get(Location, SHELTER)
        assert location is not None and location.confidential
        location.latitude, location.longitude = SECRET_POINT
        db.session.add(Address(id="3c0e7f7e-0d55-4a8e-9b1e-3f3a4f6c9d01", location_id=SHELTER,
                               address_1=SECRET_STREET, city="Durham", state_province="NC",
                               postal_code="27701", country="US", address_type="physical"))
        db.session.add(Phone(id="3c0e7f7e-0d55-4a8e-9b1e-3f3a4f6c9d02", location_id=SHELTER,
                             number=SECRET_PHONE))
        db.session.add(Metadata(
            id="3c0e7f7e-0d55-4a8e-9b1e-3f3a4f6c9d03", resource_id=SHELTER,
            resource_type="location", last_action_date=date(2025, 1, 2),
            last_action_type="update", field_name="address_1",
            previous_value="12 Old Shelter Road", replacement_value=SECRET_STREET,
            updated_by="importer"))
        db.session.commit()
        place = json.loads(durham.test_client().get(
            "/api/service_at_locations?format=ndjson").get_data(as_text=True).splitlines()[0])
        assert place  # the directory answers at all
    return durham


def assert_hidden(text: str, where: str) -> None:
    for secret in (SECRET_STREET, "Hidden Harbor", SECRET_PHONE, "Old Shelter Road",
                   str(SECRET_POINT[0]), str(SECRET_POINT[1])):
        assert secret not in text, f"{where} shows {secret!r}"


@pytest.mark.parametrize("url", EVERYTHING)
def test_no_answer_shows_the_shelters_address(shelter, url):
    response = shelter.test_client().get(url)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert SHELTER in text  # the shelter is listed ...
    assert_hidden(text, url)  # ... but not where it is


def test_the_shelters_own_pages_keep_it_hidden(shelter):
    client = shelter.test_client()
    place = "ff693b6f-07fa-5f2e-9cfd-e683ccb38e33"
    body = get_json(client, f"/api/service_at_locations/{place}")
    assert body["location"]["id"] == SHELTER
    assert body["location"]["name"] == "Confidential shelter location"
    assert not {"addresses", "latitude", "longitude", "phones", "metadata"} & set(
        body["location"])
    assert_hidden(json.dumps(body), place)
    service = get_json(client, f"/api/services/{body['service_id']}")
    assert_hidden(json.dumps(service), "its service")
    organization = get_json(client, f"/api/organizations/{service['organization_id']}"
                                    "?full_service=true")
    assert_hidden(json.dumps(organization), "its organization")


def test_a_postcode_search_does_not_find_it_by_its_address(shelter):
    client = shelter.test_client()
    found = [p["location_id"] for p in map(json.loads, client.get(
        "/api/service_at_locations?format=ndjson&postcode=27701").get_data(
        as_text=True).splitlines())]
    assert found  # other places are in 27701
    near = [p["location_id"] for p in map(json.loads, client.get(
        "/api/service_at_locations?format=ndjson&postcode=27701&proximity=3000").get_data(
        as_text=True).splitlines())]
    assert near
    # Its service names no service area that would cover the ZIP either.
    assert get_json(client, "/api/services/bc8cd2b0-57e9-5def-8b4e-66e40fccf435")[
        "service_areas"] == []
    assert SHELTER not in found and SHELTER not in near
