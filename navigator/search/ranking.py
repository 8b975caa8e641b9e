"""Ranking and facets: how the matches of a search are ordered and counted.

Every step works on whole arrays of matches (``columns.Columns``): a broad search can
match tens of thousands of listings, and each is weighed, not only a pruned top few.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from .query import DISTANCE_BANDS_KM, SearchQuery
from .synonyms import Expansion
from .columns import Columns

#: A listing verified within this many days is "fresh" (DOMAIN.md: stale after 180).
FRESH_DAYS = 180
#: Matches under this share of the best one (after category fit) are dropped as noise.
NOISE_FLOOR = 0.06
#: Distance at which proximity counts half: a service 1 km away keeps ~93% of its
#: score, one 20 km away ~60%.
HALF_DISTANCE_KM = 12.0
#: How near a service is that serves the whole area of the place but has no point
#: there, when the area's own weight is unknown.
AREA_NEARNESS = 0.3
#: Added to the score of the services for a crisis the words express: above any
#: other match (scores are about 0.3 to 1.5).
CRISIS_FIRST = 2.0
#: What a temporarily closed listing keeps of its score: still listed (people ask
#: about it), below the open ones that fit as well (a quarter: a closed shelter that
#: fits a search best in words and meaning still ranks below a fitting open one).
CLOSED_SHARE = 0.25
#: Added for places open now (beds, slots), taken off for none open: a full shelter
#: ranks below an otherwise equal one with a bed; one that does not say is between.
OPEN_PLACES = 0.04
#: The share of meaning (the semantic stage) in a listing's relevance, beside the
#: words' (see ``fuse``).
SEMANTIC_WEIGHT = 0.15


@dataclass
class Matches:
    """Matches of a search, in step: document numbers and what is known of each."""

    docs: np.ndarray
    text: np.ndarray  # text relevance (0 when the search had no words)
    distance: np.ndarray  # km, NaN for listings without a point
    #: How local the service area covering the place is (0 when none does).
    covered: np.ndarray
    #: With the semantic stage: each match's similarity in meaning to the words (NaN
    #: for a match the stage did not bring), and whether the words matched it.
    dense: np.ndarray | None = None
    worded: np.ndarray | None = None
    final: np.ndarray | None = None

    def take(self, selected: np.ndarray) -> Matches:
        return Matches(*(None if a is None else a[selected] for a in (
            self.docs, self.text, self.distance, self.covered, self.dense, self.worded,
            self.final)))


def category_fit(columns: Columns, docs: np.ndarray, expansion: Expansion,
                 spanish_query: bool) -> np.ndarray:
    """How well each listing's categories fit what the person's words pointed at.

    Each lay phrase found ("vet", "housing") names categories; a listing in the
    categories of every phrase fits fully, one in none of them matched only on a
    word ("homeless" in a veterans program's name) and counts half. A listing that
    fits but also sits in other top-level categories (a crisis line for veterans,
    when nobody said veteran) counts a little less.
    """
    codes, concepts = columns.values["codes"], columns.values["concepts"]
    # Each phrase's categories: the synonym table's codes where this directory has
    # them (the finer mapping, written for it), else the concepts the words express.
    groups = [set(s.codes) for s in expansion.matched
              if any(c in codes.index for c in s.codes)]
    wanted = [codes.any_of(g) for g in groups] or [
        concepts.mask(m.concept.id) for m in expansion.concepts
        if m.concept.id in concepts.index]
    if not wanted:
        return np.ones(len(docs))
    fitting = sum(mask[docs].astype(np.int64) for mask in wanted)
    fit = 0.5 + 0.5 * fitting / len(wanted)
    # The top-level categories the wanted codes sit in, and which of them each
    # listing reaches through a wanted code.
    by_top: dict[str, set[str]] = {}
    for code in set().union(*groups):
        if code in columns.code_top:
            by_top.setdefault(columns.code_top[code], set()).add(code)
    wanted_tops = np.zeros(len(docs), dtype=np.int64)
    for top_codes in by_top.values():
        wanted_tops += codes.any_of(top_codes)[docs]
    other_tops = (wanted_tops > 0) & (columns.top_count[docs] > wanted_tops)
    if spanish_query:
        # (A Spanish-speaking listing's own category is what a Spanish query asks for.)
        other_tops &= ~columns.spanish[docs]
    return np.where(other_tops, fit * 0.85, fit)


def rank(columns: Columns, matches: Matches, search: SearchQuery, spanish_query: bool,
         expansion: Expansion, now: datetime) -> Matches:
    """The matches worth showing, best first, with their final scores."""
    docs, text = matches.docs, matches.text
    best = float(text.max()) if len(text) else 0.0
    best = best or 1.0
    fit = category_fit(columns, docs, expansion, spanish_query)
    with np.errstate(invalid="ignore"):
        relevance = np.where(text != 0, text / best, 1.0) * fit
    # Far below the best match and outside the categories asked for: it shares a
    # stray word with the query, and would push real help down.
    kept = relevance >= NOISE_FLOOR
    if matches.dense is not None:
        relevance = np.where(matches.worded, relevance, 0.0)
        near = ~np.isnan(matches.dense)
        kept = (kept & matches.worded) | near
        relevance = fuse(relevance, matches.dense)
    matches, relevance, docs, fit = matches.take(kept), relevance[kept], docs[kept], fit[kept]
    if search.place is not None:
        # A service serving the whole county (or state, or country) without a point
        # is about as good as a place a few km away (or farther).
        nearness = np.where(np.isnan(matches.distance),
                            np.where(matches.covered > 0, matches.covered, AREA_NEARNESS),
                            1.0 / (1.0 + matches.distance / HALF_DISTANCE_KM))
        relevance = relevance * (0.5 + 0.5 * nearness)
    today = now.date().toordinal()
    assured = columns.assured[docs]
    with np.errstate(invalid="ignore"):
        fresh = ~np.isnan(assured) & (today - assured <= FRESH_DAYS)
    bonus = np.zeros(len(docs))
    bonus += np.where(fresh, 0.04, 0.0)
    bonus += np.where(columns.accepting[docs], 0.04, 0.0)
    bonus += places_bonus(columns.capacity[docs])
    if search.age is not None:
        bonus += np.where(columns.has_ages[docs], 0.1, 0.0)  # made for this age
    if spanish_query:
        # A Spanish-speaking service is lifted among those that fit what was asked
        # (every category the words named), never above a better fit.
        lifted = columns.spanish[docs] & (fit >= 1.0)
        relevance = np.where(lifted, relevance * 1.35, relevance)
    final = relevance + bonus
    concepts = columns.values["concepts"]
    crisis_services = [concepts.mask(c.id)[docs] for c in expansion.crises
                       if c.id in concepts.index]
    if crisis_services:
        final = np.where(np.logical_or.reduce(crisis_services), final + CRISIS_FIRST, final)
    # Temporarily closed: still listed (people ask about it), after open ones.
    final = np.where(columns.closed[docs], final * CLOSED_SHARE, final)
    distance = np.where(np.isnan(matches.distance), np.inf, matches.distance)
    if search.sort == "distance" and search.place is not None:
        order = np.lexsort((-final, distance))
    else:
        order = np.lexsort((columns.name_rank[docs], distance, -final))
    matches.final = final
    return matches.take(order)


def places_bonus(capacity: np.ndarray) -> np.ndarray:
    """``OPEN_PLACES`` for each listing with places open now, minus it for one with
    none, 0 for one that does not say (NaN)."""
    known = ~np.isnan(capacity)
    places = np.where(known, capacity, 0.0)
    return np.where(known & (places > 0), OPEN_PLACES,
                    np.where(known & (places <= 0), -OPEN_PLACES, 0.0))


def fuse(lexical: np.ndarray, closeness: np.ndarray) -> np.ndarray:
    """The words' relevance (0 where they did not match) and the meaning's closeness
    (``semantic.Semantic.nearest``; NaN where not a candidate), weighed together and
    scaled so the best is 1.

    Measured on the yardstick (bench/relevance_bench.py) against reciprocal rank
    fusion: RRF (k=60) lost 0.03 to 0.07 nDCG@10 on both directories, since it
    flattens the words' scores, so that freshness and distance outweigh relevance; a
    weighted sum gained 0.004 and 0.032 over the words alone.
    """
    fused = (1 - SEMANTIC_WEIGHT) * lexical + SEMANTIC_WEIGHT * np.nan_to_num(closeness)
    best = fused.max() if len(fused) else 0.0
    return fused / best if best > 0 else fused


def count_facets(columns: Columns, matches: Matches, open_state: np.ndarray,
                 bands_km: tuple[float, ...] = DISTANCE_BANDS_KM) -> dict[str, dict[str, int]]:
    """Counts per value of each facet over the results."""
    selected = np.zeros(columns.size, dtype=bool)
    selected[matches.docs] = True
    distances = matches.distance[~np.isnan(matches.distance)]
    open_now = int(np.count_nonzero(open_state == 1))
    accepting = int(np.count_nonzero(columns.accepting[matches.docs]))
    return {
        "taxonomy_term": columns.values["terms"].counts(selected),
        "language": columns.values["languages"].counts(selected),
        "cost": columns.values["cost"].counts(selected),
        "accessibility": columns.values["access"].counts(selected),
        "open_now": {"true": open_now} if open_now else {},
        "accepting_referrals": {"true": accepting} if accepting else {},
        "distance_km": {f"{band:g}": n for band in bands_km
                        if (n := int(np.count_nonzero(distances <= band)))},
    }
