"""What residents send from the public pages: callback requests and listing reports."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navigator.directory.models.base import ID_LENGTH, UTCDateTime, utcnow
from navigator.extensions import db


def _new_id() -> str:
    return str(uuid.uuid4())


class CallbackRequest(db.Model):
    """A resident asks a navigator to call (or write) back.

    Only what a navigator needs to reach the person and prepare: a first name or
    nickname, one way to reach them, a language, a time, the need in their words, and
    their consent to be contacted. No address, no date of birth, no IP address.
    """

    __tablename__ = "callback_request"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=_new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    best_time: Mapped[str] = mapped_column(String(16))
    need: Mapped[str] = mapped_column(Text)
    consent: Mapped[bool] = mapped_column(Boolean)
    #: new -> contacted -> closed (the navigators' queue)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)


class ListingReport(db.Model):
    """Someone says a listing is wrong; it waits in the review queue. Anonymous."""

    __tablename__ = "listing_report"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=_new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    service_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("service.id", ondelete="CASCADE"), index=True)
    problem: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text, default="")
    #: new -> reviewed
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
