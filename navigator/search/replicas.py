"""Every host's index replica in the ``search_replica`` table, and pruning the change log.

Each host's follower records, in its own row, what its index has applied, how far
behind the database's change log it is, its generation, listings and whether it can
answer searches (``Heartbeat``: after each step that applied something, else every
``HEARTBEAT`` seconds; an inline host, every ``HEARTBEAT`` seconds at most).
``flask search status`` reads the rows.

Pruning (``prune``) removes the log's rows that no live host needs and that are older
than ``NAVIGATOR_CHANGE_LOG_KEEP_HOURS``. A host is live while it was seen within
``NAVIGATOR_REPLICA_STALE_HOURS``; one not seen for longer no longer holds pruning back
(a stopped machine would otherwise keep every row for ever). A live host needs the rows
after the change it has applied, up to the first rebuild among them (it rebuilds there
and needs nothing before it); a host without an index needs none (it builds from a
snapshot). The newest row pruned stays, turned into a rebuild marker
(``navigator.directory.changes.prune_through``): a host that comes back from behind it
(stale, restored from a backup, never recorded) reads the marker and rebuilds, so
pruning can cost a host a rebuild but never a change.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from navigator.directory.changes import prune_through
from navigator.directory.models import DirectoryChange
from navigator.directory.models.base import utcnow
from navigator.directory.models.change import REBUILD
from .follower import newest_change
from .index import IndexNotReady, SearchIndex
from .models import SearchReplica

log = logging.getLogger(__name__)

#: Seconds between a host's records when its index did not change.
HEARTBEAT = 30.0
#: Seconds between prunings by a host's follower.
PRUNE_EVERY = 3600.0


def replica_name(config) -> str:
    """``NAVIGATOR_REPLICA_NAME``, else the machine's name and the index folder."""
    name = config.get("NAVIGATOR_REPLICA_NAME") or (
        f"{socket.gethostname()}:{Path(config['NAVIGATOR_INDEX_DIR']).resolve()}")
    return name[:255]


def observe(index: SearchIndex, session: Session, now: datetime) -> dict[str, Any]:
    """This host's index as it is now, beside the database's log (not written)."""
    try:
        applied, generation, documents = index.contents()
        ready = True
    except IndexNotReady:
        applied, generation, documents, ready = None, None, 0, False
    change = applied.change if applied else 0
    behind, oldest = session.execute(
        select(func.count(), func.min(DirectoryChange.changed_at))
        .where(DirectoryChange.id > change)).one()
    return {
        "applied_change": change,
        "applied_at": datetime.fromtimestamp(applied.at, now.tzinfo) if (
            applied and applied.at) else None,
        "newest_change": newest_change(session).change,
        "behind": behind,
        "lag_seconds": max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
        "generation": generation, "documents": documents, "ready": ready,
    }


def record(engine: Engine, name: str, index: SearchIndex) -> dict[str, Any]:
    """Write this host's row (insert or update); return what was written."""
    now = utcnow()
    with Session(engine) as session:
        found = observe(index, session, now)
        values = {key: value for key, value in found.items() if key != "newest_change"}
        values.update(name=name, seen_at=now)
        insert = (postgresql_insert if engine.dialect.name == "postgresql"
                  else sqlite_insert)(SearchReplica).values(**values)
        session.execute(insert.on_conflict_do_update(
            index_elements=[SearchReplica.name],
            set_={key: value for key, value in values.items() if key != "name"}))
        session.commit()
    return found


def replicas(session: Session) -> list[SearchReplica]:
    return list(session.scalars(select(SearchReplica).order_by(SearchReplica.name)))


def prune(session: Session, keep: timedelta, stale_after: timedelta,
          now: datetime | None = None) -> int:
    """Remove the change log's rows no live host needs, older than ``keep`` (see the
    module's docstring); commit and return how many went."""
    now = now or utcnow()
    live = set(session.scalars(select(SearchReplica.applied_change).where(
        SearchReplica.seen_at >= now - stale_after, SearchReplica.ready.is_(True))))
    if not live:
        return 0  # nobody is known to be past anything
    needed = []
    for applied in live:
        first_rebuild = session.scalar(select(func.min(DirectoryChange.id)).where(
            DirectoryChange.id > applied, DirectoryChange.kind == REBUILD))
        needed.append(first_rebuild if first_rebuild is not None else applied)
    through = session.scalar(select(func.max(DirectoryChange.id)).where(
        DirectoryChange.id <= min(needed), DirectoryChange.changed_at < now - keep))
    if through is None:
        return 0
    deleted = prune_through(session, through)
    session.commit()
    if deleted:
        log.info("change log pruned: %d row(s) before change %d", deleted, through)
    return deleted


def stale_after(config) -> timedelta:
    return timedelta(hours=config.get("NAVIGATOR_REPLICA_STALE_HOURS", 168))


def prune_now(engine: Engine, config) -> int:
    """``prune`` with the app's settings."""
    keep = timedelta(hours=config.get("NAVIGATOR_CHANGE_LOG_KEEP_HOURS", 24))
    with Session(engine) as session:
        return prune(session, keep, stale_after(config))


class Heartbeat:
    """When this process records its host's row: at once when the index changed, else
    every ``HEARTBEAT`` seconds at most. A failure is logged, never raised."""

    def __init__(self, name: str, index: SearchIndex, engine: Callable[[], Engine]):
        self.name = name
        self.index = index
        self.engine = engine
        self._last = float("-inf")
        self._lock = threading.Lock()

    def beat(self, changed: bool = False) -> None:
        now = time.monotonic()
        if not changed and now - self._last < HEARTBEAT:
            return
        if not self._lock.acquire(blocking=False):
            return  # another thread of this process is writing it
        try:
            record(self.engine(), self.name, self.index)
            self._last = now
        except Exception as error:  # noqa: BLE001 - the follower goes on without it
            log.warning("could not record this host's search replica (%s)",
                        type(error).__name__)
        finally:
            self._lock.release()
