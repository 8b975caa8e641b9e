"""The Whoosh index on disk: opening, one searcher per process, writing, rebuilding.

Several web workers may write at once: every write takes Whoosh's write lock (an
``flock``, released by the kernel if a process dies, so no worker is stuck on a
stale lock), waits for it up to ``LOCK_TIMEOUT`` seconds, and reads the database
*after* taking it, so the last writer always indexes the latest rows. A missing or
unreadable index is rebuilt from the database with a log line.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterable

import numpy as np
from whoosh import writing
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, FileIndex, LockError

from navigator.directory.hours import OpeningHours
from .documents import MEANING
from .geo import geohash
from .schema import build_schema
from .vector_store import VectorStore, VectorTable
from .vectors import Columns, TextScorer

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 60.0
VOCABULARY_DOC = "_vocabulary"
REBUILD_BATCH = 2000
#: Memory for postings per writing process before Whoosh sorts them through temporary
#: files (spilling cost a fifth of a rebuild at 64).
LIMIT_MB = 256


class IndexUnavailable(RuntimeError):
    """The index could not be opened or rebuilt."""


class Snapshot:
    """One searcher, the stored data of every live document by document number, and
    both as arrays (``vectors``) for searching.

    The stored data is read, never written: segments' data is shared by the snapshots
    that follow. What searches work out and keep (opening hours, "open now" by the
    minute) lives on the snapshot, changed only under the index's reading lock.
    """

    def __init__(self, searcher, data: list[dict | None]):
        self.searcher = searcher
        self.data = data
        self.columns = Columns(data)
        self.scorer = TextScorer(searcher, len(data))
        self._hours: dict[tuple[int, str], OpeningHours] = {}
        self._dense: tuple[VectorTable, np.ndarray] | None = None

    def dense(self, store: VectorStore) -> tuple[VectorTable, np.ndarray]:
        """The listing vectors and each document's row in them (-1: none), read once
        per snapshot (the caller holds the index's reading lock)."""
        if self._dense is None:
            table = store.table()
            self._dense = table, table.row_of(
                d.get("text_key") if d else None for d in self.data)
        return self._dense

    def opening_hours(self, doc: int, timezone_name: str) -> OpeningHours:
        """Document ``doc``'s opening hours, parsed once per snapshot for all documents
        with the same weekly hours (the caller holds the index's reading lock)."""
        key = (int(self.columns.hours_of[doc]), timezone_name)
        hours = self._hours.get(key)
        if hours is None:
            # Schedules are stored as dicts of the fields they have; the hours module
            # reads any missing field as None.
            hours = self._hours[key] = OpeningHours.from_schedules(
                [SimpleNamespace(**schedule) for schedule in self.data[doc]["hours"]],
                tz=timezone_name)
        return hours


class SearchIndex:
    """The index in one folder, shared by every thread of this process."""

    def __init__(self, path: Path, documents: Callable[[Iterable[str] | None], list[dict]],
                 spatial_order: Callable[[], list[str]], vectors: VectorStore | None = None):
        self.path = Path(path)
        #: Where listing texts are embedded for the semantic stage (None: no stage).
        self.vectors = vectors
        #: Listing texts the last rebuild left without a vector (see ``rebuild``).
        self.unembedded = 0
        self.documents = documents
        #: Every searchable service id, nearby services together (see ``rebuild``).
        self.spatial_order = spatial_order
        self._lock = threading.Lock()
        #: Held by every search of this process (see ``navigator.search.search``).
        self.reading = threading.RLock()
        self._snapshot: Snapshot | None = None
        self._segments: dict[str, list[dict | None]] = {}

    # -- opening -------------------------------------------------------------------

    def _storage(self) -> FileStorage:
        self.path.mkdir(parents=True, exist_ok=True)
        # Not memory-mapped: a searcher opens ~7x faster, and files damaged under an
        # open searcher raise (and are rebuilt) instead of silently matching nothing,
        # as they did mapped. Reading field lengths this way costs ~12% of a search.
        return FileStorage(str(self.path), supports_mmap=False)

    def exists(self) -> bool:
        return self.path.exists() and self._storage().index_exists()

    def _open(self) -> FileIndex:
        storage = self._storage()
        try:
            index = storage.open_index()
            index.doc_count()  # reads the table of contents: fails on corruption
            return index
        except EmptyIndexError:
            log.warning("search index missing at %s; building it from the database", self.path)
        except Exception:  # a damaged index can raise almost anything
            log.exception("search index at %s unreadable; rebuilding it from the database",
                          self.path)
        self.rebuild()
        return storage.open_index()

    def snapshot(self) -> Snapshot:
        """The current searcher, refreshed if another process changed the index."""
        with self._lock:
            snapshot = self._snapshot
            if snapshot is None:
                snapshot = self._load(self._open().searcher())
            elif not snapshot.searcher.up_to_date():
                try:
                    # Not searcher.refresh(): whoosh-reloaded 2.7.5 reuses the old readers,
                    # keeping merged-away segments and stale deletions (a deleted or
                    # changed listing would still be found, twice).
                    snapshot = self._load(self._open().searcher())
                except Exception:
                    log.exception("search index changed under us; reopening")
                    snapshot = self._load(self._open().searcher())
            self._snapshot = snapshot
            return snapshot

    def _load(self, searcher) -> Snapshot:
        """Read stored data per segment; segments already read are reused."""
        reader = searcher.reader()
        readers = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        data: list[dict | None] = []
        seen = {}
        for leaf, offset in readers:
            key = f"{leaf.segment().segment_id()}" if hasattr(leaf, "segment") else str(offset)
            rows = self._segments.get(key)
            if rows is None:
                rows = [leaf.stored_fields(n).get("data") for n in range(leaf.doc_count_all())]
            seen[key] = rows
            data.extend(None if leaf.is_deleted(n) else rows[n] for n in range(len(rows)))
        self._segments = seen
        return Snapshot(searcher, data)

    def stamp(self) -> tuple[int, float]:
        """The generation of the open index (every commit, by any process, makes a new
        one) and when that generation was written (seconds since the epoch)."""
        snapshot = self.snapshot()
        generation = snapshot.searcher.reader().generation()
        try:
            written = self._storage().file_modified(f"_MAIN_{generation}.toc")
        except OSError:
            written = 0.0
        return generation, written

    def close(self) -> None:
        with self._lock:
            if self._snapshot is not None:
                self._snapshot.searcher.close()
            self._snapshot = None
            self._segments = {}

    # -- writing -------------------------------------------------------------------

    def rebuild(self, embed_limit: int | None = None) -> int:
        """Index every searchable listing from scratch; return the document count.

        Texts without a vector are embedded on the way (``embed_limit``: only when
        there are no more than that many, else none): after a big import the index is
        searchable by words at once, and ``flask search reindex`` embeds them all. Never
        a share of them: listings with a vector gain from the semantic stage, and the
        few that happened to be embedded first would outrank the rest. How many were
        left is kept in ``unembedded``.

        Listings are read and written in batches, in geohash (Z-order) order of their
        place, so nearby listings get nearby document numbers (fast radius searches)
        and a big directory never sits in memory whole. Nothing replaces the old
        index until the final commit: a failure on the way leaves it as it was.
        """
        order = self.spatial_order()
        storage = self._storage()
        schema = build_schema()
        try:
            index = storage.open_index()
            if not _same_schema(index.schema, schema):
                raise ValueError("the index was built with another schema")
        except Exception:
            index = storage.create_index(schema)
        procs = 2 if len(order) > 5000 and (os.cpu_count() or 1) > 1 else 1
        writer = self._writer(index, procs=procs, multisegment=procs > 1, limitmb=LIMIT_MB)
        count, vocabulary, meanings, embedded = 0, set(), {}, 0
        known = self._known_vectors()
        if embed_limit is not None and known is not None and (
                len(order) - len(known) > embed_limit):
            embed_limit = 0  # more than the limit lack a vector (each listing has a text)
        try:
            for start in range(0, len(order), REBUILD_BATCH):
                documents = sorted(self.documents(order[start:start + REBUILD_BATCH]),
                                   key=_spatial_key)
                texts = _meanings(documents)
                for document in documents:
                    writer.add_document(**document)
                    vocabulary.update(re.findall(r"\w+", document["body"].lower()))
                count += len(documents)
                todo = texts
                if embed_limit is not None and known is not None:
                    pending = [k for k in texts if bytes.fromhex(k) not in known]
                    todo = {k: texts[k] for k in pending[:max(0, embed_limit - embedded)]}
                embedded += self._embed(todo, known)
                meanings.update(texts)
            writer.add_document(**_vocabulary_document(vocabulary))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=writing.CLEAR)
        if self.vectors is not None and known is not None:
            try:
                self.vectors.compact(meanings)
            except OSError:
                log.exception("could not compact the listing vectors at %s",
                              self.vectors.folder)
            missing = self.unembedded = sum(bytes.fromhex(k) not in known for k in meanings)
            if missing:
                log.warning("%d listing text(s) not embedded yet: they are found by words "
                            "only until `flask search reindex` embeds them", missing)
        log.info("search index rebuilt: %d documents", count)
        return count

    def _known_vectors(self) -> set[bytes] | None:
        """The texts already embedded, or None when there is no semantic stage or its
        folder cannot be read (search then works by words only)."""
        if self.vectors is None:
            return None
        try:
            return self.vectors.known()
        except OSError:
            log.exception("listing vectors at %s unreadable", self.vectors.folder)
            return None

    def _embed(self, meanings: dict[str, str], known: set[bytes] | None) -> int:
        """Embed the texts not embedded yet; return how many. A failure is logged and
        leaves those listings to be found by words only: it never stops the index
        being written."""
        if self.vectors is None or known is None or not meanings:
            return 0
        try:
            added = self.vectors.add(meanings, known)
        except Exception:
            log.exception("could not embed %d listing texts; they are found by words only",
                          len(meanings))
            return 0
        if added:
            log.info("embedded %d listing texts for the semantic stage", added)
        return added

    def update_services(self, service_ids: Iterable[str]) -> None:
        """Re-index these services (deleted, made inactive or changed)."""
        ids = sorted(set(service_ids))
        if not ids:
            return
        index = self._open()
        writer = self._writer(index)
        try:
            # Read the rows only once the lock is held: the last writer sees the last commit.
            for service_id in ids:
                writer.delete_by_term("service_id", service_id)
            documents = self.documents(ids)
            meanings = _meanings(documents)
            for document in documents:
                writer.add_document(**document)
            self._embed(meanings, self._known_vectors())
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def touch(self) -> None:
        """A new generation with the same documents (an empty commit): for a change of
        the directory that no document shows, so that ``stamp`` still changes."""
        writer = self._writer(self._open())
        writer.commit()

    def _writer(self, index: FileIndex, **options):
        try:
            return index.writer(timeout=LOCK_TIMEOUT, delay=0.05, **options)
        except LockError as error:
            raise IndexUnavailable(
                f"the search index at {self.path} stayed locked for {LOCK_TIMEOUT:.0f} s"
            ) from error


def _meanings(documents: list[dict]) -> dict[str, str]:
    """Take each document's text for the semantic stage out of it: text key -> text."""
    return {document["data"]["text_key"]: document.pop(MEANING) for document in documents}


def _same_schema(old, new) -> bool:
    """Same fields and the same analyzers (Whoosh's own equality ignores analyzers): an
    index from an older version is built afresh."""
    return old == new and all(
        getattr(old[name], "analyzer", None) == getattr(new[name], "analyzer", None)
        for name in new.names())


def _vocabulary_document(words: set[str]) -> dict:
    """One document holding every distinct word of the descriptions, for "did you mean".

    Each listing's own spelling field holds only its names and categories; the long
    tail of description words is indexed once here instead of once per listing (a
    third of the build). It has no stored data, so no search ever returns it.
    """
    return {"doc_id": VOCABULARY_DOC, "spell": " ".join(sorted(words)), "data": None}


def _spatial_key(document: dict) -> tuple:
    data = document["data"]
    if data.get("lat") is None or data.get("lon") is None:
        return (1, "", document["doc_id"])
    return (0, geohash(data["lat"], data["lon"], 8), document["doc_id"])
