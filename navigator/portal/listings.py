"""A provider's own listings: confirming that one is still correct, and which are stale.

A provider may confirm only its own organization's services: any other is refused here,
below the views, as if it did not exist (the view answers 404). A confirmation sets the
HSDS ``assured_date`` (the day in the directory's time zone) and ``assurer_email``, with a
``metadata`` row for each field it changed (``navigator.directory.provenance``); the
search index picks the change up when the session commits.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from navigator.audit import record
from navigator.directory import provenance
from navigator.directory.listing import unconfirmed
from navigator.directory.models import Service
from navigator.extensions import db


class NotYourListing(LookupError):
    """The service does not exist or belongs to another organization."""


def local_today(timezone_name: str, now: datetime | None = None) -> date:
    """Today's date where the directory is (``NAVIGATOR_TIMEZONE``)."""
    return (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(timezone_name)).date()


def own_service(service_id: str, user) -> Service:
    """The service ``service_id`` if it is one of ``user``'s organization's; NotYourListing
    otherwise (another organization's, none at all, or a user without an organization)."""
    service = db.session.get(Service, service_id) if isinstance(service_id, str) else None
    if service is None or user.organization_id is None \
            or service.organization_id != user.organization_id:
        raise NotYourListing(service_id)
    return service


def confirm(service_id: str, user, today: date) -> Service:
    """Record that ``user`` confirmed the listing as still correct on ``today``, audited;
    the caller commits."""
    service = own_service(service_id, user)
    provenance.change(service, {"assured_date": today, "assurer_email": user.email},
                      updated_by=user.email, on=today)
    record("service.confirm", "service", service.id, user=user)
    return service


def stale_listings(organization_id: str, today: date) -> list[Service]:
    """The organization's listings not confirmed in ``STALE_DAYS`` days, or never, by name
    (a defunct one needs no confirming)."""
    return list(db.session.scalars(select(Service).where(
        Service.organization_id == organization_id, unconfirmed(today))
        .order_by(Service.name)))
