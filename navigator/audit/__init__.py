"""The append-only audit log: who did what to which record, when and from where."""

from .models import AuditEvent, AuditLogIsAppendOnly, record

__all__ = ["AuditEvent", "AuditLogIsAppendOnly", "record"]
