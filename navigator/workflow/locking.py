"""Changing a record that two people may change at once.

Every change of state (a referral's, a need's, a consent revoked, a follow-up done) first
``lock``s the record's row, which reads it again as saved, and is judged against that.
Of two changes made at once the second waits until the first is committed, then sees it
and is refused (``Changed``) when the record is no longer in the state its user saw:
exactly one of them is made, and a referral's history always matches its state.
"""

from __future__ import annotations

from sqlalchemy import inspect, update

from navigator.extensions import db


class Changed(ValueError):
    """Someone else changed the record first; the message says what it is now."""


def lock(instance, column: str) -> None:
    """Lock ``instance``'s row until the transaction ends, and load it again as saved.

    What the session holds and has not written yet is written first (it is this
    transaction's own). On PostgreSQL the row is read with ``SELECT ... FOR UPDATE``,
    which waits while another transaction holds it. SQLite has no row locks: an UPDATE
    that sets ``column`` (one of the row's) to itself takes the database's one write lock,
    as ``BEGIN IMMEDIATE`` would; another writer waits for it (the driver's timeout).
    """
    session = db.session
    session.flush()
    state = inspect(instance)
    if session.get_bind(state.mapper).dialect.name == "sqlite":
        table = state.mapper.local_table
        [key] = state.mapper.primary_key
        session.execute(update(table).where(key == state.identity[0])
                        .values({column: table.c[column]}))
    session.refresh(instance, with_for_update=True)
