"""Listings their providers have not confirmed lately, with the accounts to chase.

A listing is stale when its HSDS ``assured_date`` is older than ``days`` (by default
``STALE_DAYS``, as the public page and the provider portal count it), or when it was never
confirmed; a defunct service needs no confirming. ``days=None`` lists only the listings
never confirmed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from navigator.auth.models import User
from navigator.directory.listing import STALE_DAYS, unconfirmed
from navigator.directory.models import Organization, Service
from navigator.extensions import db

#: The ages the page filters by, in days; "never" lists the listings never confirmed.
AGES = (STALE_DAYS, 365)


@dataclass
class StaleListing:
    service: Service
    organization: Organization
    emails: list[str]  # the organization's active provider accounts


def stale_listings(today: date, days: int | None = STALE_DAYS) -> list[StaleListing]:
    """The stale listings, by organization then name."""
    rows = db.session.execute(
        select(Service, Organization)
        .join(Organization, Organization.id == Service.organization_id)
        .where(unconfirmed(today, days))
        .order_by(Organization.name, Service.name, Service.id)).all()
    emails: dict[str, list[str]] = {}
    for organization_id, email in db.session.execute(
            select(User.organization_id, User.email)
            .where(User.role == "provider", User.active.is_(True),
                   User.organization_id.in_({o.id for _, o in rows}))
            .order_by(User.email)):
        emails.setdefault(organization_id, []).append(email)
    return [StaleListing(service, organization, emails.get(organization.id, []))
            for service, organization in rows]


def _cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(listings: list[StaleListing], headings: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    for row in listings:
        writer.writerow([_cell(v) for v in (
            row.organization.name, row.service.name, row.service.id, row.service.status,
            row.service.assured_date.isoformat() if row.service.assured_date else "",
            row.service.assurer_email, "; ".join(row.emails))])
    return out.getvalue()
