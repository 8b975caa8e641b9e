"""Run a search: words and synonyms, then place, filters, ranking, facets and a page.

Every match is scored (an exhaustive search: Whoosh's pruned top-N collector returns a
different top 20 for some queries), then filtered, placed, ranked (text relevance
blended with distance, freshness and referral status) and counted as whole arrays
(``vectors``); only the page shown is turned back into listings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
from whoosh import query as q

from .analysis import words
from .areas import covering_areas
from .columns import Columns
from .geo import bounding_box, geodesic_km
from .index import Snapshot
from .query import SearchQuery
from .ranking import Matches, count_facets, rank
from .results import Results, make_hit
from .semantic import Semantic
from .synonyms import Expansion, Synonyms
from .text import (
    Corrections, build_query, field_terms, is_stopword, phrase_query, word_query,
)
from .vectors import distances_km

MAX_QUERY_WORDS = 24
#: The least distance (km) a listing placed at its ZIP code's centre is taken to be
#: from anyone. Such a point says only that the listing is somewhere in the ZIP area,
#: a few kilometres across in Durham: one in the searcher's own ZIP is typically a
#: kilometre or two away, not next door. Its "ZIP distance" is the distance to the
#: centre, never under this floor (the mean distance from the centre of a disc 4.5 km
#: across to a point in it: two thirds of the radius). Ranking, the radius filter and
#: the distance facet all use the ZIP distance.
ZIP_DISTANCE_FLOOR_KM = 1.5
#: With no phrase or concept understood, one of the first ``FIRST_SHOWN`` listings
#: must hold more than half of the person's words for anything to be said to fit.
FIRST_SHOWN = 10


def _matches(snapshot: Snapshot, query: q.Query | None,
             allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, text scores) of every match (among ``allowed``, a mask), or
    of every allowed document when there are no words.

    Every match is scored (``vectors.TextScorer``): Whoosh's collectors are not exact
    (the top-N one prunes by block quality, and even with limit=None they swap
    matchers for "more efficient" ones that drop the coordination bonus).
    """
    columns = snapshot.columns
    if query is None:
        docs = np.flatnonzero(columns.live if allowed is None else columns.live & allowed)
        return docs, np.zeros(len(docs))
    scored = snapshot.scorer.score(query)
    if scored is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    found = scored.matched & columns.live
    if allowed is not None:
        found &= allowed
    docs = np.flatnonzero(found)
    return docs, scored.score[docs]


def _allowed(snapshot: Snapshot, search: SearchQuery) -> np.ndarray | None:
    """Documents worth considering at all: in the chosen categories and near the place."""
    columns = snapshot.columns
    allowed = None
    if search.taxonomy_term_ids:
        allowed = columns.values["terms"].any_of(search.taxonomy_term_ids)
    if search.place is not None and search.radius_km is not None:
        # The bounding box of the radius, and listings without a point (whose
        # service areas are checked later).
        near = columns.in_box(*bounding_box(search.place.lat, search.place.lon,
                                            search.radius_km)) | ~columns.has_point
        allowed = near if allowed is None else allowed & near
    return allowed


def _filtered(columns: Columns, docs: np.ndarray, search: SearchQuery) -> np.ndarray:
    """Which of ``docs`` pass the language, cost, access, age and referral filters."""
    keep = np.ones(len(docs), dtype=bool)
    values = columns.values
    if search.languages:
        keep &= values["languages"].any_of(search.languages)[docs]
    if search.cost:
        keep &= values["cost"].any_of(search.cost)[docs]
    if search.access:
        keep &= values["access"].all_of(search.access)[docs]
    if search.age is not None:
        low, high = columns.min_age[docs], columns.max_age[docs]
        keep &= (np.isnan(low) | (search.age >= low)) & (np.isnan(high) | (search.age <= high))
    if search.accepting:
        keep &= columns.accepting[docs]
    return keep


def _placed(columns: Columns, matches: Matches, search: SearchQuery) -> Matches:
    """The matches with their distance to the place, those out of reach dropped.

    Haversine (vectorized) ranks and filters; its error against the geodesic is under
    0.25% at these distances, so only points that close to the edge of the radius are
    measured again with the exact (and far slower) geodesic.
    """
    docs = matches.docs
    distance = np.full(len(docs), math.nan)
    covered = np.zeros(len(docs))
    place, radius = search.place, search.radius_km
    if place is None:
        return matches
    point = columns.has_point[docs]
    distance[point] = distances_km(place.lat, place.lon, columns.lat[docs[point]],
                                   columns.lon[docs[point]])
    at_zip_centre = columns.approximate[docs]
    distance[at_zip_centre] = np.maximum(distance[at_zip_centre], ZIP_DISTANCE_FLOOR_KM)
    keep = np.ones(len(docs), dtype=bool)
    if radius is not None:
        with np.errstate(invalid="ignore"):
            keep &= ~(distance > radius * 1.005)
            for i in np.flatnonzero(keep & (distance > radius * 0.995)):
                doc = docs[i]
                measured = geodesic_km(place.lat, place.lon, columns.lat[doc],
                                       columns.lon[doc])
                if at_zip_centre[i]:
                    measured = max(measured, ZIP_DISTANCE_FLOOR_KM)
                if measured > radius:
                    keep[i] = False
    # Listings without a point: kept when one of their service areas covers the place.
    areas = columns.values["areas"]
    for area, weight in covering_areas(place).items():
        covered = np.where(~point & areas.mask(area)[docs], np.maximum(covered, weight),
                           covered)
    if radius is not None:
        keep &= point | (covered > 0)
    matches.distance, matches.covered = distance, covered
    return matches.take(keep)


