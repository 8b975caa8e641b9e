"""Matching: services proposed for one resident's open needs, judged for this person.

``suggest(resident, needs)`` runs the directory search once per open need (the need's
category, and separately the resident's own words when there are any) within
``NEARBY_KM`` of the resident's place, or at any distance (``anywhere``: the way
forward when nothing near fits), then judges every candidate in one place
(``judging.judge``). Fitting services are ranked by the search's own score adjusted for
this person; each suggestion carries the reasons people read, and those that do not
fit are kept apart with why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from flask_babel import gettext as _

from navigator.search import (Hit, Place, PlaceNotFound, SearchQuery, km_to_miles, place_for,
                              taxonomy_names)
from navigator.search import search as run_search

from .judging import Facts, Suggestion, judge, listing_facts, resident_age
from .models import Need, Resident

__all__ = ["Suggestion", "Suggestions", "resident_age", "suggest"]

#: How many services are shown, fitting and not fitting.
LIMIT = 10
#: Candidates read from the search for each need.
CANDIDATES = 50
#: How far from the resident's place services are looked for, unless ``anywhere``
#: (services without a point count when one of their areas covers the place).
NEARBY_KM = 48.3  # 30 miles


@dataclass
class Suggestions:
    fitting: list[Suggestion]
    not_fitting: list[Suggestion]
    needs: list[Need]
    place: Place | None
    #: Why the resident's place was not used (could not be found), or None.
    place_note: str | None = None
    #: How far from the place services were looked for (None: anywhere).
    radius_km: float | None = None

    @property
    def radius_miles(self) -> int | None:
        return round(km_to_miles(self.radius_km)) if self.radius_km is not None else None

    def problem_counts(self) -> list[tuple[str, int]]:
        """Why the services that do not fit do not, most common first."""
        counts: dict[str, int] = {}
        for item in self.not_fitting:
            for problem in item.problems:
                counts[problem] = counts.get(problem, 0) + 1
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def suggest(resident: Resident, needs: Iterable[Need] | None = None,
            now: datetime | None = None, anywhere: bool = False) -> Suggestions:
    """Services for ``resident``'s open needs (``needs``, default all of theirs), near
    their place (``anywhere``: at any distance)."""
    now = now or datetime.now(timezone.utc)
    needs = [n for n in (resident.needs if needs is None else needs) if n.status == "open"]
    place, note = None, None
    try:
        place = place_for(near=resident.place)
    except PlaceNotFound:
        note = _("The resident's place (%(place)s) could not be found: distances are not "
                 "shown and services are not ranked by nearness.",
                 place=(resident.place or "")[:80])
    radius = None if anywhere or place is None else NEARBY_KM
    if not needs:
        return Suggestions([], [], needs, place, note, radius)

    names = taxonomy_names("en")
    # The best listing of each service (its nearest location) for its first need.
    candidates: dict[str, tuple[Hit, Need]] = {}
    worded: set[str] = set()
    for need in needs:
        base = SearchQuery(place=place, radius_km=radius,
                           taxonomy_term_ids=(need.taxonomy_term_id,),
                           per_page=CANDIDATES, now=now)
        for hit in run_search(base, log_search=False).hits:
            _keep(candidates, hit, need)
        words = (need.own_words or "").strip()
        if words:
            query = SearchQuery(text=words[:200], place=place, radius_km=radius,
                                taxonomy_term_ids=(need.taxonomy_term_id,),
                                per_page=CANDIDATES, now=now)
            for hit in run_search(query, log_search=False).hits:
                worded.add(hit.service_id)
                _keep(candidates, hit, need)

    facts = listing_facts(candidates)
    judged = [judge(resident, hit, need, names, now, hit.service_id in worded,
                    facts.get(hit.service_id, Facts()))
              for hit, need in candidates.values()]

    def order(s: Suggestion):
        distance = s.hit.distance_km if s.hit.distance_km is not None else float("inf")
        return (-round(s.score, 6), distance, s.name.casefold(), s.service_id)

    fitting = sorted((s for s in judged if s.fits), key=order)[:LIMIT]
    not_fitting = sorted((s for s in judged if not s.fits), key=order)[:LIMIT]
    return Suggestions(fitting, not_fitting, needs, place, note, radius)


def _keep(candidates: dict, hit: Hit, need: Need) -> None:
    found = candidates.get(hit.service_id)
    if found is None:
        candidates[hit.service_id] = (hit, need)
        return
    best, first_need = found
    if hit.rank_score > best.rank_score or (
            hit.rank_score == best.rank_score and _nearer(hit, best)):
        candidates[hit.service_id] = (hit, first_need)


def _nearer(a: Hit, b: Hit) -> bool:
    inf = float("inf")
    return (a.distance_km if a.distance_km is not None else inf) < \
        (b.distance_km if b.distance_km is not None else inf)


