"""Two people changing one record at the same moment: each in a thread of its own, with
an app context of its own (so a database session and connection of its own), released
together by a barrier once each has read what it is about to change."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from navigator.audit import AuditEvent
from navigator.extensions import db
from navigator.workflow.models import Referral

#: How many times each race is run.
REPEATS = 50
#: Seconds a contender may wait at the barrier or for its change (a lock held too long,
#: or a deadlock, fails the test instead of hanging it).
TIMEOUT = 60


def race(*contenders) -> list:
    """Run each contender (a function of a ``threading.Barrier``, which it waits at just
    before its change) in a thread of its own; what each returned, in order. Anything a
    contender raises is raised here."""
    barrier = threading.Barrier(len(contenders), timeout=TIMEOUT)
    with ThreadPoolExecutor(len(contenders)) as pool:
        futures = [pool.submit(contender, barrier) for contender in contenders]
        return [future.result(timeout=TIMEOUT) for future in futures]


def through_rules(app, load, change):
    """A contender that, in an app context of its own, calls ``load()`` (reading the
    records as a page shown to its user would), waits at the barrier, then calls
    ``change(*loaded)`` and commits: "saved", or the refusal (a ``ValueError``, rolled
    back)."""

    def run(barrier):
        with app.app_context():
            loaded = load()
            barrier.wait()
            try:
                change(*loaded)
            except ValueError as refusal:
                db.session.rollback()
                return refusal
            db.session.commit()
            return "saved"

    return run


def winner_and_loser(results: list):
    """The index of the one contender that saved and the other's refusal; fails unless
    exactly one of two saved."""
    saved = [i for i, result in enumerate(results) if result == "saved"]
    assert len(saved) == 1, f"not exactly one change was saved: {results}"
    return saved[0], results[1 - saved[0]]


def audits(action: str, entity_id: str) -> int:
    """How many audit records of ``action`` name the record ``entity_id``."""
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.entity_id == entity_id))


def assert_history_matches(referral_id: str, state: str, user_id: int) -> None:
    """The referral is in ``state``, moved there last by ``user_id``; its events make one
    unbroken chain from its creation to that state, each with its audit record."""
    db.session.expire_all()
    referral = db.session.get(Referral, referral_id)
    events = referral.events
    assert referral.status == state
    assert events[0].from_status is None and events[-1].to_status == state
    assert [e.from_status for e in events[1:]] == [e.to_status for e in events[:-1]]
    assert events[-1].user_id == user_id
    assert audits("referral.status", referral_id) == len(events) - 1
