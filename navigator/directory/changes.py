"""Write the change log: a ``directory_change`` row in the same transaction as every
change of the directory, announced with ``NOTIFY directory_change`` on PostgreSQL.

Changed rows are gathered in ``after_flush`` into ``session.info`` (so objects flushed
early are seen too); SQL statements that write directory tables (an import's upserts
and deletes) mark the whole directory as changed. Just before the commit the rows are
turned into the service ids they touch and one row is written: the services, "rebuild"
(a bulk write, a taxonomy's names, which flow into many listings) or "other" (a change
no listing shows, such as an organization's own phone). A rollback forgets it all.

Ids are taken in commit order: on PostgreSQL the row is written under a transaction-level
advisory lock held until the commit (released only once the transaction is visible), so
a change with a higher id never becomes visible before one with a lower id, and a
follower that has seen id N has seen every change up to N. Directory commits queue for
that lock only for the instant of their own commit. SQLite has one writer at a time.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from functools import cache
from typing import Any, Iterator

from flask import Flask
from sqlalchemy import delete, event, func, insert, select, text, update
from sqlalchemy.orm import Session

from .models import (
    Accessibility, Address, Attribute, DirectoryChange, Location, Organization, Service,
    ServiceAtLocation, TaxonomyTerm, TaxonomyTermTranslation,
)
from .models.change import OTHER, REBUILD, SERVICES

PENDING = "navigator.directory.pending"
#: ``session.info`` key of the change id the transaction wrote (for after_commit hooks).
WRITTEN = "navigator.directory.written"
#: ``session.info`` key: while set, a rebuild this session's commits log is left to the
#: host's follower instead of being done in the committing process (an import on the
#: command line: see ``navigator.search.inline``).
LEAVE_REBUILD = "navigator.directory.leave_rebuild"
#: The PostgreSQL channel every change is announced on (its payload: the change id).
CHANNEL = "directory_change"
#: The advisory lock that keeps change ids in commit order (any constant of this app).
ORDER_LOCK = 7_406_011_201


def init_app(app: Flask) -> None:
    """Listen to every session of ``db.session`` (once per process: the listeners are
    the same for every app)."""
    from navigator.extensions import db

    session = db.session
    if event.contains(session, "after_flush", collect):
        return
    event.listen(session, "after_flush", collect)
    event.listen(session, "do_orm_execute", _statement)
    event.listen(session, "before_commit", write)
    event.listen(session, "after_rollback", drop)
    event.listen(session, "after_soft_rollback", drop)


@contextmanager
def rebuild_left_to_follower(session: Session) -> Iterator[None]:
    """Meanwhile, the rebuilds ``session`` commits are left to the host's follower."""
    session.info[LEAVE_REBUILD] = True
    try:
        yield
    finally:
        session.info.pop(LEAVE_REBUILD, None)


def _pending(session) -> dict[str, Any]:
    return session.info.setdefault(
        PENDING, {"services": set(), "locations": set(), "organizations": set(),
                  "rebuild": False, "touched": False})


def _in_directory(obj) -> bool:
    return (type(obj).__module__.startswith("navigator.directory.models")
            and not isinstance(obj, DirectoryChange))


def collect(session, flush_context) -> None:
    """after_flush: note which listings the flushed objects belong to."""
    pending = _pending(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not _in_directory(obj):
            continue
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


@cache
def _directory_tables() -> frozenset[str]:
    from navigator.extensions import db

    return frozenset(table.name for mapper in db.Model.registry.mappers
                     if mapper.class_.__module__.startswith("navigator.directory.models")
                     for table in mapper.tables) - {DirectoryChange.__tablename__}


def _directory_table(statement) -> bool:
    return getattr(getattr(statement, "table", None), "name", None) in _directory_tables()


def _statement(state):
    """do_orm_execute: an INSERT, UPDATE or DELETE of a directory table written as SQL
    (an import) changes rows no flush shows: the whole index is rebuilt."""
    if not (state.is_insert or state.is_update or state.is_delete) or not _directory_table(
            state.statement):
        return None
    result = state.invoke_statement()
    if result.rowcount != 0:  # -1 (unknown) counts as a change
        pending = _pending(state.session)
        pending["rebuild"] = pending["touched"] = True
    return result


def drop(session, *args) -> None:
    """after_rollback: nothing was committed, nothing to log."""
    session.info.pop(PENDING, None)
    session.info.pop(WRITTEN, None)


def affected_services(session: Session, pending: dict[str, Any]) -> set[str]:
    ids = set(pending["services"])
    if pending["locations"]:
        ids |= set(session.scalars(select(ServiceAtLocation.service_id).where(
            ServiceAtLocation.location_id.in_(pending["locations"]))))
    if pending["organizations"]:
        ids |= set(session.scalars(select(Service.id).where(
            Service.organization_id.in_(pending["organizations"]))))
    return ids


def write(session) -> None:
    """before_commit: the transaction's change row, last thing before the commit."""
    if session.in_nested_transaction():
        return
    session.flush()  # what is still unflushed is part of the change too (else a no-op)
    pending = session.info.pop(PENDING, None)
    if not pending or not pending["touched"]:
        return
    ids: set[str] = set()
    with session.no_autoflush:
        if not pending["rebuild"]:
            ids = affected_services(session, pending)
        kind = REBUILD if pending["rebuild"] else SERVICES if ids else OTHER
        postgres = session.get_bind().dialect.name == "postgresql"
        if postgres:
            session.execute(select(func.pg_advisory_xact_lock(ORDER_LOCK)))
        change_id = session.execute(insert(DirectoryChange).values(
            kind=kind, service_ids=json.dumps(sorted(ids)) if kind == SERVICES else None
        ).returning(DirectoryChange.id)).scalar_one()
        if postgres:
            session.execute(text("SELECT pg_notify(:channel, :payload)"),
                            {"channel": CHANNEL, "payload": str(change_id)})
    session.info[WRITTEN] = change_id


def prune_through(session: Session, change_id: int) -> int:
    """Delete the log's rows before ``change_id`` and make that change a rebuild marker;
    return the rows deleted. A reader whose watermark is below ``change_id`` (it missed
    rows now gone) reads the marker and rebuilds; one at or past it never reads it. The
    caller commits, and decides which change is safe (``navigator.search.replicas``)."""
    deleted = session.execute(
        delete(DirectoryChange).where(DirectoryChange.id < change_id)).rowcount
    if deleted:
        session.execute(update(DirectoryChange).where(
            DirectoryChange.id == change_id, DirectoryChange.kind != REBUILD
        ).values(kind=REBUILD, service_ids=None))
    return deleted
