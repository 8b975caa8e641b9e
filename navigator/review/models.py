"""What waits for an admin: providers' proposed changes, residents' problem reports, and
requests for access from people who say they run a listing.

Each item is judged once: its ``status`` leaves ``pending`` (or a report's ``new``) by a
conditional UPDATE, so of two admins deciding at once exactly one decision is taken
(``navigator.review.queue``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navigator.directory.models.base import ID_LENGTH, UTCDateTime, utcnow
from navigator.extensions import db

#: pending -> approved | rejected
PROPOSAL_STATES = ("pending", "approved", "rejected")
#: What a proposal may change: the organization itself, one of its services or places.
RESOURCE_TYPES = ("organization", "service", "location")


def _new_id() -> str:
    return str(uuid.uuid4())


def _organization():
    return mapped_column(String(ID_LENGTH), ForeignKey("organization.id", ondelete="CASCADE"),
                         index=True)


class Decided:
    """Who decided, when and why: set when the item leaves the queue."""

    reviewed_by_email: Mapped[str | None] = mapped_column(String(320))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str | None] = mapped_column(Text)


class Proposal(Decided, db.Model):
    """A provider's change to one of its organization's listings, waiting for review.

    ``values`` are the fields it changes (field name -> new value, in the plain shapes
    of ``navigator.review.fields``); ``previous`` the same fields as they were when it was
    proposed, so the review shows what changed since."""

    __tablename__ = "listing_proposal"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=_new_id)
    organization_id: Mapped[str] = _organization()
    resource_type: Mapped[str] = mapped_column(String(32))
    resource_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    values: Mapped[dict] = mapped_column(JSON)
    previous: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("user.id", ondelete="SET NULL"), index=True)
    proposed_by_email: Mapped[str] = mapped_column(String(320))


class ListingReport(Decided, db.Model):
    """Someone says a listing is wrong; it waits in the review queue. Anonymous."""

    __tablename__ = "listing_report"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=_new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    service_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("service.id", ondelete="CASCADE"), index=True)
    problem: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text, default="")
    #: new -> reviewed (fixed or checked) | dismissed
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)


class AccessRequest(Decided, db.Model):
    """"Is this your organization?": someone asks for a provider account for the
    organization of a listing. Nothing is granted until an admin approves and invites."""

    __tablename__ = "access_request"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=_new_id)
    organization_id: Mapped[str] = _organization()
    service_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("service.id", ondelete="SET NULL"), nullable=True)
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str] = mapped_column(String(320))
    job_title: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
