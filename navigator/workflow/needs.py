"""A resident's needs: recording them, marking them met or closed, and the services
that answer them."""

from __future__ import annotations

from sqlalchemy import Row, select

from navigator.audit import record
from navigator.directory.models import Attribute, Service
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db

from .models import NEED_STATUSES, URGENCIES, Need, Resident


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


def change_status(need: Need, status: str, *, user=None) -> None:
    """Mark ``need`` open, met or closed (without being met)."""
    if status not in NEED_STATUSES:
        raise ValueError(f"unknown need status {status!r}")
    need.status = status
    record("need.update", "need", need.id, user=user)


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