@dataclass
class Understood:
    """A person's words as the search reads them."""

    words: list[str]  # as typed (normalized)
    corrected: list[str]  # with spelling corrected
    content: list[str]  # corrected, without stopwords
    expansion: Expansion  # synonyms and categories they point at
    query: q.Query | None  # what is scored, None when nothing is


def understand(snapshot: Snapshot, synonyms: Synonyms, text: str,
               correct: bool = True) -> Understood:
    corrections = Corrections(snapshot.searcher, synonyms, snapshot.scorer.terms)
    raw_words = words(text)[:MAX_QUERY_WORDS]
    corrected = [w if is_stopword(w) or not correct else corrections.correct(w)
                 for w in raw_words]
    # "help with rent" searches for "rent"; a query of stopwords only keeps them all.
    content = [w for w in corrected if not is_stopword(w)] or corrected
    expansion = synonyms.expand(corrected)
    return Understood(raw_words, corrected, content, expansion,
                      build_query(content, expansion, corrections.reader,
                                  synonyms.lexicon.spanish_word))


def _ranked(snapshot: Snapshot, synonyms: Synonyms, search: SearchQuery,
            now: datetime, semantic: Semantic | None = None) -> tuple[Understood, Matches]:
    """What the words mean and every match, filtered, placed and in rank order."""
    understood = understand(snapshot, synonyms, search.text)
    columns = snapshot.columns
    allowed = _allowed(snapshot, search)
    if understood.query is not None or not understood.words:
        docs, text = _matches(snapshot, understood.query, allowed)
    else:
        docs, text = np.zeros(0, dtype=np.int64), np.zeros(0)
    if understood.corrected != understood.words:
        # A correction stands only when it finds more than the words as typed.
        typed = understand(snapshot, synonyms, search.text, correct=False)
        if typed.query is not None:
            typed_docs, typed_text = _matches(snapshot, typed.query, allowed)
            if len(typed_docs) >= len(docs):
                understood, docs, text = typed, typed_docs, typed_text
    expansion = understood.expansion
    matches = Matches(docs, text, np.full(len(docs), math.nan), np.zeros(len(docs)))
    if semantic is not None and understood.words and (len(docs) or expansion.concepts):
        matches = _with_nearest(snapshot, semantic, search, allowed, matches)
    matches = _placed(columns, matches.take(_filtered(columns, matches.docs, search)), search)
    spanish_query = search.locale == "es" or expansion.spanish_only(synonyms.english_phrases)
    ranked = rank(columns, matches, search, spanish_query, expansion, now)
    if not _fits(snapshot, understood, ranked):
        ranked = ranked.take(np.zeros(len(ranked.docs), dtype=bool))
    return understood, ranked


def _with_nearest(snapshot: Snapshot, semantic: Semantic, search: SearchQuery,
                  allowed: np.ndarray | None, matches: Matches) -> Matches:
    """The matches of the words, and the listings nearest in meaning to them among
    those the filters allow (only for words already understood: see ``semantic``)."""
    columns = snapshot.columns
    pool = np.flatnonzero(columns.live if allowed is None else columns.live & allowed)
    pool = pool[_filtered(columns, pool, search)]
    near, similarity = semantic.nearest(snapshot, search.text, pool)
    docs = np.union1d(matches.docs, near)
    text = np.zeros(len(docs))
    text[np.searchsorted(docs, matches.docs)] = matches.text
    dense = np.full(len(docs), math.nan)
    dense[np.searchsorted(docs, near)] = similarity
    return Matches(docs, text, np.full(len(docs), math.nan), np.zeros(len(docs)),
                   dense=dense, worded=np.isin(docs, matches.docs))


