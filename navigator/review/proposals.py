"""Proposing a change to a listing, and deciding on it.

A provider proposes changes to its own organization's records only (``owned``: any other
is refused as if it did not exist). A proposal keeps the fields that differ from the
listing now, with their values then, and waits. An admin approves it, perhaps after
editing the values, or rejects it with a note; the provider sees the outcome.

A decision is taken once: ``decide`` moves the proposal out of ``pending`` with a
conditional UPDATE, so of two admins approving at once one applies the change and the
other is told it was already decided. Approving writes the listing and its ``metadata``
rows in the caller's session; the search index follows when that session commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from navigator.audit import record
from navigator.directory.models import Location, Service, ServiceAtLocation, utcnow
from navigator.extensions import db

from . import fields
from .models import Proposal


class NotYours(LookupError):
    """The record does not exist or is not the user's organization's."""


class AlreadyDecided(ValueError):
    """Someone decided on this item first; ``status`` says how."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def owner_of(resource_type: str, record) -> str | None:
    """The organization whose record this is. A place without an organization of its
    own belongs to the organization whose services are all that is offered there."""
    if resource_type == "organization":
        return record.id
    if resource_type == "service" or record.organization_id:
        return record.organization_id
    owners = set(db.session.scalars(select(Service.organization_id).join(
        ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .where(ServiceAtLocation.location_id == record.id)))
    return owners.pop() if len(owners) == 1 else None


def owned(resource_type: str, resource_id, organization_id: str | None):
    """The record if it is ``organization_id``'s, else NotYours."""
    model = fields.MODELS.get(resource_type)
    found = db.session.get(model, resource_id) \
        if model is not None and isinstance(resource_id, str) else None
    if found is None or organization_id is None \
            or owner_of(resource_type, found) != organization_id:
        raise NotYours(resource_id)
    return found


def locations_of(organization_id: str) -> list[Location]:
    """The places an organization may edit, by name."""
    candidates = db.session.scalars(select(Location).where(
        (Location.organization_id == organization_id) | Location.id.in_(
            select(ServiceAtLocation.location_id).join(
                Service, Service.id == ServiceAtLocation.service_id)
            .where(Service.organization_id == organization_id))))
    return sorted((place for place in candidates
                   if owner_of("location", place) == organization_id),
                  key=lambda place: (place.name or "", place.id))


def propose(user, resource_type: str, resource_id: str, values: dict) -> Proposal | None:
    """Propose ``values`` for ``user``'s organization's record; None when nothing would
    change. Raises NotYours, or ValueError for values that cannot be stored."""
    found = owned(resource_type, resource_id, user.organization_id)
    wanted = fields.clean(resource_type, values)
    now = fields.current(resource_type, found, wanted)
    changed = {name: value for name, value in wanted.items() if now[name] != value}
    if not changed:
        return None
    proposal = Proposal(organization_id=user.organization_id, resource_type=resource_type,
                        resource_id=found.id, values=changed,
                        previous={name: now[name] for name in changed},
                        proposed_by_id=user.id, proposed_by_email=user.email)
    db.session.add(proposal)
    db.session.flush()
    record("proposal.create", "proposal", proposal.id, user=user)
    return proposal


def pending(resource_type: str, resource_id: str) -> list[Proposal]:
    """The changes waiting for review on one record, oldest first."""
    return list(db.session.scalars(select(Proposal).where(
        Proposal.resource_type == resource_type, Proposal.resource_id == resource_id,
        Proposal.status == "pending").order_by(Proposal.created_at, Proposal.id)))


def of_organization(organization_id: str, limit: int = 50) -> list[Proposal]:
    """An organization's proposals, newest first: what its providers see of the review."""
    return list(db.session.scalars(select(Proposal).where(
        Proposal.organization_id == organization_id)
        .order_by(Proposal.created_at.desc(), Proposal.id).limit(limit)))


def target(proposal: Proposal):
    """The record a proposal changes, or None when it has left the directory."""
    return db.session.get(fields.MODELS[proposal.resource_type], proposal.resource_id)


def decide(model, item_id: str, status: str, admin, note: str | None,
           *, waiting: str = "pending"):
    """Move one queue item (a proposal, report or access request) from ``waiting`` to
    ``status`` for ``admin``, once: AlreadyDecided when someone did first."""
    taken = db.session.execute(
        update(model).where(model.id == item_id, model.status == waiting)
        .values(status=status, reviewed_by_email=admin.email, reviewed_at=utcnow(),
                review_note=(note or "").strip() or None)
        .execution_options(synchronize_session=False))
    item = db.session.get(model, item_id)
    if item is None:
        raise LookupError(item_id)
    db.session.refresh(item)
    if taken.rowcount != 1:
        raise AlreadyDecided(item.status)
    record(f"{model.__tablename__}.{status}", model.__tablename__, item_id, user=admin)
    return item


def approve(proposal_id: str, admin, on: date, values: dict | None = None,
            note: str | None = None) -> Proposal:
    """Apply the proposal (or the admin's edit of its values) to the listing, with
    ``metadata`` rows naming the provider who proposed it. LookupError when the
    proposal or its record is gone, ValueError for edited values that cannot be stored,
    AlreadyDecided when another admin was first; the caller commits (or rolls back)."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        raise LookupError(proposal_id)
    if admin.organization_id is not None and admin.organization_id == proposal.organization_id:
        raise PermissionError("a provider cannot approve its own organization's changes")
    changes = proposal.values if values is None else fields.clean(
        proposal.resource_type, {k: v for k, v in values.items() if k in proposal.values})
    found = target(proposal)
    if found is None:
        raise LookupError(proposal.resource_id)
    proposal = decide(Proposal, proposal_id, "approved", admin, note)
    if values is not None:
        proposal.values = changes
    fields.apply(proposal.resource_type, found, changes,
                 fields.Edit(by=proposal.proposed_by_email, on=on))
    return proposal


def reject(proposal_id: str, admin, note: str | None) -> Proposal:
    """Turn the proposal down, with a note for the provider; the listing is untouched."""
    return decide(Proposal, proposal_id, "rejected", admin, note)
