"""When the database cannot be reached: which errors say so, and leaving the session
usable after one.

Pages answer such an error with 503 and ``Retry-After`` (``navigator.errors``); what
residents sent meanwhile waits in ``navigator.spool``.
"""

from __future__ import annotations

from sqlalchemy.exc import (DBAPIError, DisconnectionError, OperationalError, SQLAlchemyError,
                            TimeoutError as PoolTimeout)

from navigator.extensions import db

#: Seconds a client is asked to wait before trying again (the 503's Retry-After), and how
#: long a process waits before trying to save what was kept after a try that failed.
RETRY_AFTER = 30


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached or cannot answer now
    (refused or lost connection, no free connection in the pool, a server shutting down,
    a locked SQLite file), as opposed to refusing what was asked of it."""
    if isinstance(error, (OperationalError, DisconnectionError, PoolTimeout)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def rollback_quietly() -> None:
    """Roll the request's session back; a connection already lost may refuse even that,
    and the session is then closed (what it held is gone either way)."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()