def _fits(snapshot: Snapshot, understood: Understood, ranked: Matches) -> bool:
    """Whether anything found fits what the person asked for, honestly.

    Every search finds something that shares a word ("my dog needs his shots" finds
    children's vaccines). A phrase of the synonym table or a concept the words express
    whose listings are among the first shown is understood; otherwise one of the first
    listings must hold more than half of the person's words. A phrase or concept none
    of the first listings is filed under (a need this directory has no service for)
    proves nothing: "my car broke down", understood as car repair, still finds bus
    routes by a stray word. When nothing fits the page says so (with 211, a callback
    and the categories) instead of dressing weak matches as results.
    """
    expansion = understood.expansion
    if not len(ranked.docs):
        return True
    first = ranked.docs[:FIRST_SHOWN]
    if _understood_here(snapshot, expansion, first):
        return True
    content = list(dict.fromkeys(understood.content))
    if len(content) < 2:
        return True
    held = np.zeros(len(first), dtype=np.int64)
    for word in content:
        query = word_query(word)
        scored = snapshot.scorer.score(query) if query is not None else None
        if scored is not None:
            held += scored.matched[first]
    return int(held.max()) * 2 > len(content)


def _understood_here(snapshot: Snapshot, expansion: Expansion, docs: np.ndarray) -> bool:
    """Whether one of ``docs`` is filed under what the words pointed at: a synonym's
    taxonomy codes or a concept the words express, or holds all the words of one of
    the concepts' vocabulary phrases."""
    values = snapshot.columns.values
    codes = {c for synonym in expansion.matched for c in synonym.codes
             if c in values["codes"].index}
    if codes and values["codes"].any_of(codes)[docs].any():
        return True
    concepts = values["concepts"]
    for match in expansion.concepts:
        if match.concept.id in concepts.index and concepts.mask(match.concept.id)[docs].any():
            return True
    for phrase in expansion.phrases:
        query = phrase_query(phrase)
        scored = snapshot.scorer.score(query) if query is not None else None
        if scored is not None and scored.matched[docs].any():
            return True
    return False


def ranked_listings(snapshot: Snapshot, synonyms: Synonyms, search: SearchQuery,
                    semantic: Semantic | None = None) -> list[tuple[str, str | None]]:
    """(service id, service_at_location id or None) of every match, best first: the
    whole ranking without pages, facets or snippets (the HSDS API filters it further)."""
    _, matches = _ranked(snapshot, synonyms, search, search.now or datetime.now(timezone.utc),
                         semantic)
    return snapshot.data.ids(matches.docs)


def run(snapshot: Snapshot, synonyms: Synonyms, search: SearchQuery,
        timezone_name: str = "America/New_York", semantic: Semantic | None = None) -> Results:
    now = search.now or datetime.now(timezone.utc)
    understood, matches = _ranked(snapshot, synonyms, search, now, semantic)
    content, expansion = understood.content, understood.expansion
    columns = snapshot.columns
    open_state = _open_now(snapshot, matches.docs, now, timezone_name)
    if search.open_now:
        is_open = open_state == 1
        matches, open_state = matches.take(is_open), open_state[is_open]
    facets = count_facets(columns, matches, open_state, search.distance_bands_km)
    start = (search.page - 1) * search.per_page
    page = range(start, min(start + search.per_page, len(matches.docs)))
    snippet_terms = frozenset(t for w in content + expansion.words
                              + [w for p in expansion.phrases for w in p]
                              for t in field_terms("body", w))
    # Haversine, within 0.25% of the geodesic here (tested to 0.5%); the geodesic
    # itself decides only at the edge of a radius.
    hits = tuple(make_hit(
        snapshot.data[matches.docs[i]], score=float(matches.final[i]),
        distance_km=None if math.isnan(matches.distance[i]) else float(matches.distance[i]),
        open_now=_OPEN[open_state[i]],
        hours=snapshot.opening_hours(matches.docs[i], timezone_name),
        terms=snippet_terms) for i in page)
    suggestion = None
    if understood.corrected != understood.words:
        suggestion = " ".join(understood.corrected)
    crisis = expansion.crisis
    return Results(total=len(matches.docs), hits=hits, facets=facets, suggestion=suggestion,
                   terms=tuple(content), page=search.page, per_page=search.per_page,
                   place=search.place, expansion=tuple(sorted(expansion.codes)),
                   crisis=crisis.id if crisis else None,
                   crisis_kind=crisis.crisis if crisis else None)


_OPEN = {1: True, 0: False, -1: None}


def _open_now(snapshot: Snapshot, docs: np.ndarray, now: datetime,
              timezone_name: str) -> np.ndarray:
    """Whether each listing is open at ``now``: 1 open, 0 closed, -1 hours unknown.

    Listings with the same weekly hours share one answer, kept for the rest of the
    minute: thousands of matches cost a few schedule checks.
    """
    columns = snapshot.columns
    minute = int(now.timestamp()) // 60
    kinds = columns.hours_of[docs]
    # (Not np.unique: its first call imports numpy.ma, a tenth of a fresh worker's
    # first search.)
    for kind in np.flatnonzero(np.bincount(kinds)):
        if columns.open_minute[kind] != minute:
            is_open = snapshot.opening_hours(columns.hours_example[kind],
                                             timezone_name).is_open_at(now)
            columns.open_state[kind] = -1 if is_open is None else int(is_open)
            columns.open_minute[kind] = minute
    return columns.open_state[kinds]
