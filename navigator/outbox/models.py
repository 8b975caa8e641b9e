"""The outbox: every email (and text, by email-to-SMS) Navigator sends, written in the same
transaction as the work that causes it, then sent by whichever worker claims it first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navigator.directory.models.base import UTCDateTime, utcnow
from navigator.extensions import db

#: ``kept``: written by the ``log`` notifier (development), never sent; ``pending``: to be
#: sent at ``next_attempt_at``; ``sending``: claimed by a worker until ``claimed_until``;
#: ``sent``: the mail server took it; ``failed``: given up after the last attempt.
STATUSES = ("kept", "pending", "sending", "sent", "failed")


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (CheckConstraint("status IN ('kept', 'pending', 'sending', 'sent', "
                                      "'failed')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: What it is ("summary", "referral_sent", "invite", ...): all the log and the admins'
    #: list say of it.
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(8))  # "email" or "text"
    #: The address it goes to (a text's: the email-to-SMS gateway's); emptied once sent.
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    #: Emptied once sent: a one-time link or a resident's summary is kept no longer than
    #: it takes to send.
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: The last failure's kind (an exception's class, an SMTP code): never its text, which
    #: may hold the address.
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
