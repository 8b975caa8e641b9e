"""Requests for access ("Is this your organization?"): someone who says they work for a
listing's organization asks for a provider account to keep its listings up to date.

Anyone may ask, so a request grants nothing: it waits in the review queue until an admin
has checked that the person works there, and an approval becomes an invitation (a
one-time link, ``navigator.auth.links``). Filing looks at no account: the same request is
filed whether or not the email has one, so the page that takes it tells nobody who has
an account. The same person asking again for the same organization while a request waits
adds nothing, so the queue holds one item per person to check.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from navigator.directory.categories import HIDDEN_STATUSES
from navigator.directory.models import Service
from navigator.extensions import db

from .models import AccessRequest


def _email(email: str) -> str:
    return (email or "").strip().lower()


def file_request(service_id: str, *, name: str, email: str, job_title: str,
                 message: str = "", request_id: str | None = None,
                 sent_at: datetime | None = None) -> AccessRequest | None:
    """A request for access to the organization of the listing ``service_id``, added to
    the session (the caller commits).

    None when the listing is gone or no longer shown (a request kept during an outage
    names a listing no one could look up then). A request already there is returned
    instead of a new one: the one with ``request_id`` (a kept request saved twice), or
    one still pending from the same email for the same organization."""
    if request_id is not None and (found := db.session.get(AccessRequest, request_id)):
        return found
    service = db.session.get(Service, service_id) if isinstance(service_id, str) else None
    if service is None or service.status in HIDDEN_STATUSES:
        return None
    email = _email(email)
    waiting = pending_from(email, service.organization_id)
    if waiting is not None:
        return waiting
    request = AccessRequest(organization_id=service.organization_id, service_id=service.id,
                            name=name.strip(), email=email, job_title=job_title.strip(),
                            message=(message or "").strip())
    if request_id is not None:
        request.id = request_id
    if sent_at is not None:
        request.created_at = sent_at
    db.session.add(request)
    return request


def pending_from(email: str, organization_id: str) -> AccessRequest | None:
    """The request from ``email`` for ``organization_id`` that waits for review, if any."""
    return db.session.scalar(select(AccessRequest).where(
        AccessRequest.email == _email(email),
        AccessRequest.organization_id == organization_id,
        AccessRequest.status == "pending").limit(1))
