"""A navigator's caseload: their residents, each with what is still open.

"My residents" are read from the record itself: those the navigator added, and those
they made a referral for (a colleague's resident they referred on a night shift is
theirs too). Who merely opened a record is not counted: reading is not taking on. An
admin's caseload is everyone's. By default only residents with something open are
listed (an open need, a referral under way, a follow-up not done); ``everything``
lists the others too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from navigator.extensions import db

from .models import FollowUp, Need, Referral, Resident
from .needs import UNDER_WAY
from .referrals import STATUSES

#: More residents than this are not listed at once (the most pressing come first).
LIMIT = 300


@dataclass
class Row:
    resident: Resident
    open_needs: list[Need] = field(default_factory=list)
    #: Open needs with no referral under way or connected.
    waiting_needs: list[Need] = field(default_factory=list)
    #: How many referrals are in each state, in the order of ``referrals.STATUSES``.
    by_state: dict[str, int] = field(default_factory=dict)
    next_follow_up: FollowUp | None = None


def mine(user):
    """The condition that a resident is in ``user``'s caseload (None: everyone's)."""
    if getattr(user, "role", None) == "admin":
        return None
    referred = select(Referral.resident_id).where(Referral.created_by == user.id)
    return or_(Resident.created_by == user.id, Resident.id.in_(referred))


def row_of(resident: Resident) -> Row:
    row = Row(resident=resident)
    row.open_needs = [n for n in resident.needs if n.status == "open"]
    acted_on = {r.need_id for r in resident.referrals
                if r.status in UNDER_WAY + ("connected",)}
    row.waiting_needs = [n for n in row.open_needs if n.id not in acted_on]
    for status in STATUSES:
        count = sum(1 for r in resident.referrals if r.status == status)
        if count:
            row.by_state[status] = count
    due = [f for f in resident.follow_ups if f.done_at is None]
    row.next_follow_up = min(due, key=lambda f: f.due_at) if due else None
    return row


def caseload(user, *, everything: bool = False) -> list[Row]:
    """``user``'s residents (see the module's docstring), the next follow-up due first,
    then those with none, by name; at most ``LIMIT``."""
    next_due = select(func.min(FollowUp.due_at)).where(
        FollowUp.resident_id == Resident.id, FollowUp.done_at.is_(None)).scalar_subquery()
    query = select(Resident).options(
        selectinload(Resident.needs), selectinload(Resident.referrals),
        selectinload(Resident.follow_ups)) \
        .order_by(next_due.is_(None), next_due, Resident.name).limit(LIMIT)
    condition = mine(user)
    if condition is not None:
        query = query.where(condition)
    if not everything:
        query = query.where(or_(
            exists().where(Need.resident_id == Resident.id, Need.status == "open"),
            exists().where(Referral.resident_id == Resident.id,
                           Referral.status.in_(UNDER_WAY)),
            next_due.is_not(None)))
    return [row_of(r) for r in db.session.scalars(query)]
