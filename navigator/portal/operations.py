"""What a provider says of its own listing today, taking effect at once (no review).

Whether it takes referrals now, how many places (beds, slots) are open, a passing alert
("closed Monday for the holiday") and whether it is temporarily closed. Only the
organization's own services (``listings.own_service``); each changed field gets its
``metadata`` row (``navigator.directory.provenance``) and the change an audit event, in
the caller's session, so that they commit together and the search index follows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from navigator.audit import record
from navigator.directory import provenance
from navigator.directory.models import Service, ServiceCapacity, Unit
from navigator.extensions import db

from .listings import own_service

#: The HSDS statuses a provider moves a listing between; any other (inactive, defunct)
#: is the directory editors' to set, and is never touched here.
ACTIVE, CLOSED = "active", "temporarily closed"
#: The units offered for a count of places, besides those the service already counts.
UNITS = ("bed", "slot")
#: The scheme of the units made here (HSDS 3.1 ``unit.scheme``).
UNIT_SCHEME = "navigator"


@dataclass(frozen=True)
class Said:
    """What the provider says now. ``accepting`` None: not said; ``places`` None: the
    count is left as it is; ``alert`` empty: no alert."""

    accepting: bool | None
    places: int | None
    unit: str
    alert: str
    closed: bool


def can_close(service: Service) -> bool:
    """Whether the provider may mark ``service`` temporarily closed or open again."""
    return service.status in (ACTIVE, CLOSED)


def counted(service_id: str) -> list[tuple[ServiceCapacity, str]]:
    """The service's counts of places with each one's unit name, by unit."""
    return [(row, name) for row, name in db.session.execute(
        select(ServiceCapacity, Unit.name).join(Unit, Unit.id == ServiceCapacity.unit_id)
        .where(ServiceCapacity.service_id == service_id).order_by(Unit.name))]


def unit_names(service_id: str) -> list[str]:
    """The units a provider may count in: the service's own, then ``UNITS``."""
    own = [name for _, name in counted(service_id)]
    return own + [name for name in UNITS if name not in own]


def update(service_id: str, user, said: Said, *, now: datetime, on: date) -> Service:
    """Apply ``said`` to ``user``'s organization's service ``service_id`` (else
    ``listings.NotYourListing``), with provenance and an audit event; the caller
    commits; ``on`` is the day in the directory's time zone. A count of places given is stamped ``now``: the provider has just said it
    (the same number as before is still news: it is true now)."""
    service = own_service(service_id, user)
    by = user.email
    values: dict = {"accepting_referrals": said.accepting, "alert": said.alert or None}
    if can_close(service):
        values["status"] = CLOSED if said.closed else ACTIVE
    provenance.change(service, values, updated_by=by, on=on)
    if said.places is not None:
        _count(service, said.places, said.unit, by, now, on)
    record("service.operations", "service", service.id, user=user)
    return service


def _count(service: Service, places: int, unit_name: str, by: str, now: datetime,
           on: date) -> None:
    unit = db.session.scalars(select(Unit).where(
        func.lower(Unit.name) == unit_name.lower()).order_by(Unit.id)).first()
    if unit is None:
        unit = Unit(id=str(uuid.uuid4()))
        db.session.add(unit)
        provenance.change(unit, {"name": unit_name, "scheme": UNIT_SCHEME},
                          updated_by=by, on=on, action="create")
    row = db.session.scalars(select(ServiceCapacity).where(
        ServiceCapacity.service_id == service.id, ServiceCapacity.unit_id == unit.id)
        .order_by(ServiceCapacity.id)).first()
    action = "update"
    if row is None:
        row = ServiceCapacity(id=str(uuid.uuid4()), service_id=service.id, unit_id=unit.id)
        db.session.add(row)
        action = "create"
    provenance.change(row, {"available": places, "updated": now}, updated_by=by,
                      on=on, action=action)
