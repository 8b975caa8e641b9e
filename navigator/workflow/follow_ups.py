"""Follow-ups: when a check-in with the resident is due, which contact or referral it
follows, and when it is done.

A follow-up is one call back to the resident. A contact and the referral sent during it
are one conversation, so they make one follow-up, not two due minutes apart: a new
contact or referral joins the resident's open follow-up whose contact or referral lies
within ``CONTACT_WINDOW`` of it. The one exception keeps each referral's outcome
followed: a referral does not join a follow-up that already follows another referral.
Once joined, the follow-up stays due when it was (a later contact does not push the
call back).

The navigator may set when a follow-up is due (``set_due``, no earlier than now and
within ``LATEST_DUE``). A referral marked connected closes its open follow-ups with
the outcome "connected" (``close_for_connected``): nobody has to call to learn it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from navigator.audit import record
from navigator.directory.models.base import utcnow
from navigator.extensions import db

from .locking import Changed, lock
from .models import Encounter, FollowUp, Referral, Resident

#: A contact and a referral this close together make one follow-up.
CONTACT_WINDOW = timedelta(hours=24)
#: How far ahead a navigator may set a follow-up.
LATEST_DUE = timedelta(days=366)


class FollowUpChanged(Changed):
    """The follow-up is done already (someone else marked it done first)."""


class DueRefused(ValueError):
    """The due time asked for is not one a follow-up may have; the message says why."""


def follow_up_delay() -> timedelta:
    hours = current_app.config.get("NAVIGATOR_FOLLOW_UP_HOURS", 48) if has_app_context() \
        else 48
    return timedelta(hours=int(hours))


def follows_since(follow_up: FollowUp) -> datetime:
    """The moment ``follow_up`` follows: its contact, else its referral's sending, else
    when it was made."""
    if follow_up.encounter is not None:
        return follow_up.encounter.happened_at
    if follow_up.referral is not None and follow_up.referral.sent_at is not None:
        return follow_up.referral.sent_at
    return follow_up.created_at or utcnow()


#: A follow-up's links that set the moment it follows.
_LINKS = ("encounter", "referral", "encounter_id", "referral_id")


@event.listens_for(Session, "before_flush")
def _keep_follows_since(session, flush_context, instances) -> None:
    """Each follow-up keeps the moment it follows on its row (``FollowUp.follows_since``:
    the reports count on it without joining its contact and referral), set when it is
    first saved and again when a contact or referral joins it. The moment cannot change
    otherwise: a contact's time is never edited, and a referral is sent once."""
    for found in [*session.new, *session.dirty]:
        if not isinstance(found, FollowUp):
            continue
        if found in session.new or any(
                inspect(found).attrs[link].history.has_changes() for link in _LINKS):
            if found.created_at is None:
                found.created_at = utcnow()  # the moment of one with no link
            found.follows_since = follows_since(found)


def joinable(resident: Resident, at: datetime, *,
             referral: Referral | None = None) -> FollowUp | None:
    """The resident's open follow-up that a contact or ``referral`` made at ``at`` joins,
    or None (see the module's docstring)."""
    found = [f for f in resident.follow_ups
             if f.done_at is None and abs(follows_since(f) - at) <= CONTACT_WINDOW
             and (referral is None or f.referral is None or f.referral is referral)]
    return min(found, key=lambda f: f.due_at) if found else None


def add_follow_up(resident: Resident, *, referral: Referral | None = None,
                  encounter: Encounter | None = None, at: datetime | None = None,
                  due_at: datetime | None = None) -> FollowUp:
    """The follow-up of a contact (``encounter``) or of a referral sent, made at ``at``
    (now): the open one they join, or a new one due ``due_at`` (by default
    ``NAVIGATOR_FOLLOW_UP_HOURS`` after ``at``). With neither, always a new one."""
    at = at or utcnow()
    found = joinable(resident, at, referral=referral) \
        if referral is not None or encounter is not None else None
    if found is None:
        found = FollowUp(resident=resident, referral=referral, encounter=encounter,
                         due_at=due_at or at + follow_up_delay())
        db.session.add(found)
        return found
    if referral is not None and found.referral is None:
        found.referral = referral
    if encounter is not None and found.encounter is None:
        found.encounter = encounter
    if due_at is not None:
        found.due_at = due_at
    return found


def check_due(due_at: datetime, now: datetime | None = None) -> None:
    """Refuse (``DueRefused``) a due time in the past or past ``LATEST_DUE``."""
    now = now or utcnow()
    if due_at < now:
        raise DueRefused(_l("This time has passed: choose a time from now on."))
    if due_at > now + LATEST_DUE:
        raise DueRefused(_l("Choose a time within the next year."))


def set_due(follow_up: FollowUp, due_at: datetime, *, user=None) -> None:
    """The navigator's own due time for an open follow-up (``check_due``'s limits);
    one done meanwhile is refused (``FollowUpChanged``)."""
    check_due(due_at)
    lock(follow_up, "done_at")
    if follow_up.done_at is not None:
        raise FollowUpChanged(_l("This follow-up changed: it is now done."))
    follow_up.due_at = due_at
    record("follow_up.update", "follow_up", follow_up.id, user=user)


def complete_follow_up(follow_up: FollowUp, *, outcome: str, notes: str = "",
                       user=None, at: datetime | None = None) -> None:
    """Mark ``follow_up`` done, once: its row is locked and read again first, and one
    done already (by someone else meanwhile too) is refused (``FollowUpChanged``)."""
    lock(follow_up, "done_at")
    if follow_up.done_at is not None:
        raise FollowUpChanged(_l("This follow-up changed: it is now done."))
    follow_up.done_at = at or utcnow()
    follow_up.done_by = getattr(user, "id", None)
    follow_up.outcome = outcome
    follow_up.notes = notes
    record("follow_up.done", "follow_up", follow_up.id, user=user)


def close_for_connected(referral: Referral, *, user=None,
                        at: datetime | None = None) -> int:
    """Close the open follow-ups of ``referral`` (just connected) with the outcome
    "connected"; how many. One done meanwhile by someone else stays as they left it."""
    closed = 0
    for follow_up in [f for f in referral.resident.follow_ups
                      if f.referral is referral and f.done_at is None]:
        try:
            complete_follow_up(follow_up, outcome="connected", user=user, at=at)
        except FollowUpChanged:
            continue
        closed += 1
    return closed
