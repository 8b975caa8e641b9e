"""The mail outbox (``outbox_message``): messages written in the transaction of the work
that causes them, sent by one worker at a time with retries (``sending``), by the web
app after its requests (``drain``) and by ``flask mail send`` (``commands``)."""

from .models import STATUSES, OutboxMessage
from .sending import (Sent, can_send, claim, counts, enqueue, failed, is_due, retry_failed,
                      send_claimed, send_due, send_now)

__all__ = ["STATUSES", "OutboxMessage", "Sent", "can_send", "claim", "counts", "enqueue",
           "failed", "is_due", "retry_failed", "send_claimed", "send_due", "send_now"]
