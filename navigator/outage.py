"""When the database cannot be reached: leaving the session usable after one."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from navigator.extensions import db


def rollback_quietly() -> None:
    """Roll the request's session back; a connection already lost may refuse even that,
    and the session is then closed (what it held is gone either way)."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()
