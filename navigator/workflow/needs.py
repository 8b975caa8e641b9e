"""A resident's needs: recording them, marking them met or closed, and the services
that answer them.

A need is met on its own once one of its referrals is connected and none of the others
is still under way (``settle``): the navigator who marks the referral connected need
not remember the need too. Declined, not connected and cancelled referrals leave it
open: the resident still needs somewhere to go (the workspace lists it).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, select

from navigator.audit import record
from navigator.directory.models import Attribute, Service
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db

from .locking import Changed, lock
from .models import NEED_STATUSES, URGENCIES, Need, Referral, Resident

#: A referral's states while it may still bring the resident help.
UNDER_WAY = ("draft", "pending", "accepted")
NEED_LABELS = {"open": _l("Still open"), "met": _l("Met"),
               "closed": _l("Closed without being met")}


class NeedChanged(Changed):
    """Someone else changed the need first: it is no longer in the state its user saw."""

    def __init__(self, now: str):
        super().__init__(_l("This need changed: it is now %(state)s.",
                            state=NEED_LABELS[now]))
        self.now = now


def create_need(resident: Resident, *, taxonomy_term_id: str, urgency: str,
                own_words: str = "", user=None) -> Need:
    """Add an open need to ``resident``'s record, under a directory term."""
    if urgency not in URGENCIES:
        raise ValueError(f"unknown urgency {urgency!r}")
    need = Need(resident=resident, taxonomy_term_id=taxonomy_term_id, urgency=urgency,
                own_words=own_words or "", created_by=getattr(user, "id", None))
    db.session.add(need)
    db.session.flush()
    record("need.create", "need", need.id, user=user)
    return need


def change_status(need: Need, status: str, *, user=None, seen: str | None = None) -> None:
    """Mark ``need`` open, met or closed (without being met).

    The need's row is locked and read again first: a change from any state but ``seen``
    (the one its user saw; by default the one ``need`` holds) is refused (``NeedChanged``).
    """
    if status not in NEED_STATUSES:
        raise ValueError(f"unknown need status {status!r}")
    seen = seen or need.status
    lock(need, "status")
    if need.status != seen:
        raise NeedChanged(need.status)
    need.status = status
    record("need.update", "need", need.id, user=user)


def settle(need: Need | None, *, user=None) -> bool:
    """Mark ``need`` met when one of its referrals is connected and none is
    ``UNDER_WAY``; whether it was. A need met or closed already is left as it is."""
    if need is None or need.status != "open":
        return False
    states = set(db.session.scalars(select(Referral.status).where(
        Referral.need_id == need.id)))
    if "connected" not in states or states & set(UNDER_WAY):
        return False
    try:
        change_status(need, "met", user=user, seen="open")
    except NeedChanged:  # someone changed it meanwhile: theirs stands
        return False
    return True


def open_needs(resident: Resident) -> list[Need]:
    return [n for n in resident.needs if n.status == "open"]


def services_for(needs) -> list[Row]:
    """Active services under the needs' terms (or their sub-terms): (id, name) rows,
    by name."""
    terms = TaxonomyTree.load(db.session).under(n.taxonomy_term_id for n in needs)
    return db.session.execute(
        select(Service.id, Service.name).join(
            Attribute, db.and_(Attribute.link_id == Service.id,
                               Attribute.link_entity == "service"))
        .where(Attribute.taxonomy_term_id.in_(sorted(terms)), Service.status == "active")
        .distinct().order_by(Service.name)).all()
