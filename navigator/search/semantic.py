"""The semantic stage: listings whose meaning is near the person's words, as a second
source of candidates beside the words (fused in ``ranking.fuse``).

Dense neighbours always exist, even for a need nothing in the directory meets, and
their similarity does not tell the two apart; so this stage only adds candidates to
a search the words or the concept lexicon already understood (``engine._ranked``),
and "nothing fits" is decided from those signals, never from the dense score.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from .embedding import Embedder, make_embedder
from .index import Snapshot
from .vector_store import VectorStore

log = logging.getLogger(__name__)

#: At most this many nearest listings are added as candidates to a search.
CANDIDATES = 30
#: A candidate is at most this far in similarity below the nearest listing.
MARGIN = 0.15
#: Searches' vectors kept per process (people repeat category words all day).
QUERY_CACHE = 1024


class Semantic:
    """One embedder and the vectors of one index."""

    def __init__(self, embedder: Embedder, store: VectorStore):
        self.embedder = embedder
        self.store = store
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def query_vector(self, text: str) -> np.ndarray:
        text = " ".join(text.split()).lower()
        with self._lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return vector
        vector = self.embedder.embed([text], query=True)[0]
        with self._lock:
            self._queries[text] = vector
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return vector

    def nearest(self, snapshot: Snapshot, text: str, pool: np.ndarray,
                limit: int = CANDIDATES) -> tuple[np.ndarray, np.ndarray]:
        """(documents, closeness) of up to ``limit`` documents of ``pool`` nearest in
        meaning to ``text``, nearest first.

        Candidates are at least the embedder's ``floor`` similar to the words (below
        it a model's neighbours are unrelated) and within ``MARGIN`` of the nearest;
        closeness runs from 1 (the nearest) to 0 (``MARGIN`` below it). Documents
        without a vector are skipped.
        """
        table, rows = snapshot.dense(self.store)
        if not len(pool) or not table.chunks:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        pool = pool[rows[pool] >= 0]
        similarity = table.similarities(self.query_vector(text))[rows[pool]]
        if len(pool) > limit:
            top = np.argpartition(-similarity, limit - 1)[:limit]
            pool, similarity = pool[top], similarity[top]
        order = np.argsort(-similarity, kind="stable")
        pool, similarity = pool[order], similarity[order]
        if not len(pool):
            return pool, similarity
        edge = max(float(similarity[0]) - MARGIN, getattr(self.embedder, "floor", 0.0))
        keep = similarity >= edge
        return pool[keep], (similarity[keep] - (similarity[0] - MARGIN)) / MARGIN


@lru_cache(maxsize=None)
def _embedder(setting: str) -> Embedder | None:
    # One model per process, whatever the number of apps (tests make many): the
    # weights are read-only.
    return make_embedder(setting)


def make_semantic(setting: str | None, folder: Path) -> Semantic | None:
    """The semantic stage ``setting`` (``NAVIGATOR_EMBEDDER``) asks for, its vectors in
    ``folder``; None when it is off or its package is missing."""
    embedder = _embedder((setting or "").strip() or "use")
    if embedder is None:
        return None
    one_blas_thread()
    return Semantic(embedder, VectorStore(folder, embedder))


def one_blas_thread() -> None:
    """The process's BLAS (NumPy's OpenBLAS) on one thread, as every embedder is: each
    search's similarities with every listing are one matrix product, which OpenBLAS
    spread over a thread per core, and its second thread then spun waiting for more
    work. At 20,000 listings a web worker used two cores' time for one core's work: 33
    ms of CPU per uncached search page, 18 ms on one thread, and the same wall time
    (bench/http_bench.py). The limit holds for the process, set once through
    ``threadpoolctl``, which finds the BLAS library NumPy loaded."""
    threadpool_limits(limits=1, user_api="blas")
