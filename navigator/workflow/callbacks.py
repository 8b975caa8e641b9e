"""The navigators' queue of callback requests, and how a request leaves it.

A request waits in the queue (status "new") until a navigator settles it: they reached
the person and made a record (``record_made``: the resident and their first need, or the
need added to a record that existed), reached them and needed no record (``reached``),
or found it was no request at all (``not_a_callback``: a test, a wrong number). Any of
the three closes it, saying who did. "No answer" keeps it waiting, with the number of
tries and the time of the last one, so that the next navigator knows.

Every change first locks the request's row and reads it again (``locking.lock``): of two
navigators settling one request at once, one does and the other is told who did
(``CallbackHandled``), and no second record is made.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from navigator.audit import record
from navigator.directory.models.base import utcnow
from navigator.extensions import db

from . import needs, services
from .locking import Changed, lock
from .models import CallbackRequest, Need, Resident

#: How a request left the queue (``CallbackRequest.outcome``).
CALLBACK_OUTCOMES = ("record_made", "reached", "not_a_callback")
OUTCOME_LABELS = {"record_made": _l("a record was made"),
                  "reached": _l("reached, no record needed"),
                  "not_a_callback": _l("not a callback")}
#: The times the public form offers (``CallbackRequest.best_time``, ``Resident.best_time``).
BEST_TIME_LABELS = {"morning": _l("Morning (9 AM to noon)"),
                    "afternoon": _l("Afternoon (noon to 5 PM)"),
                    "evening": _l("Evening (5 PM to 8 PM)"), "any": _l("Any time")}


class CallbackHandled(Changed):
    """Someone settled the request first; the message says who and how."""

    def __init__(self, request: CallbackRequest):
        from navigator.auth.models import User

        who = db.session.get(User, request.handled_by) if request.handled_by else None
        outcome = OUTCOME_LABELS.get(request.outcome or "", _l("a record was made"))
        if who is not None:
            message = _l("%(who)s took this request first: %(outcome)s.",
                         who=who.email, outcome=outcome)
        else:
            message = _l("This request was taken first: %(outcome)s.", outcome=outcome)
        super().__init__(message)
        self.outcome = request.outcome


def waiting() -> list[CallbackRequest]:
    """The queue: requests not settled yet, oldest first."""
    return list(db.session.scalars(select(CallbackRequest).where(
        CallbackRequest.status == "new").order_by(CallbackRequest.created_at)))


def waiting_count() -> int:
    """How many requests wait in the queue (the workspace shows the number)."""
    return db.session.scalar(select(func.count()).select_from(CallbackRequest).where(
        CallbackRequest.status == "new"))


def _settling(request: CallbackRequest) -> None:
    """Lock the request and read it again; refuse when someone settled it meanwhile."""
    lock(request, "status")
    if request.status != "new":
        raise CallbackHandled(request)


def no_answer(request: CallbackRequest, *, user=None, at: datetime | None = None) -> None:
    """A try that reached no one: counted, and the request stays in the queue."""
    _settling(request)
    request.attempts = (request.attempts or 0) + 1
    request.last_attempt_at = at or utcnow()
    record("callback_request.no_answer", "callback_request", request.id, user=user)


def close(request: CallbackRequest, outcome: str, *, user=None) -> None:
    """Take the request out of the queue, saying how (``CALLBACK_OUTCOMES``) and who."""
    if outcome not in CALLBACK_OUTCOMES:
        raise ValueError(f"unknown callback outcome {outcome!r}")
    _settling(request)
    request.status = "closed"
    request.outcome = outcome
    request.handled_by = getattr(user, "id", None)
    record(f"callback_request.{outcome}", "callback_request", request.id, user=user)


def prefilled(request: CallbackRequest) -> dict:
    """The record page's fields as the person gave them: a resident's, and their need
    in their own words."""
    contact = "phone" if request.phone else ("email" if request.email else "none")
    return {"name": request.name, "phone": request.phone, "email": request.email,
            "preferred_contact": contact, "language": request.language,
            "best_time": request.best_time if request.best_time in BEST_TIME_LABELS else "",
            "own_words": request.need}


def make_record(request: CallbackRequest, *, resident: dict, need: dict,
                user=None) -> Resident:
    """The resident (``resident``: ``services.create_resident``'s fields) and their first
    need (``need``: ``needs.create_need``'s), linked to the request, which is closed."""
    close(request, "record_made", user=user)
    person = services.create_resident(user=user, callback_request_id=request.id,
                                      **resident)
    needs.create_need(person, user=user, **need)
    return person


def attach(request: CallbackRequest, person: Resident, *, need: dict,
           best_time: str | None = None, user=None) -> Need:
    """The request's need added to a record that existed (the same person, found by
    the duplicate check); the request is closed. ``best_time``, when told, is the
    person's best time to call from now on."""
    close(request, "record_made", user=user)
    if best_time and best_time != person.best_time:
        person.best_time = best_time
        record("resident.update", "resident", person.id, user=user)
    return needs.create_need(person, user=user, **need)


def resident_made_from(request: CallbackRequest) -> Resident | None:
    return db.session.scalar(select(Resident).where(
        Resident.callback_request_id == request.id))
