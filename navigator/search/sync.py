"""Keep the index current: collect what a flush changed, apply it after the commit.

Changed rows are gathered in ``after_flush`` into ``session.info`` (so objects
flushed early are seen too), turned into service ids and re-indexed in
``after_commit``, and dropped on rollback. Bulk imports go through
``directory_changed`` instead and rebuild the index.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from navigator.directory.models import (
    Accessibility, Address, Attribute, Location, Organization, Service, ServiceAtLocation,
    TaxonomyTerm, TaxonomyTermTranslation,
)

log = logging.getLogger(__name__)
PENDING = "navigator.search.pending"


def _pending(session) -> dict[str, Any]:
    return session.info.setdefault(
        PENDING, {"services": set(), "locations": set(), "organizations": set(),
                  "rebuild": False, "touched": False})


def _in_directory(obj) -> bool:
    return type(obj).__module__.startswith("navigator.directory.models")


def collect(session, flush_context) -> None:
    """after_flush: note which listings the flushed objects belong to."""
    pending = _pending(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if _in_directory(obj):
            pending["touched"] = True
        if isinstance(obj, Service):
            pending["services"].add(obj.id)
        elif isinstance(obj, Organization):
            pending["organizations"].add(obj.id)
        elif isinstance(obj, (TaxonomyTerm, TaxonomyTermTranslation)):
            pending["rebuild"] = True  # names flow into many documents
        elif isinstance(obj, Attribute):
            if obj.link_entity == "service":
                pending["services"].add(obj.link_id)
        elif isinstance(obj, Location):
            pending["locations"].add(obj.id)
        elif isinstance(obj, (Address, Accessibility)):
            if obj.location_id:
                pending["locations"].add(obj.location_id)
        else:  # anything else that belongs to a service or a place: phones, schedules...
            service_id = getattr(obj, "service_id", None)
            if service_id:
                pending["services"].add(service_id)
            location_id = getattr(obj, "location_id", None)
            if location_id:
                pending["locations"].add(location_id)


def drop(session, *args) -> None:
    """after_rollback: nothing was committed, nothing to index."""
    session.info.pop(PENDING, None)


def affected_services(session: Session, pending: dict[str, Any]) -> set[str]:
    ids = set(pending["services"])
    if pending["locations"]:
        ids |= set(session.scalars(select(ServiceAtLocation.service_id).where(
            ServiceAtLocation.location_id.in_(pending["locations"]))))
    if pending["organizations"]:
        ids |= set(session.scalars(select(Service.id).where(
            Service.organization_id.in_(pending["organizations"]))))
    return ids


def make_apply(engine: Callable[[], Any], update: Callable[[set[str]], None],
               rebuild: Callable[[], int], touch: Callable[[], None]):
    """after_commit: re-index the affected services (never failing the commit). A change
    of the directory that no listing shows (an organization's own phone, a taxonomy)
    still makes a new index generation (``touch``): the generation is what tells every
    process, and the API's validators, that the directory changed."""

    def apply(session) -> None:
        pending = session.info.pop(PENDING, None)
        if not pending or not any(pending.values()):
            return
        try:
            if pending["rebuild"]:
                rebuild()
                return
            # The committed session cannot run SQL here: use a fresh one.
            with Session(engine()) as fresh:
                ids = affected_services(fresh, pending)
            if ids:
                update(ids)
            elif pending["touched"]:
                touch()
        except Exception:
            log.exception("search index update failed; run `flask search reindex`")

    return apply
