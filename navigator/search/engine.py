"""Run a search: words and synonyms through Whoosh, then place, filters, facets and ranking.

Whoosh scores every matching document (an exhaustive search: Whoosh's pruned top-N
collector returns a different top 20 for some queries); the filters and the final
ranking, which blends text relevance with distance, freshness and referral status,
run in Python over the stored data of the matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Any

from markupsafe import escape
from whoosh import query as q
from whoosh.highlight import ContextFragmenter, HtmlFormatter, get_text, highlight

from navigator.directory.hours import OpeningHours
from .analysis import words
from .areas import covering_areas
from .geo import Place, bounding_box, geodesic_km, haversine_km
from .index import Snapshot
from .ranking import Candidate, count_facets, rank
from .synonyms import Synonyms
from .text import ENGLISH, Corrections, build_query, field_terms, is_stopword

MAX_QUERY_WORDS = 24


class PlaceNotFound(ValueError):
    """The place in a search could not be found; the message says so plainly."""


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    place: Place | None = None
    radius_km: float | None = None
    taxonomy_term_ids: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    cost: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    age: float | None = None
    open_now: bool = False
    accepting: bool = False
    sort: str = "relevance"  # or "distance"
    page: int = 1
    per_page: int = 20
    locale: str = "en"
    now: datetime | None = None


@dataclass
class Hit:
    service_id: str
    service_at_location_id: str | None
    name: str
    organization: str
    score: float
    distance_km: float | None
    snippet: str
    open_now: bool | None
    data: dict[str, Any]

    @property
    def lat(self) -> float | None:
        return self.data.get("lat")

    @property
    def lon(self) -> float | None:
        return self.data.get("lon")


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    terms: list[str]
    page: int
    per_page: int
    place: Place | None = None
    expansion: list[str] = field(default_factory=list)


def _matches(snapshot: Snapshot, query: q.Query | None,
             allowed: set[int] | None) -> list[tuple[int, float]]:
    """(document number, text score) of every match (among ``allowed``), or of every
    allowed document when there are no words."""
    if query is None:
        numbers = allowed if allowed is not None else range(len(snapshot.data))
        return [(n, 0.0) for n in numbers if snapshot.data[n] is not None]
    # Every match is scored straight from the matchers. Whoosh's collectors are not
    # exact: the top-N one prunes by block quality, and even with limit=None they
    # swap matchers for "more efficient" ones that drop the coordination bonus.
    searcher = snapshot.searcher
    context = searcher.context()
    found = []
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        while matcher.is_active():
            docnum = offset + matcher.id()
            # Only listings in the chosen categories and near the place are scored.
            if allowed is None or docnum in allowed:
                found.append((docnum, matcher.score()))
            matcher.next()
    return found


def _allowed(snapshot: Snapshot, search: SearchQuery) -> set[int] | None:
    """Documents worth scoring at all: in the chosen categories and near the place."""
    allowed = None
    if search.taxonomy_term_ids:
        allowed = set(snapshot.searcher.docs_for_query(
            q.Or([q.Term("taxonomy", t) for t in search.taxonomy_term_ids])))
    if search.place is not None and search.radius_km is not None:
        near = _near(snapshot, search.place, search.radius_km)
        allowed = near if allowed is None else allowed & near
    return allowed


def _near(snapshot: Snapshot, place: Place, radius_km: float) -> set[int]:
    """Documents in the bounding box of the radius, and those without a point (whose
    service areas are checked later)."""
    return snapshot.in_box(*bounding_box(place.lat, place.lon, radius_km)) | snapshot.pointless


def _distance_within(place: Place, data: dict, radius_km: float | None) -> float | None:
    """Distance to a document's point in km, or None when outside the radius.

    Haversine (~0.5 µs) ranks and filters; its error against the geodesic is under
    0.25% at these distances, so only points that close to the edge are measured
    again with the exact (and 250 times slower) geodesic.
    """
    distance = haversine_km(place.lat, place.lon, data["lat"], data["lon"])
    if radius_km is not None and distance > radius_km * 0.995:
        if distance > radius_km * 1.005 or geodesic_km(
                place.lat, place.lon, data["lat"], data["lon"]) > radius_km:
            return None
    return distance


def _age_fits(data: dict, age: float) -> bool:
    low, high = data.get("min_age"), data.get("max_age")
    return (low is None or age >= low) and (high is None or age <= high)


def run(snapshot: Snapshot, synonyms: Synonyms, search: SearchQuery,
        timezone_name: str = "America/New_York") -> Results:
    corrections = Corrections(snapshot.searcher, synonyms)
    raw_words = words(search.text)[:MAX_QUERY_WORDS]
    corrected = [w if is_stopword(w) else corrections.correct(w) for w in raw_words]
    # "help with rent" searches for "rent"; a query of stopwords only keeps them all.
    content = [w for w in corrected if not is_stopword(w)] or corrected
    expansion = synonyms.expand(corrected)
    text_query = build_query(content, expansion, corrections.reader)
    allowed = _allowed(snapshot, search)
    matches = _matches(snapshot, text_query, allowed) if text_query or not raw_words else []

    now = search.now or datetime.now(timezone.utc)
    spanish_query = search.locale == "es" or expansion.spanish_only(synonyms.english_phrases)
    areas = covering_areas(search.place) if search.place else {}
    candidates: list[Candidate] = []
    languages, cost, access = set(search.languages), set(search.cost), set(search.access)
    for docnum, score in matches:
        data = snapshot.data[docnum]
        if data is None:
            continue
        if languages and not languages & data["_languages"]:
            continue
        if cost and not cost & data["_cost"]:
            continue
        if access and not access <= data["_access"]:
            continue
        if search.age is not None and not _age_fits(data, search.age):
            continue
        if search.accepting and data.get("accepting") is not True:
            continue
        candidate = Candidate(docnum, data, score)
        if search.place is not None:
            if data.get("lat") is not None and data.get("lon") is not None:
                candidate.distance = _distance_within(search.place, data, search.radius_km)
                if candidate.distance is None:
                    continue
            elif any(a in areas for a in data.get("areas", ())):
                candidate.covered = max(areas.get(a, 0.0) for a in data["areas"])
            elif search.radius_km is not None:
                continue  # no point and no service area covering the place
        candidates.append(candidate)

    candidates = rank(candidates, search, spanish_query, expansion, now)
    minute = int(now.timestamp()) // 60
    for c in candidates:  # after ranking: noise is never asked whether it is open
        c.open_now = _open_now(c.data, now, minute, timezone_name)
    if search.open_now:
        candidates = [c for c in candidates if c.open_now is True]
    facets = count_facets(candidates)
    start = (search.page - 1) * search.per_page
    page = candidates[start:start + search.per_page]
    snippet_terms = {t for w in content + expansion.words for t in field_terms("body", w)}
    for c in page:  # the distance people see is the exact one
        if c.distance is not None:
            c.distance = geodesic_km(search.place.lat, search.place.lon,
                                     c.data["lat"], c.data["lon"])
    hits = [_hit(c, snippet_terms) for c in page]
    suggestion = None
    if corrected != raw_words:
        suggestion = " ".join(corrected)
    return Results(total=len(candidates), hits=hits, facets=facets, suggestion=suggestion,
                   terms=content, page=search.page, per_page=search.per_page,
                   place=search.place, expansion=sorted(expansion.codes))


def opening_hours(data: dict, timezone_name: str) -> OpeningHours:
    """A document's opening hours, parsed once per process and kept with its data."""
    hours = data.get("_hours")
    if hours is None:
        # Schedules are stored as dicts of the fields they have; the hours module
        # reads any missing field as None.
        hours = OpeningHours.from_schedules(
            [SimpleNamespace(**schedule) for schedule in data["hours"]], tz=timezone_name)
        data["_hours"] = hours
    return hours


