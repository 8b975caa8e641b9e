"""Ranking and facets: how the matches of a search are ordered and counted."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from datetime import datetime

from typing import TYPE_CHECKING

from .synonyms import Expansion

if TYPE_CHECKING:
    from .engine import SearchQuery

#: A listing verified within this many days is "fresh" (DOMAIN.md: stale after 180).
FRESH_DAYS = 180
DISTANCE_BANDS_KM = (2, 5, 10, 25, 50)
#: Matches under this share of the best one (after category fit) are dropped as noise.
NOISE_FLOOR = 0.06
#: Distance at which proximity counts half: a service 1 km away keeps ~93% of its
#: score, one 20 km away ~60%.
HALF_DISTANCE_KM = 12.0



@dataclass
class Candidate:
    docnum: int
    data: dict
    text: float
    distance: float | None = None
    #: How local the service area covering the place is (0 when none does).
    covered: float = 0.0
    open_now: bool | None = None
    final: float = 0.0


def category_fit(data: dict, expansion: Expansion, spanish_query: bool) -> float:
    """How well a listing's categories fit what the person's words pointed at.

    Each lay phrase found ("vet", "housing") names categories; a listing in the
    categories of every phrase fits fully, one in none of them matched only on a
    word ("homeless" in a veterans program's name) and counts half. A listing that
    fits but also sits in other top-level categories (a crisis line for veterans,
    when nobody said veteran) counts a little less.
    """
    groups = [set(s.codes) for s in expansion.matched if s.codes]
    if not groups:
        return 1.0
    codes = data["_codes"]
    fit = 0.5 + 0.5 * sum(1 for g in groups if g & codes) / len(groups)
    tops = data.get("code_tops", {})
    wanted_tops = {tops[c] for g in groups for c in g & codes if c in tops}
    # (A Spanish-speaking listing's own category is what a Spanish query asks for.)
    if wanted_tops and data["_tops"] - wanted_tops and not (
            spanish_query and "es" in data.get("languages", ())):
        fit *= 0.85
    return fit


def rank(candidates: list[Candidate], search: SearchQuery, spanish_query: bool,
         expansion: Expansion, now: datetime) -> list[Candidate]:
    """The candidates worth showing, best first."""
    best = max((c.text for c in candidates), default=0.0) or 1.0
    today = now.date().toordinal()
    kept = []
    for c in candidates:
        data = c.data
        relevance = (c.text / best if c.text else 1.0) * category_fit(
            data, expansion, spanish_query)
        if relevance < NOISE_FLOOR:
            # Far below the best match and outside the categories asked for: it
            # shares a stray word with the query, and would push real help down.
            continue
        kept.append(c)
        if search.place is not None:
            if c.distance is not None:
                nearness = 1.0 / (1.0 + c.distance / HALF_DISTANCE_KM)
            else:
                # Serves the whole county (or state, or country): about as good as a
                # place a few km away (or farther).
                nearness = c.covered or 0.3
            relevance *= 0.5 + 0.5 * nearness
        bonus = 0.0
        if data.get("assured") and today - data["assured"] <= FRESH_DAYS:
            bonus += 0.04
        if data.get("accepting") is True:
            bonus += 0.04
        if search.age is not None and (data.get("min_age") is not None
                                       or data.get("max_age") is not None):
            bonus += 0.1  # made for people this age, not merely open to them
        if spanish_query and "es" in data.get("languages", ()):
            relevance *= 1.35  # a Spanish query wants help in Spanish
        c.final = relevance + bonus
        if data.get("status") == "temporarily closed":
            c.final *= 0.4  # still listed (people ask about it), after open ones
    if search.sort == "distance" and search.place is not None:
        kept.sort(key=lambda c: (c.distance is None, c.distance or 0.0, -c.final))
    else:
        kept.sort(key=lambda c: (-c.final, c.distance if c.distance is not None
                                 else math.inf, c.data["name"]))
    return kept


def count_facets(candidates: list[Candidate]) -> dict[str, dict[str, int]]:
    """Counts per value of each facet over the results (Counter does the tallying in C:
    a search can match tens of thousands of listings)."""

    def tally(key: str) -> dict[str, int]:
        return dict(Counter(chain.from_iterable(c.data[key] for c in candidates)))

    distances = [c.distance for c in candidates if c.distance is not None]
    open_now = sum(1 for c in candidates if c.open_now)
    accepting = sum(1 for c in candidates if c.data.get("accepting") is True)
    return {
        "taxonomy_term": tally("terms"),
        "language": tally("languages"),
        "cost": tally("cost"),
        "accessibility": tally("access"),
        "open_now": {"true": open_now} if open_now else {},
        "accepting_referrals": {"true": accepting} if accepting else {},
        "distance_km": {str(band): n for band in DISTANCE_BANDS_KM
                        if (n := sum(1 for d in distances if d <= band))},
    }
