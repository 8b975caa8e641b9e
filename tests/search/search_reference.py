"""Whoosh's own scoring, stepped match by match: the reference the engine's array scoring
(``navigator.search.vectors``) is held to."""

from __future__ import annotations

import numpy as np

from navigator.search.engine import _matches


def whoosh_matches(snapshot, query, allowed=None):
    """Every live match of ``query`` scored by stepping Whoosh's own raw matchers (no
    collector, no pruning), written independently of the engine's array scoring:
    (document numbers, scores), by document number."""
    found = []
    context = snapshot.searcher.context()
    for sub, offset in snapshot.searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        while matcher.is_active():
            docnum = offset + matcher.id()
            if snapshot.data[docnum] is not None and (allowed is None or allowed[docnum]):
                found.append((docnum, matcher.score()))
            matcher.next()
    found.sort()
    return np.array([d for d, _ in found], dtype=np.int64), np.array([s for _, s in found])


def assert_scored_as_whoosh(snapshot, query) -> int:
    """The engine's array scoring of ``query`` gives Whoosh's matches and scores."""
    expected_docs, expected_scores = whoosh_matches(snapshot, query)
    docs, scores = _matches(snapshot, query, None)
    assert docs.tolist() == expected_docs.tolist(), query
    np.testing.assert_allclose(scores, expected_scores, rtol=1e-12, err_msg=str(query))
    return len(docs)
