"""Run a search: words and synonyms through Whoosh, then place, filters, facets and ranking.

Whoosh scores every matching document (an exhaustive search: Whoosh's pruned top-N
collector returns a different top 20 for some queries); the filters and the final
ranking, which blends text relevance with distance, freshness and referral status,
run in Python over the stored data of the matches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import SimpleNamespace
from datetime import datetime, timezone
from typing import Any

from markupsafe import escape
from whoosh import query as q
from whoosh.highlight import ContextFragmenter, HtmlFormatter, get_text, highlight
from whoosh.spelling import ListCorrector

from navigator.directory.hours import OpeningHours
from .analysis import ENGLISH_STOPWORDS, SPANISH_STOPWORDS, english, spanish, words
from .areas import covering_areas
from .geo import Place, bounding_box, geodesic_km, haversine_km
from .index import Snapshot
from .schema import FIELD_BOOSTS
from .synonyms import Expansion, Synonyms

MAX_QUERY_WORDS = 24
#: A listing verified within this many days is "fresh" (DOMAIN.md: stale after 180).
FRESH_DAYS = 180
DISTANCE_BANDS_KM = (2, 5, 10, 25, 50)
#: Matches under this share of the best one (after category fit) are dropped as noise.
NOISE_FLOOR = 0.06
#: Distance at which proximity counts half: a service 1 km away keeps ~93% of its
#: score, one 20 km away ~60%.
HALF_DISTANCE_KM = 12.0

_EN, _ES = english(), spanish()


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


class _Or(q.Or):
    """Or with Whoosh's binary tree of union matchers in every segment.

    Left to choose, Whoosh preloads small segments (up to 5,000 documents) with
    another matcher; one listing could then score differently depending on the
    segment it sits in.
    """

    matcher_type = q.Or.DEFAULT_MATCHER


def _field_terms(field_name: str, word: str) -> list[str]:
    analyzer = _ES if field_name == "es" else _EN
    return [t.text for t in analyzer(word)]


def _word_query(word: str, boost: float = 1.0) -> q.Query | None:
    clauses = []
    for name in FIELD_BOOSTS:
        for token in _field_terms(name, word):
            clauses.append(q.Term(name, token))
    if not clauses:
        return None
    return _Or(clauses, boost=boost)


class Corrections:
    """Spelling corrections from the index's own words and the synonym vocabulary.

    The nearest word wins (one edit before two); among the index's words at that
    distance, the most frequent. Whoosh's MultiCorrector is not used: it yields its
    pairs in the wrong order in whoosh-reloaded 2.7.5.
    """

    def __init__(self, snapshot: Snapshot, synonyms: Synonyms):
        self.reader = snapshot.searcher.reader()
        self.vocabulary = synonyms.vocabulary
        self.correctors = (snapshot.searcher.corrector("spell"),
                           ListCorrector(synonyms.sorted_vocabulary))

    def known(self, word: str) -> bool:
        # A word the index holds only in another form ("application" beside
        # "applications") is known too: the stemmed fields will find it.
        return (word in self.vocabulary or ("spell", word) in self.reader
                or any(("body", t) in self.reader for t in _field_terms("body", word)))

    def correct(self, word: str) -> str:
        # Short words are left alone: "call" is not a typo of "calle".
        if len(word) < 5 or any(ch.isdigit() for ch in word) or self.known(word):
            return word
        for distance in ((1, 2) if len(word) > 5 else (1,)):
            for corrector in self.correctors:
                found = corrector.suggest(word, limit=1, maxdist=distance, prefix=1)
                if found:
                    return found[0]
        return word


def _any_indexed(terms: list[str], reader) -> bool:
    """Whether any of these words occurs in the index, in any text field."""
    return any((name, token) in reader for w in terms for name in FIELD_BOOSTS
               for token in _field_terms(name, w))


def _text_query(terms: list[str], expansion: Expansion, reader) -> q.Query | None:
    clauses = [c for c in (_word_query(w) for w in terms) if c is not None]
    # More of the person's own words matched counts for more (coordination bonus).
    parts = [_Or(clauses, scale=0.9)] if clauses else []
    codes = sorted(c for c in expansion.codes if ("codes", c) in reader)
    if codes:
        parts.append(_Or([q.Term("codes", c) for c in codes], boost=4.0))
    extra = [c for c in (_word_query(w, 0.5) for w in expansion.words) if c is not None]
    extra_query = _Or(extra, boost=0.6) if extra else None
    if extra_query is not None and not codes and not _any_indexed(terms, reader):
        # The person's words are not in this directory ("narcan" where listings say
        # "naloxone") and its taxonomy is not ours: the professional words stand in.
        parts.append(extra_query)
        extra_query = None
    if not parts:
        return None
    query = parts[0] if len(parts) == 1 else _Or(parts)
    # Otherwise the professional words only re-rank what the person's words and the
    # categories found: alone, broad words ("housing") would match most listings.
    return q.AndMaybe(query, extra_query) if extra_query is not None else query


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


def _is_stopword(word: str) -> bool:
    return word in ENGLISH_STOPWORDS or word in SPANISH_STOPWORDS


def _age_fits(data: dict, age: float) -> bool:
    low, high = data.get("min_age"), data.get("max_age")
    return (low is None or age >= low) and (high is None or age <= high)


@dataclass
class _Candidate:
    docnum: int
    data: dict
    text: float
    distance: float | None = None
    #: How local the service area covering the place is (0 when none does).
    covered: float = 0.0
    open_now: bool | None = None
    final: float = 0.0


def run(snapshot: Snapshot, synonyms: Synonyms, search: SearchQuery,
        timezone_name: str = "America/New_York") -> Results:
    corrections = Corrections(snapshot, synonyms)
    raw_words = words(search.text)[:MAX_QUERY_WORDS]
    corrected = [w if _is_stopword(w) else corrections.correct(w) for w in raw_words]
    # "help with rent" searches for "rent"; a query of stopwords only keeps them all.
    content = [w for w in corrected if not _is_stopword(w)] or corrected
    expansion = synonyms.expand(corrected)
    text_query = _text_query(content, expansion, corrections.reader)
    allowed = _allowed(snapshot, search)
    matches = _matches(snapshot, text_query, allowed) if text_query or not raw_words else []

    now = search.now or datetime.now(timezone.utc)
    spanish_query = search.locale == "es" or expansion.spanish_only(synonyms.english_phrases)
    areas = covering_areas(search.place) if search.place else {}
    candidates: list[_Candidate] = []
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
        candidate = _Candidate(docnum, data, score)
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

    candidates = _rank(candidates, search, spanish_query, expansion)
    minute = int(now.timestamp()) // 60
    for c in candidates:  # after ranking: noise is never asked whether it is open
        c.open_now = _open_now(c.data, now, minute, timezone_name)
    if search.open_now:
        candidates = [c for c in candidates if c.open_now is True]
    facets = _facets(candidates)
    start = (search.page - 1) * search.per_page
    page = candidates[start:start + search.per_page]
    snippet_terms = {t for w in content + expansion.words for t in _field_terms("body", w)}
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
        hours = OpeningHours.from_schedules(
            [SimpleNamespace(**{k: s.get(k) for k in _SCHEDULE_KEYS}) for s in data["hours"]],
            tz=timezone_name)
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


_SCHEDULE_KEYS = ("freq", "byday", "bymonthday", "opens_at", "closes_at", "valid_from",
                  "valid_to", "dtstart", "until", "interval", "description", "notes",
                  "wkst", "count", "byweekno", "byyearday", "timezone")


def _category_fit(data: dict, expansion: Expansion, spanish_query: bool) -> float:
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


def _rank(candidates: list[_Candidate], search: SearchQuery, spanish_query: bool,
          expansion: Expansion) -> list[_Candidate]:
    """The candidates worth showing, best first."""
    best = max((c.text for c in candidates), default=0.0) or 1.0
    today = (search.now or datetime.now(timezone.utc)).date().toordinal()
    kept = []
    for c in candidates:
        data = c.data
        relevance = (c.text / best if c.text else 1.0) * _category_fit(
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


def _facets(candidates: list[_Candidate]) -> dict[str, dict[str, int]]:
    facets: dict[str, dict[str, int]] = {
        "taxonomy_term": {}, "language": {}, "cost": {}, "accessibility": {},
        "open_now": {}, "accepting_referrals": {}, "distance_km": {},
    }

    def bump(name: str, value: str) -> None:
        facets[name][value] = facets[name].get(value, 0) + 1

    for c in candidates:
        for term in c.data["terms"]:
            bump("taxonomy_term", term)
        for language in c.data["languages"]:
            bump("language", language)
        for cost in c.data["cost"]:
            bump("cost", cost)
        for access in c.data["access"]:
            bump("accessibility", access)
        if c.open_now:
            bump("open_now", "true")
        if c.data.get("accepting") is True:
            bump("accepting_referrals", "true")
        if c.distance is not None:
            for band in DISTANCE_BANDS_KM:
                if c.distance <= band:
                    bump("distance_km", str(band))
    return facets


class _MarkFormatter(HtmlFormatter):
    """``<mark>word</mark>``, text escaped; unlike HtmlFormatter, no per-term class
    numbers and no state shared between threads."""

    def format_token(self, text, token, replace=False):
        return f"<mark>{self._text(get_text(text, token, replace))}</mark>"


_FORMATTER = _MarkFormatter()
_FRAGMENTER = ContextFragmenter(maxchars=240, surround=80)


def _hit(candidate: _Candidate, terms: set[str]) -> Hit:
    data = candidate.data
    summary = data.get("summary") or ""
    snippet = highlight(summary, frozenset(terms), _EN, _FRAGMENTER, _FORMATTER, top=1) \
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

