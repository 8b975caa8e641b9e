"""The messages in the outbox table (``navigator.outbox``), as a mail server would get
them: one text each, oldest first."""

from __future__ import annotations

from sqlalchemy import select

from navigator.extensions import db
from navigator.outbox import OutboxMessage


def outbox_messages(app, status: str | None = None) -> list[str]:
    """Every message (of ``status`` only, when given): "Channel:", "To:", "Subject:",
    a blank line and the body."""
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if status is not None:
            query = query.where(OutboxMessage.status == status)
        return [f"Channel: {row.channel}\nTo: {row.recipient}\nSubject: {row.subject}\n\n"
                f"{row.body}" for row in db.session.scalars(query)]
