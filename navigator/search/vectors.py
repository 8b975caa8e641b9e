"""The index as NumPy arrays: text scoring, filters, ranking and facets over whole columns.

Whoosh keeps the index (analysis, postings, writes, locking); scoring with its matchers
costs a pure-Python step per posting, which made broad searches over tens of thousands
of listings take hundreds of milliseconds. Here a term's postings are read from Whoosh
once per index snapshot, block by block, into arrays, and scored with the same BM25F
formula, statistics and query tree, so every match of every query is scored (an
exhaustive search, never a pruned top N) in a few vectorized operations. No library
scores a Whoosh query tree over arrays; this module is that bridge.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import query as q
from whoosh.codec import whoosh3
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from .geo import EARTH_RADIUS_KM

#: Postings kept in memory per snapshot (ids and scores: 16 bytes each), least
#: recently used terms dropped first.
POSTINGS_CACHE_ENTRIES = 6_000_000

_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


# -- text scoring ---------------------------------------------------------------------

@dataclass
class Scored:
    """Scores and per-document counts of matching terms of one query node (dense)."""

    score: np.ndarray  # float64, one per document
    count: np.ndarray  # int32: how many of the node's terms each document holds
    terms: np.ndarray  # per segment: how many of the node's terms the segment holds

    @property
    def matched(self) -> np.ndarray:
        return self.count > 0


@dataclass
class Postings:
    ids: np.ndarray  # document numbers
    scores: np.ndarray  # the term's BM25F score in each
    segments: np.ndarray  # bool per segment: the segment holds the term


class Terms:
    """Which (field, word) terms the index holds, each looked up on disk once per snapshot
    (a search asks about dozens: its words in every field, the codes of its synonyms)."""

    def __init__(self, reader):
        self.reader = reader
        self._known: dict[tuple[str, str | bytes], bool] = {}

    def __contains__(self, term: tuple[str, str | bytes]) -> bool:
        found = self._known.get(term)
        if found is None:
            if len(self._known) > 500_000:
                self._known.clear()
            found = self._known[term] = term in self.reader
        return found


class TextScorer:
    """Scores Whoosh queries (Term, Or with boost and coordination, And, AndMaybe) exactly as
    Whoosh's matchers would, over every document at once."""

    def __init__(self, searcher, size: int):
        self.searcher = searcher
        self.size = size
        weighting = searcher.weighting
        if not isinstance(weighting, BM25F):
            raise TypeError(f"text scoring needs BM25F weighting, not {weighting!r}")
        self.weighting = weighting
        self.leaves = list(searcher.leaf_searchers())
        self.terms = Terms(searcher.reader())
        #: Each document's segment (Whoosh scores some things segment by segment).
        self.segment_of = np.repeat(np.arange(len(self.leaves)),
                                    [leaf.doc_count_all() for leaf, _ in self.leaves])
        self._postings: OrderedDict[tuple[str, bytes], Postings] = OrderedDict()
        self._cached = 0
        self._lengths: dict[str, np.ndarray] = {}

    def score(self, query: q.Query) -> Scored | None:
        if isinstance(query, q.Term):
            return self._term_node(query)
        if isinstance(query, q.AndMaybe):
            return self._and_maybe(query)
        if isinstance(query, q.And):
            return self._and(query)
        if isinstance(query, q.Or):
            return self._or(query)
        raise TypeError(f"no vector scoring for {type(query).__name__}")

    def _term_node(self, query: q.Term) -> Scored | None:
        found = self.postings(query.fieldname, query.text)
        if found is None:
            return None
        score = np.zeros(self.size)
        count = np.zeros(self.size, dtype=np.int32)
        score[found.ids] = found.scores * query.boost if query.boost != 1.0 else found.scores
        count[found.ids] = 1
        return Scored(score, count, found.segments.astype(np.int64))

    def _or(self, query: q.Or) -> Scored | None:
        subs = query.subqueries
        if not subs:
            return None
        if len(subs) == 1:
            # Whoosh's rule for a compound of one clause: the clause alone (its boost
            # and coordination are dropped), as its matcher does.
            return self.score(subs[0])
        score = np.zeros(self.size)
        count = np.zeros(self.size, dtype=np.int32)
        terms = np.zeros(len(self.leaves), dtype=np.int64)
        for sub in subs:
            if isinstance(sub, q.Term):  # the common case, added in place
                found = self.postings(sub.fieldname, sub.text)
                if found is None:
                    continue
                ids = found.ids
                score[ids] += found.scores * sub.boost if sub.boost != 1.0 else found.scores
                count[ids] += 1
                terms += found.segments
                continue
            part = self.score(sub)
            if part is None:
                continue
            score += part.score
            count += part.count
            terms += part.terms
        if not terms.any():
            return None
        if query.boost != 1.0:
            score *= query.boost
        if query.scale:
            # Whoosh's coordination ("SQR") over the node's matching terms. Whoosh
            # counts the node's terms segment by segment (those the segment holds), so
            # a listing's score can depend on its segment until the next rebuild:
            # reproduced, so that the scores are Whoosh's own.
            scale = query.scale
            held = terms[self.segment_of]
            with np.errstate(divide="ignore", invalid="ignore"):
                score = (score + ((count - 1) / (held - scale) ** 2)) * ((held - 1) / held)
            score[count == 0] = 0.0
        return Scored(score, count, terms)

    def _and(self, query: q.And) -> Scored | None:
        """Documents matching every clause, scored as the sum of the clauses (times the
        node's boost), as Whoosh's intersection matcher scores them."""
        subs = query.subqueries
        if len(subs) == 1:
            return self.score(subs[0])
        parts = [self.score(sub) for sub in subs]
        if not parts or any(part is None for part in parts):
            return None
        matched = np.logical_and.reduce([part.matched for part in parts])
        score = np.where(matched, sum(part.score for part in parts), 0.0)
        if query.boost != 1.0:
            score *= query.boost
        count = np.where(matched, sum(part.count for part in parts), 0)
        return Scored(score, count.astype(np.int32), sum(part.terms for part in parts))

    def _and_maybe(self, query: q.AndMaybe) -> Scored | None:
        required = self.score(query.a)
        if required is None:
            return None
        optional = self.score(query.b)
        if optional is None:
            return required
        both = required.matched & optional.matched
        score = required.score + np.where(both, optional.score, 0.0)
        count = required.count + np.where(both, optional.count, 0)
        return Scored(score, count, required.terms + optional.terms)

    # -- postings ------------------------------------------------------------------

    def postings(self, fieldname: str, text: str) -> Postings | None:
        """A term's documents and BM25F scores, or None when it is not indexed."""
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None:
            return None
        btext = field.to_bytes(text)
        key = (fieldname, btext)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        if key not in self.terms:
            return None
        ids, weights = [], []
        segments = np.zeros(len(self.leaves), dtype=bool)
        for number, (leaf, offset) in enumerate(self.leaves):
            if (fieldname, btext) not in leaf.reader():
                continue
            leaf_ids, leaf_weights = read_postings(leaf.reader(), fieldname, btext)
            ids.append(leaf_ids + offset)
            weights.append(leaf_weights)
            segments[number] = True
        all_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        tf = np.concatenate(weights) if weights else np.zeros(0)
        if field.scorable:
            weighting = self.weighting
            B = weighting._field_B.get(fieldname, weighting.B)
            K1 = weighting.K1
            idf = self.searcher.idf(fieldname, btext)
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            fl = self.field_lengths(fieldname)[all_ids]
            # whoosh.scoring.bm25, term for term (the same operations in the same order).
            scores = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
        else:
            scores = tf  # Whoosh scores unscorable fields by the posting's weight
        found = Postings(all_ids, scores, segments)
        self._postings[key] = found
        self._cached += len(all_ids)
        while self._cached > POSTINGS_CACHE_ENTRIES and len(self._postings) > 1:
            _, old = self._postings.popitem(last=False)
            self._cached -= len(old.ids)
        return found

    def field_lengths(self, fieldname: str) -> np.ndarray:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = np.concatenate([read_field_lengths(leaf.reader(), fieldname)
                                      for leaf, _ in self.leaves])
            self._lengths[fieldname] = lengths
        return lengths


