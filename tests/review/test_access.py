"""Filing a request for access (``navigator.review.access.file_request``): for the
listing's organization, never for a listing that is gone or hidden, once per kept
request, once per person and organization while one waits."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import select, update

from navigator.extensions import db
from navigator.review.access import file_request
from navigator.review.models import AccessRequest

WHO = {"name": " Robin Okafor ", "email": " Robin@Example.org ", "job_title": "Director"}


def _all() -> list[AccessRequest]:
    return db.session.scalars(select(AccessRequest)).all()


def test_a_request_is_for_the_listings_organization(directory):
    org = directory.organization("Bull City Pantry")
    service = directory.service("Groceries", org=org)
    request = file_request(service.id, message=" Hours changed ", **WHO)
    db.session.commit()
    assert [request] == _all()
    assert (request.organization_id, request.service_id, request.status) == (
        org.id, service.id, "pending")
    assert (request.name, request.email, request.job_title, request.message) == (
        "Robin Okafor", "robin@example.org", "Director", "Hours changed")


def test_no_request_for_a_listing_gone_or_hidden(directory):
    hidden = directory.service("Old pantry", status="inactive")
    defunct = directory.service("Older pantry", status="defunct")
    db.session.commit()
    for service_id in ("no-such-listing", hidden.id, defunct.id, None):
        assert file_request(service_id, **WHO) is None
    db.session.commit()
    assert _all() == []


def test_a_kept_request_saved_twice_is_one_row(directory):
    service = directory.service("Groceries")
    db.session.commit()
    kept_id, sent_at = str(uuid.uuid4()), datetime(2026, 12, 1, 15, tzinfo=timezone.utc)
    first = file_request(service.id, request_id=kept_id, sent_at=sent_at, **WHO)
    db.session.commit()
    assert file_request(service.id, request_id=kept_id, sent_at=sent_at, **WHO) is first
    db.session.commit()
    [row] = _all()
    assert row.id == kept_id and row.created_at == sent_at


def test_one_waiting_request_per_person_and_organization(directory):
    org, other = directory.organization("Bull City Pantry"), directory.organization("Open Door")
    pantry, shelf = directory.service("Groceries", org=org), directory.service("Shelf", org=org)
    door = directory.service("Beds", org=other)
    db.session.commit()
    first = file_request(pantry.id, **WHO)
    db.session.commit()
    # The same person, the same organization (another of its listings): the one waiting.
    assert file_request(shelf.id, **{**WHO, "email": "robin@example.org"}) is first
    assert file_request(door.id, **WHO) is not first  # another organization
    db.session.commit()
    assert len(_all()) == 2
    # Once decided, asking again is a new request.
    db.session.execute(update(AccessRequest).where(AccessRequest.id == first.id)
                       .values(status="rejected"))
    db.session.commit()
    assert file_request(pantry.id, **WHO) is not first
    db.session.commit()
    assert len(_all()) == 3
