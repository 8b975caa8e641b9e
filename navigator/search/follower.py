"""The index follower: one per host, it applies the directory's change log
(``directory_change``, written with every change: ``navigator.directory.changes``) to
this host's index, and builds the index when it is missing or a change asks for it.

Each step reads the changes after the index's own watermark (the change it has
applied up to, stored in the index's commit: ``index.Applied``), re-indexes the
services they name from the current rows (so applying a change twice is harmless) and
commits the index with the newest change as its new watermark. Change ids are taken in
commit order (see ``navigator.directory.changes``), so a change committing late always
gets an id above every change already visible: the watermark never passes a change
that is still to come.

A full rebuild writes a new generation beside the live one from one consistent
snapshot of the database (REPEATABLE READ on PostgreSQL; a read transaction on SQLite,
whose WAL lets writers go on), taking the snapshot's newest change as its watermark,
then replays the changes committed since and swaps it in (``store.IndexFolder``):
searches answer from the old generation meanwhile and no edit made during the build
is lost. Only one process of a host writes at a time (the folder's writer lock).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from typing import Any, Callable, ContextManager, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from navigator.directory.models import DirectoryChange
from navigator.directory.models.change import REBUILD
from .index import Applied, IndexNotReady, SearchIndex

log = logging.getLogger(__name__)

#: Changes read (and applied in one commit of the index) at a time.
BATCH = 500
#: Builds tried when imports keep arriving during a rebuild before the newest build is
#: swapped in anyway (the next step rebuilds again for the import it missed).
BUILD_ATTEMPTS = 3
#: Seconds before each new try of a failed inline step (then ``flask search follow``,
#: or the next commit, is left to apply it).
RETRY_DELAYS = (1, 2, 4, 8, 16, 32, 60, 60, 60)


def follows_inline(config) -> bool:
    """``NAVIGATOR_SEARCH_FOLLOW``: "inline" (each commit updates the index of the
    process's host, as one host with SQLite needs) or "follower" (only ``flask search
    follow`` does); by default inline, but a follower in production on PostgreSQL."""
    setting = config.get("NAVIGATOR_SEARCH_FOLLOW")
    if setting in ("inline", "follower"):
        return setting == "inline"
    postgres = str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql")
    return not (postgres and config.get("NAVIGATOR_ENV") == "production")


def newest_change(session: Session) -> Applied:
    """The newest change in the database's log (``Applied(0, 0.0)`` when it is empty)."""
    row = session.execute(select(DirectoryChange.id, DirectoryChange.changed_at)
                          .order_by(DirectoryChange.id.desc()).limit(1)).first()
    return Applied(row[0], row[1].timestamp()) if row else Applied(0, 0.0)


def changes_after(session: Session, change_id: int, limit: int = BATCH) -> list[Any]:
    return session.execute(
        select(DirectoryChange.id, DirectoryChange.kind, DirectoryChange.service_ids,
               DirectoryChange.changed_at)
        .where(DirectoryChange.id > change_id).order_by(DirectoryChange.id).limit(limit)).all()


