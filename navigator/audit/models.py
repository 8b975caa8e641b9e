"""Audit events, written beside the change they describe and never changed afterwards.

An event names the actor (user id and role at that moment), the action, the entity
(type and id) and the client's address. It never holds passwords, tokens, email
addresses typed at sign-in or any record's content: the log says *that* someone looked
at or changed a record, the record says what it is.
"""

from __future__ import annotations

from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from navigator.directory.models.base import UTCDateTime, utcnow
from navigator.extensions import db


class AuditLogIsAppendOnly(RuntimeError):
    """Something tried to change or delete an audit event."""


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: No ON DELETE: an account that acted is disabled, never deleted.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    user_role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    #: None for what was done from the command line.
    client_address: Mapped[str | None] = mapped_column(String(64))


def record(action: str, entity: str | None = None, entity_id=None, *, user=None) -> AuditEvent:
    """Add an audit event to the session; it commits with the change it describes.

    ``user`` defaults to the signed-in user of the request, if any.
    """
    address = None
    if has_request_context():
        address = request.remote_addr
        if user is None:
            from flask_login import current_user

            user = current_user if current_user.is_authenticated else None
    event_row = AuditEvent(
        action=action, entity_type=entity,
        entity_id=None if entity_id is None else str(entity_id),
        user_id=getattr(user, "id", None), user_role=getattr(user, "role", None),
        client_address=address)
    db.session.add(event_row)
    return event_row


def _refuse(*_args) -> None:
    raise AuditLogIsAppendOnly("audit events are never changed or deleted")


event.listen(AuditEvent, "before_update", _refuse)
event.listen(AuditEvent, "before_delete", _refuse)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state) -> None:
    # session.execute(update(AuditEvent)...) skips the mapper events above.
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is AuditEvent:
        _refuse()