def read_postings(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """A term's (document numbers, weights) in one segment.

    Whole blocks are decoded at once when the matcher is the W3 codec's (its ids are
    delta-coded per block); any other matcher is stepped posting by posting.
    """
    matcher = reader.postings(fieldname, btext)
    ids, weights = [], []
    if isinstance(matcher, whoosh3.W3LeafMatcher) and not matcher._byteids:
        while matcher.is_active():
            matcher._read_data()
            raw_ids, raw_weights = matcher._data[0], matcher._data[1]
            block_ids = np.cumsum(np.asarray(raw_ids, dtype=np.int64))
            if raw_weights is None:
                block_weights = np.ones(len(block_ids))
            elif isinstance(raw_weights, float):
                block_weights = np.full(len(block_ids), raw_weights)
            else:
                # float32 on disk, as Whoosh hands them out
                block_weights = np.asarray(raw_weights, dtype=np.float32).astype(np.float64)
            ids.append(block_ids)
            weights.append(block_weights)
            matcher._next_block()
    else:
        plain_ids, plain_weights = [], []
        while matcher.is_active():
            plain_ids.append(matcher.id())
            plain_weights.append(matcher.weight())
            matcher.next()
        ids.append(np.array(plain_ids, dtype=np.int64))
        weights.append(np.array(plain_weights, dtype=np.float64))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(ids), np.concatenate(weights)


def read_field_lengths(reader, fieldname: str) -> np.ndarray:
    """Every document's length in a field, in one segment (as Whoosh decodes it)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    if isinstance(perdoc, whoosh3.W3PerDocReader):
        column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        if column is None:
            return np.zeros(count)
        stored = np.frombuffer(column._dbfile.get(column._basepos, column._count),
                               dtype=np.uint8)
        codes = np.zeros(count, dtype=np.uint8)
        codes[:len(stored)] = stored[:count]
        return _LENGTHS[codes]
    return np.array([reader.doc_field_length(n, fieldname, 0) or 0 for n in range(count)],
                    dtype=np.float64)


def distances_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """``geo.haversine_km`` from one point to many, as one array operation."""
    p1, p2 = math.radians(lat), np.radians(lats)
    a = (np.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))
