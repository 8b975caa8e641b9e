"""The review queue: everything waiting for an admin, oldest first, and the decisions on
residents' reports and on requests for access (a proposal is decided in ``proposals``).

An item of the queue names what it is about in words an admin knows (the listing or the
organization, who sent it), so the queue page lists three kinds of item as one. Every
decision goes through ``proposals.decide``: taken once, audited. Nothing here knows
accounts (``navigator.auth``): approving an access request decides it here, and the admin
pages make the invitation in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from navigator.directory.models import (
    Address, Location, Organization, Phone, Service, ServiceAtLocation,
)
from navigator.extensions import db

from . import fields, proposals
from .models import AccessRequest, ListingReport, Proposal

#: What a resident may say is wrong with a listing (the public report form's choices).
PROBLEMS = {
    "closed": _l("It has closed or moved"),
    "phone": _l("The phone number is wrong"),
    "address": _l("The address is wrong"),
    "hours": _l("The hours are wrong"),
    "eligibility": _l("Who it serves is wrong"),
    "other": _l("Something else"),
}
#: The kinds of item, in the order the queue's counts name them.
KINDS = {"proposal": _l("Proposed change"), "report": _l("Problem report"),
         "access": _l("Access request")}
#: What an admin may conclude of a report: fixed or checked, or not a problem.
REPORT_OUTCOMES = ("reviewed", "dismissed")


@dataclass(frozen=True)
class QueueItem:
    kind: str  # one of KINDS
    id: str
    created_at: datetime
    subject: str | None  # the listing's, place's or organization's name; None: gone
    organization: str | None
    sender: str | None  # a provider's or a requester's email; None: anonymous
    service_id: str | None = None  # the listing it is about, when it is one


def waiting() -> list[QueueItem]:
    """Every pending proposal, new report and pending access request, oldest first."""
    items = [*_proposals(), *_reports(), *_access_requests()]
    return sorted(items, key=lambda item: (item.created_at, item.kind, item.id))


def counts(items: list[QueueItem]) -> dict[str, int]:
    """How many items of each kind (every kind named, with 0 when none)."""
    found = Counter(item.kind for item in items)
    return {kind: found[kind] for kind in KINDS}


def waiting_count() -> int:
    """How many items wait, without reading them."""
    return sum(db.session.scalar(select(func.count()).select_from(model).where(
        model.status == status)) for model, status in (
        (Proposal, "pending"), (ListingReport, "new"), (AccessRequest, "pending")))


def _names(model, ids) -> dict[str, str | None]:
    ids = set(ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def _proposals() -> list[QueueItem]:
    pending_ = db.session.scalars(select(Proposal).where(Proposal.status == "pending")).all()
    names = {kind: _names(fields.MODELS[kind], [p.resource_id for p in pending_
                                                 if p.resource_type == kind])
             for kind in fields.MODELS}
    organizations = _names(Organization, [p.organization_id for p in pending_])
    return [QueueItem("proposal", p.id, p.created_at,
                      names[p.resource_type].get(p.resource_id), organizations.get(
                          p.organization_id), p.proposed_by_email,
                      p.resource_id if p.resource_type == "service" else None)
            for p in pending_]


def _reports() -> list[QueueItem]:
    rows = db.session.execute(
        select(ListingReport, Service.name, Organization.name)
        .join(Service, Service.id == ListingReport.service_id)
        .join(Organization, Organization.id == Service.organization_id)
        .where(ListingReport.status == "new")).all()
    return [QueueItem("report", report.id, report.created_at, service, organization, None,
                      report.service_id) for report, service, organization in rows]


def _access_requests() -> list[QueueItem]:
    rows = db.session.execute(
        select(AccessRequest, Organization.name)
        .join(Organization, Organization.id == AccessRequest.organization_id)
        .where(AccessRequest.status == "pending")).all()
    services = _names(Service, [r.service_id for r, _ in rows if r.service_id])
    return [QueueItem("access", request.id, request.created_at,
                      services.get(request.service_id) or organization, organization,
                      request.email, request.service_id) for request, organization in rows]


def pending_counts(service_ids=None) -> dict[str, int]:
    """How many pending proposals touch each listing (its own record, its organization's,
    or one of its places'): listings without any are left out. ``service_ids`` narrows
    the answer to those listings."""
    pending_ = db.session.execute(select(Proposal.resource_type, Proposal.resource_id)
                                  .where(Proposal.status == "pending")).all()
    by_kind: dict[str, list[str]] = {kind: [] for kind in fields.MODELS}
    for kind, resource_id in pending_:
        by_kind.setdefault(kind, []).append(resource_id)
    found = Counter(by_kind["service"])
    # A change to an organization or a place shows on each listing of it.
    for kind, service, owner in (
            ("organization", Service.id, Service.organization_id),
            ("location", ServiceAtLocation.service_id, ServiceAtLocation.location_id)):
        ids = by_kind[kind]
        if ids:
            for service_id, owner_id in db.session.execute(
                    select(service, owner).where(owner.in_(set(ids)))):
                found[service_id] += ids.count(owner_id)
    wanted = None if service_ids is None else set(service_ids)
    return {service_id: count for service_id, count in found.items()
            if wanted is None or service_id in wanted}


def changed_since(proposal: Proposal, now: dict) -> list[str]:
    """The fields of ``proposal`` whose value in the listing (``now``) is no longer what
    it was when the proposal was made: approving would overwrite someone's change."""
    return [name for name in proposal.values
            if name in now and now[name] != proposal.previous.get(name)]


@dataclass
class ListingFacts:
    """What an admin checks a report against: the listing's ways to reach it."""

    service: Service
    phones: list[Phone] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)


def listing_facts(service: Service) -> ListingFacts:
    phones = db.session.scalars(select(Phone).where(Phone.service_id == service.id)
                                .order_by(Phone.number, Phone.id)).all()
    addresses = db.session.scalars(
        select(Address).join(Location, Location.id == Address.location_id)
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .where(ServiceAtLocation.service_id == service.id,
               Address.address_type == "physical")
        .order_by(Address.address_1, Address.id)).all()
    return ListingFacts(service, list(phones), list(addresses))


def decide_report(report_id: str, outcome: str, admin, note: str | None) -> ListingReport:
    """Close a resident's report: ``reviewed`` (fixed, or checked and right) or
    ``dismissed``. AlreadyDecided when another admin was first; the caller commits."""
    if outcome not in REPORT_OUTCOMES:
        raise ValueError(outcome)
    return proposals.decide(ListingReport, report_id, outcome, admin, note, waiting="new")


def approve_access(request_id: str, admin, note: str | None = None) -> AccessRequest:
    """Grant a request for access; the caller invites the person in the same
    transaction (and rolls back when it cannot), then commits."""
    return proposals.decide(AccessRequest, request_id, "approved", admin, note)


def reject_access(request_id: str, admin, note: str | None) -> AccessRequest:
    return proposals.decide(AccessRequest, request_id, "rejected", admin, note)
