"""What residents send from the public pages about a listing: problem reports.

(Their callback requests are the navigators' queue: ``workflow.models.CallbackRequest``.)
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navigator.directory.models.base import ID_LENGTH, UTCDateTime, utcnow
from navigator.extensions import db


def _new_id() -> str:
    return str(uuid.uuid4())


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