@contextlib.contextmanager
def snapshot_session(engine: Engine) -> Iterator[Session]:
    """A session whose reads all see one moment of the database."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            connection.begin()
        elif engine.dialect.name == "sqlite":
            # pysqlite begins no transaction for reads: begin one, whose first read
            # fixes its snapshot (WAL: writers are not held up by it).
            connection.exec_driver_sql("BEGIN")
        with Session(bind=connection) as session:
            yield session
        connection.rollback()


class _RebuildNeeded(Exception):
    """The changes to replay include a rebuild."""


class RebuildLeft(Exception):
    """The log asks for a rebuild that this step was told to leave to the host's
    follower (``step(rebuild=False)``): nothing was applied."""


class Follower:
    def __init__(self, index: SearchIndex, engine: Callable[[], Engine],
                 log_embed_limit: Callable[[], int | None] = lambda: None):
        self.index = index
        self.engine = engine
        #: ``build``'s embed_limit for rebuilds the log asks for (an import).
        self.log_embed_limit = log_embed_limit
        self._retrying = threading.Lock()

    def step(self, build_missing: bool = True, timeout: float | None = None,
             rebuild: bool = True) -> int:
        """Apply what the log holds beyond the index's watermark; build the index when
        there is none (``build_missing``). Returns the number of changes applied (a
        build counts as one). A failure raises, leaving the watermark where it was: the
        next step tries the same changes again. Without ``rebuild``, a rebuild the log
        asks for raises ``RebuildLeft`` instead of being done."""
        with self.index.folder.writing(timeout):
            try:
                applied = self.index.applied()
            except IndexNotReady:
                if not build_missing:
                    return 0
                log.warning("no readable search index at %s: building it", self.index.path)
                self._rebuild(self.log_embed_limit())
                return 1
            try:
                return self._catch_up(applied)
            except _RebuildNeeded:
                if not rebuild:
                    raise RebuildLeft() from None
                self._rebuild(self.log_embed_limit())
                return 1

    def retry_later(self, context: Callable[[], ContextManager], timeout: float) -> None:
        """Try a failed (inline) step again in the background, after 1, 2, 4... seconds,
        inside ``context()`` (the app's context), until one succeeds; one such thread
        at a time."""
        if not self._retrying.acquire(blocking=False):
            return

        def run() -> None:
            try:
                for delay in RETRY_DELAYS:
                    threading.Event().wait(delay)
                    try:
                        with context():
                            self.step(build_missing=False, timeout=timeout)
                        log.info("search index update applied on a new try")
                        return
                    except Exception:
                        log.exception("search index update failed again")
                log.error("search index update still failing: run `flask search follow`")
            finally:
                self._retrying.release()

        threading.Thread(target=run, name="search-index-retry", daemon=True).start()

    def health(self) -> dict[str, Any]:
        """Whether this host can answer searches: its index's change and the database's
        newest change (a missing or unreadable index, or no database: not ready). The
        caller holds the index's reading lock."""
        found: dict[str, Any] = {"ready": False, "index_change": None,
                                 "database_change": None, "lag": None}
        try:
            found["index_change"] = self.index.stamp().change
        except IndexNotReady:
            pass
        try:
            with Session(self.engine()) as session:
                found["database_change"] = newest_change(session).change
        except Exception:  # noqa: BLE001 - the database being down is "not ready"
            log.warning("health check: the database did not answer")
            return found
        if found["index_change"] is not None:
            found["ready"] = True
            found["lag"] = max(0, found["database_change"] - found["index_change"])
        return found

    def rebuild(self, embed_limit: int | None = None, timeout: float | None = None) -> int:
        """Build a new generation of the index and swap it in; return its documents."""
        with self.index.folder.writing(timeout):
            return self._rebuild(embed_limit)

    def _catch_up(self, applied: Applied, folder=None) -> int:
        total = 0
        while True:
            with Session(self.engine()) as session:
                rows = changes_after(session, applied.change)
            if not rows:
                return total
            if any(row.kind == REBUILD for row in rows):
                raise _RebuildNeeded()
            ids = {i for row in rows if row.service_ids for i in json.loads(row.service_ids)}
            last = rows[-1]
            applied = Applied(last.id, last.changed_at.timestamp())
            self.index.apply(ids, applied, folder)
            total += len(rows)

    def _rebuild(self, embed_limit: int | None) -> int:
        store = self.index.folder
        for attempt in range(1, BUILD_ATTEMPTS + 1):
            folder = store.new_generation()
            try:
                with snapshot_session(self.engine()) as session:
                    start = newest_change(session)  # first read: the snapshot's own
                    order = self.index.spatial_order(session)
                    count = self.index.build(
                        folder, order, start,
                        lambda ids: self.index.documents(ids, session), embed_limit)
                try:
                    self._catch_up(start, folder)  # what was committed meanwhile
                except _RebuildNeeded:
                    if attempt < BUILD_ATTEMPTS:
                        store.discard(folder)
                        continue
                    log.warning("imports kept coming during the rebuild; swapping in the "
                                "last build, the next step rebuilds again")
                store.swap(folder)
                return count
            except BaseException:
                store.discard(folder)
                raise
        raise AssertionError("unreachable")
