"""What providers keep, in the API: a service's ``accepting_referrals`` and its HSDS 3.1
capacity (with its unit and when it was updated), wherever the service is written,
still valid against the official schemas and described in the OpenAPI document."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from navigator.directory.models import Service, ServiceAtLocation, ServiceCapacity, Unit
from navigator.extensions import db

from tests.api.hsds_schemas import assert_valid
from tests.api.json_requests import get_json

UNIT = "5b0b7f4e-3c1a-4d8e-9a51-0d6f1c2e7a01"
CAPACITY = "5b0b7f4e-3c1a-4d8e-9a51-0d6f1c2e7a02"
UPDATED = datetime(2026, 11, 30, 15, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def full(durham):
    """A service with a place that has stopped taking referrals and has two slots open
    of five; its id and its place's id."""
    with durham.app_context():
        place = db.session.scalars(select(ServiceAtLocation).join(Service).where(
            Service.status == "active").order_by(ServiceAtLocation.id)).first()
        service = place.service
        service.accepting_referrals = False
        db.session.add(Unit(id=UNIT, name="appointment slot", scheme="navigator",
                            identifier="appointment_slot"))
        db.session.flush()  # no relationship orders the two inserts
        db.session.add(ServiceCapacity(id=CAPACITY, service_id=service.id, unit_id=UNIT,
                                       available=2, maximum=5, updated=UPDATED,
                                       description="Walk-in slots this week."))
        db.session.commit()
        return service.id, place.id, service.organization_id


def capacity_of(service: dict) -> dict:
    found = [c for c in service["capacities"] if c["id"] == CAPACITY]
    assert len(found) == 1, service.get("capacities")
    return found[0]


def check_capacity(capacity: dict) -> None:
    assert capacity["available"] == 2 and capacity["maximum"] == 5
    assert capacity["updated"] == "2026-11-30T15:30:00Z"
    assert capacity["description"] == "Walk-in slots this week."
    assert capacity["unit_id"] == UNIT
    assert capacity["unit"] == {"id": UNIT, "name": "appointment slot",
                                "scheme": "navigator", "identifier": "appointment_slot"}


def test_a_full_service_says_it_is_not_accepting_and_what_it_has_open(durham, full):
    service_id, _, _ = full
    body = get_json(durham.test_client(), f"/api/services/{service_id}")
    assert body["accepting_referrals"] is False
    check_capacity(capacity_of(body))
    assert_valid(body, "compiled/service.json", where="services/{id}")


def test_every_place_a_service_is_written_carries_them(durham, full):
    service_id, place_id, organization_id = full
    client = durham.test_client()
    listed = get_json(client, f"/api/services?organization_id={organization_id}")
    item = next(s for s in listed["contents"] if s["id"] == service_id)
    assert item["accepting_referrals"] is False and "capacities" not in item
    assert_valid(listed, "compiled/service_list.json", page=True, where="services")
    fully = get_json(client, f"/api/services?organization_id={organization_id}&full=true")
    check_capacity(capacity_of(next(s for s in fully["contents"] if s["id"] == service_id)))
    minimal = get_json(client, f"/api/services?organization_id={organization_id}&minimal=1")
    assert all("accepting_referrals" not in s for s in minimal["contents"])
    place = get_json(client, f"/api/service_at_locations/{place_id}")
    assert place["service"]["accepting_referrals"] is False
    check_capacity(capacity_of(place["service"]))
    assert_valid(place, "compiled/service_at_location.json", where="service_at_locations")
    organization = get_json(client, f"/api/organizations/{organization_id}?full_service=1")
    nested = next(s for s in organization["services"] if s["id"] == service_id)
    assert nested["accepting_referrals"] is False
    check_capacity(capacity_of(nested))
    assert_valid(organization, "compiled/organization.json", where="organizations")


def test_a_service_that_has_said_nothing_has_neither(durham, full):
    with durham.app_context():
        quiet = db.session.scalars(select(Service.id).where(
            Service.accepting_referrals.is_(None),
            Service.id.not_in(select(ServiceCapacity.service_id)))).first()
    assert quiet is not None
    body = get_json(durham.test_client(), f"/api/services/{quiet}")
    assert "accepting_referrals" not in body and body["capacities"] == []


def test_the_openapi_document_describes_them(durham):
    document = get_json(durham.test_client(), "/api/openapi.json")
    schemas = document["components"]["schemas"]
    for name in ("service", "service_list"):
        field = schemas[name]["properties"]["accepting_referrals"]
        assert field["type"] == "boolean" and "x-navigator" in field
    capacities = schemas["service"]["properties"]["capacities"]
    assert capacities["items"] == {"$ref": "#/components/schemas/service_capacity"}
    assert "HSDS 3.1" in capacities["x-navigator"]
    capacity = schemas["service_capacity"]
    assert {"unit", "available", "updated"} <= set(capacity["required"])
    assert capacity["properties"]["unit"] == {"$ref": "#/components/schemas/unit"}
    assert capacity["properties"]["updated"]["format"] == "date-time"
    assert "name" in schemas["unit"]["required"]
    assert "x-navigator" in document["info"]["description"]