def _open_now(data: dict, now: datetime, minute: int, timezone_name: str) -> bool | None:
    """Open at ``now``; the answer is kept for the rest of that minute."""
    cached = data.get("_open")
    if cached is not None and cached[0] == minute:
        return cached[1]
    is_open = opening_hours(data, timezone_name).is_open_at(now)
    data["_open"] = (minute, is_open)
    return is_open


class _MarkFormatter(HtmlFormatter):
    """``<mark>word</mark>``, text escaped; unlike HtmlFormatter, no per-term class
    numbers and no state shared between threads."""

    def format_token(self, text, token, replace=False):
        return f"<mark>{self._text(get_text(text, token, replace))}</mark>"


_FORMATTER = _MarkFormatter()
_FRAGMENTER = ContextFragmenter(maxchars=240, surround=80)


def _hit(candidate: Candidate, terms: set[str]) -> Hit:
    data = candidate.data
    summary = data.get("summary") or ""
    snippet = highlight(summary, frozenset(terms), ENGLISH, _FRAGMENTER, _FORMATTER, top=1) \
        if terms and summary else ""
    if not snippet:
        snippet = str(escape(summary[:200] + ("…" if len(summary) > 200 else "")))
    return Hit(
        service_id=data["service_id"],
        service_at_location_id=data.get("sal_id"),
        name=data["name"],
        organization=data["organization"],
        score=round(candidate.final, 4),
        distance_km=round(candidate.distance, 2) if candidate.distance is not None else None,
        snippet=snippet,
        open_now=candidate.open_now,
        data=data,
    )

