"""The Whoosh index on disk: opening, one searcher per process, writing, building.

The live index is a generation of the host's index folder (``store.IndexFolder``);
only the follower writes it (``follower``), holding the folder's writer lock. Each
commit of the index stores, in one marker document, the change of the directory's
change log it has applied up to (``Applied``): its id and time are the index's
version, the same on every host that has applied the same changes. A missing or
unreadable index is never built here, by a search: it raises ``IndexNotReady``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import writing
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError

from . import segments
from .documents import MEANING
from .geo import geohash
from .merging import merge_when_many
from .schema import build_schema
from .snapshot import Applied, IndexNotReady, IndexUnavailable, Snapshot
from .store import IndexFolder
from .vector_store import VectorStore

log = logging.getLogger(__name__)

__all__ = ["APPLIED_DOC", "LOCK_TIMEOUT", "Applied", "IndexNotReady", "IndexUnavailable",
           "SearchIndex", "Snapshot", "VOCABULARY_DOC"]

LOCK_TIMEOUT = 60.0
VOCABULARY_DOC = "_vocabulary"
#: The marker document holding the change the index has applied up to.
APPLIED_DOC = "_applied"
REBUILD_BATCH = 2000
#: Memory for postings per writing process before Whoosh sorts them through temporary
#: files (spilling cost a fifth of a rebuild at 64).
LIMIT_MB = 256


class SearchIndex:
    """The live index of this host's folder, shared by every thread of this process."""

    def __init__(self, path: Path, documents: Callable[..., list[dict]],
                 spatial_order: Callable[..., list[str]], vectors: VectorStore | None = None):
        self.path = Path(path)
        self.folder = IndexFolder(self.path)
        #: Where listing texts are embedded for the semantic stage (None: no stage).
        self.vectors = vectors
        #: Listing texts the last build left without a vector (see ``build``), and
        #: the documents it wrote.
        self.unembedded = self.built = 0
        #: ``documents(service_ids, session=None)``: the documents of these services.
        self.documents = documents
        #: ``spatial_order(session=None)``: every searchable service id, nearby services
        #: together (see ``build``).
        self.spatial_order = spatial_order
        self._lock = threading.Lock()
        #: Held by every search of this process (see ``navigator.search.search``).
        self.reading = threading.RLock()
        self._snapshot: Snapshot | None = None
        #: ``one_process`` set (``one_process_builds``): this thread's builds write alone.
        self._thread = threading.local()
        self._segments: dict[str, segments.Part] = {}

    # -- opening -------------------------------------------------------------------

    @staticmethod
    def _storage(folder: Path) -> FileStorage:
        # Not memory-mapped: a searcher opens ~7x faster, and files damaged under an
        # open searcher raise instead of silently matching nothing, as they did mapped.
        # Reading field lengths this way costs ~12% of a search.
        return FileStorage(str(folder), supports_mmap=False)

    def exists(self) -> bool:
        try:
            self._open()
            return True
        except IndexNotReady:
            return False

    def _open(self, folder: Path | None = None) -> FileIndex:
        """The index in ``folder`` (default: the live generation); IndexNotReady when
        there is none or it cannot be read."""
        folder = folder or self.folder.live()
        if folder is None:
            raise IndexNotReady(f"no search index at {self.path}")
        try:
            index = self._storage(folder).open_index()
            index.doc_count()  # reads the table of contents: fails on corruption
            return index
        except Exception as error:  # a damaged index can raise almost anything
            log.warning("search index at %s unreadable: %s", folder, error)
            raise IndexNotReady(f"the search index at {folder} is unreadable") from error

    def snapshot(self) -> Snapshot:
        """The current searcher, opened again when the follower changed the index (a
        new commit, or a new generation swapped in)."""
        with self._lock:
            snapshot = self._snapshot
            live = self.folder.live()
            if live is None:
                raise IndexNotReady(f"no search index at {self.path}")
            # Not searcher.refresh(): whoosh-reloaded 2.7.5 reuses the old readers,
            # keeping merged-away segments and stale deletions (a deleted or changed
            # listing would still be found, twice).
            if (snapshot is None or snapshot.folder != live
                    or not snapshot.searcher.up_to_date()):
                snapshot = self._load(self._open(live).searcher(), live)
            self._snapshot = snapshot
            return snapshot

    def _load(self, searcher, folder: Path) -> Snapshot:
        """Map (or read) each segment's columns and stored data; segments already
        opened are reused."""
        parts, live, self._segments = segments.read_parts(searcher.reader(), folder,
                                                          self._segments)
        return Snapshot(searcher, parts, live, _applied_of(searcher), folder)

    def stamp(self) -> Applied:
        """The change the open index has applied up to."""
        return self.snapshot().applied

    def applied(self, folder: Path | None = None) -> Applied:
        """What the index in ``folder`` (default: the live one) has applied, read
        afresh from its last commit (IndexNotReady when there is none)."""
        with self._open(folder).searcher() as searcher:
            return _applied_of(searcher)

    def contents(self) -> tuple[Applied, str, int]:
        """What the live index has applied, its generation's name and its listings, read
        afresh from its last commit without loading its stored data (IndexNotReady)."""
        with self._lock:
            folder = self.folder.live()
        with self._open(folder).searcher() as searcher:
            markers = sum(searcher.document_number(doc_id=key) is not None
                          for key in (APPLIED_DOC, VOCABULARY_DOC))
            return _applied_of(searcher), folder.name, searcher.doc_count() - markers

    def close(self) -> None:
        with self._lock:
            if self._snapshot is not None:
                self._snapshot.searcher.close()
            self._snapshot = None
            self._segments = {}

    # -- writing (the follower, holding the folder's writer lock) ---------------------

    @contextlib.contextmanager
    def one_process_builds(self) -> Iterator[None]:
        """Builds in this thread meanwhile use one writer in this process. A build's
        sub-writers are forked, each counting a copy of the parent's memory: after a
        big import in the same process that tripled it (1.9 GB for 50,000 services)."""
        self._thread.one_process = True
        try:
            yield
        finally:
            self._thread.one_process = False

    def build(self, folder: Path, order: list[str], applied: Applied,
              documents: Callable[[list[str]], list[dict]],
              embed_limit: int | None = None) -> int:
        """Index ``order`` (every searchable service id) from scratch into the empty
        ``folder``, read through ``documents``; return the document count.

        Texts without a vector are embedded on the way (``embed_limit``: only when
        there are no more than that many, else none): after a big import the index is
        searchable by words at once, and ``flask search reindex`` embeds them all. Never
        a share of them: listings with a vector gain from the semantic stage, and the
        few that happened to be embedded first would outrank the rest. How many were
        left is kept in ``unembedded``.

        Listings are read and written in batches, in geohash (Z-order) order of their
        place, so nearby listings get nearby document numbers (fast radius searches)
        and a big directory never sits in memory whole.
        """
        index = self._storage(folder).create_index(build_schema())
        procs = 2 if len(order) > 5000 and (os.cpu_count() or 1) > 1 and not getattr(
            self._thread, "one_process", False) else 1
        writer = self._writer(index, procs=procs, multisegment=procs > 1, limitmb=LIMIT_MB)
        count, vocabulary, meanings, embedded = 0, set(), {}, 0
        known = self._known_vectors()
        if embed_limit is not None and known is not None and (
                len(order) - len(known) > embed_limit):
            embed_limit = 0  # more than the limit lack a vector (each listing has a text)
        try:
            for start in range(0, len(order), REBUILD_BATCH):
                batch = sorted(documents(order[start:start + REBUILD_BATCH]),
                               key=_spatial_key)
                texts = _meanings(batch)
                for document in batch:
                    writer.add_document(**document)
                    vocabulary.update(re.findall(r"\w+", document["body"].lower()))
                count += len(batch)
                todo = texts
                if embed_limit is not None and known is not None:
                    pending = [k for k in texts if bytes.fromhex(k) not in known]
                    todo = {k: texts[k] for k in pending[:max(0, embed_limit - embedded)]}
                embedded += self._embed(todo, known)
                meanings.update(texts)
            writer.add_document(**_vocabulary_document(vocabulary))
            writer.add_document(**_applied_document(applied))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=writing.CLEAR)
        segments.write_missing(folder, index)
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
        log.info("search index built: %d documents", count)
        self.built = count
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

    def apply(self, service_ids: Iterable[str], applied: Applied,
              folder: Path | None = None) -> None:
        """Re-index these services (deleted, made inactive or changed; none: only the
        marker moves) and mark ``applied``, in one commit of the index in ``folder``
        (default: the live one)."""
        ids = sorted(set(service_ids))
        folder = folder or self.folder.live()
        index = self._open(folder)
        old = segments.segment_ids(index)
        writer = self._writer(index)
        try:
            for service_id in ids:
                writer.delete_by_term("service_id", service_id)
            if ids:
                documents = self.documents(ids)
                meanings = _meanings(documents)
                for document in documents:
                    writer.add_document(**document)
                self._embed(meanings, self._known_vectors())
            writer.update_document(**_applied_document(applied))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_when_many)
        segments.write_missing(folder, index, old)

    def _writer(self, index: FileIndex, **options):
        try:
            return index.writer(timeout=LOCK_TIMEOUT, delay=0.05, **options)
        except LockError as error:
            raise IndexUnavailable(
                f"the search index at {self.path} stayed locked for {LOCK_TIMEOUT:.0f} s"
            ) from error


def _applied_document(applied: Applied) -> dict:
    """The marker of what the index has applied: no stored data, never a result."""
    return {"doc_id": APPLIED_DOC, "data": None,
            "applied": {"change": int(applied.change), "at": float(applied.at)}}


def _applied_of(searcher) -> Applied:
    found = searcher.document(doc_id=APPLIED_DOC)
    if not found or not found.get("applied"):
        return Applied(0, 0.0)
    return Applied(int(found["applied"]["change"]), float(found["applied"]["at"]))


def _meanings(documents: list[dict]) -> dict[str, str]:
    """Take each document's text for the semantic stage out of it: text key -> text."""
    return {document["data"]["text_key"]: document.pop(MEANING) for document in documents}


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
