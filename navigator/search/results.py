"""What a search answers: typed hits, built inside search from the index's stored data.

Nothing outside this package reads the index's own keys: a ``Hit`` names every fact of
a listing that other features use. Hits and results are frozen, and may be shared by
every request that asks the same search within the same minute (``_cached``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from markupsafe import escape

from navigator.directory.hours import OpeningHours
from .geo import Place
from .text import ENGLISH

SNIPPET_CHARS = 240
SNIPPET_LEAD = 80
SUMMARY_CHARS = 200
#: The service status of a listing that is still shown, after the open ones.
TEMPORARILY_CLOSED = "temporarily closed"


@dataclass(frozen=True)
class Translated:
    """A listing's own words in another language (where it has them)."""

    language: str
    name: str | None
    summary: str
    #: As ``Hit.snippet``: escaped, with the query's words in ``<mark>``.
    snippet: str


@dataclass(frozen=True)
class Hit:
    """One listing found: a service at one location, or a service with no place."""

    service_id: str
    service_at_location_id: str | None
    name: str
    organization: str
    #: The score, rounded for display, and the unrounded one the ranking used.
    score: float
    rank_score: float
    #: From the search's place (None without one, or without a point). For an
    #: ``approximate`` listing it is the ZIP distance ranking and the radius use (to
    #: its ZIP code's centre, never under ``engine.ZIP_DISTANCE_FLOOR_KM``): not a
    #: measure to show; ``exact_distance_km`` is None for it.
    distance_km: float | None
    #: Escaped text with the query's words in ``<mark>``.
    snippet: str
    #: Open at the time of the search; None when the hours are not known.
    open_now: bool | None
    hours: OpeningHours
    #: The service's HSDS status ("active", "temporarily closed").
    status: str
    summary: str
    alert: str | None
    location_name: str | None
    #: None for a confidential location (and for a service with no place).
    address: str | None
    postal_code: str | None
    lat: float | None
    lon: float | None
    #: The point is its ZIP code's centre: the listing is somewhere in that ZIP.
    approximate: bool
    phone: str | None
    #: ISO 639 codes.
    languages: tuple[str, ...]
    #: "free", "sliding", "medicaid", "medicare", "insurance".
    costs: tuple[str, ...]
    accessibility: tuple[str, ...]
    #: Service areas, as ``area_key`` writes them ("durham county").
    service_areas: tuple[str, ...]
    #: Taxonomy term ids (with their ancestors) and their codes.
    taxonomy_term_ids: tuple[str, ...]
    taxonomy_codes: tuple[str, ...]
    accepting_referrals: bool | None
    #: Places open now, summed over the service's capacity rows; None when not told.
    capacity: int | None
    min_age: float | None
    max_age: float | None
    verified: date | None
    #: The name and summary in other languages the service is translated into.
    translations: tuple[Translated, ...] = ()
    #: Each kind of place open now: (number, unit name as the directory has it, when
    #: the provider told it, aware UTC or None).
    capacities: tuple[tuple[int, str, datetime | None], ...] = ()

    def translated(self, language: str) -> Translated | None:
        return next((t for t in self.translations if t.language == language), None)

    @property
    def temporarily_closed(self) -> bool:
        return self.status == TEMPORARILY_CLOSED

    @property
    def exact_distance_km(self) -> float | None:
        """The distance, when it is a measure (None for a listing at its ZIP's centre)."""
        return None if self.approximate else self.distance_km


@dataclass(frozen=True)
class Results:
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    terms: tuple[str, ...]
    page: int
    per_page: int
    place: Place | None = None
    #: Taxonomy codes the words pointed at.
    expansion: tuple[str, ...] = field(default_factory=tuple)
    #: The crisis concept the words expressed (``concepts.yaml``'s id) and its kind
    #: ("suicide", "domestic_violence"...), or None.
    crisis: str | None = None
    crisis_kind: str | None = None


def make_hit(data: dict[str, Any], *, score: float, distance_km: float | None,
             open_now: bool | None, hours: OpeningHours, terms: frozenset[str]) -> Hit:
    """A hit from a document's stored data (``documents._document``)."""
    summary = data.get("summary") or ""
    found = _snippet(summary, terms)
    assured = data.get("assured")
    return Hit(
        service_id=data["service_id"],
        service_at_location_id=data.get("sal_id"),
        name=data["name"],
        organization=data["organization"],
        score=round(score, 4),
        rank_score=score,
        distance_km=round(distance_km, 2) if distance_km is not None else None,
        snippet=found,
        open_now=open_now,
        hours=hours,
        status=data.get("status") or "active",
        summary=summary,
        alert=data.get("alert"),
        location_name=data.get("location_name"),
        address=data.get("address"),
        postal_code=data.get("zip"),
        lat=data.get("lat"),
        lon=data.get("lon"),
        approximate=bool(data.get("approximate")),
        phone=data.get("phone"),
        languages=tuple(data.get("languages") or ()),
        costs=tuple(data.get("cost") or ()),
        accessibility=tuple(data.get("access") or ()),
        service_areas=tuple(data.get("areas") or ()),
        taxonomy_term_ids=tuple(data.get("terms") or ()),
        taxonomy_codes=tuple(data.get("codes") or ()),
        accepting_referrals=data.get("accepting"),
        capacity=data.get("capacity"),
        min_age=data.get("min_age"),
        max_age=data.get("max_age"),
        verified=date.fromordinal(assured) if assured else None,
        translations=tuple(
            Translated(language, words.get("name"), words.get("summary") or "",
                       _snippet(words.get("summary") or "", terms))
            for language, words in (data.get("translations") or {}).items()),
        capacities=tuple(
            (number, unit, datetime.fromtimestamp(told, timezone.utc) if told else None)
            for number, unit, told in data.get("capacities") or ()),
    )


def _snippet(summary: str, terms: frozenset[str]) -> str:
    """The summary's stretch with the query's words, or its start."""
    found = snippet(summary, terms) if terms and summary else ""
    return found or str(escape(summary[:SUMMARY_CHARS]
                               + ("…" if len(summary) > SUMMARY_CHARS else "")))


def snippet(text: str, terms: frozenset[str]) -> str:
    """The stretch of ``text`` (at most 240 characters) with the most of the query's
    words, each in ``<mark>``, escaped; "" when none is in it.

    Written here rather than with ``whoosh.highlight``, whose generic fragmenting took
    two fifths of a search: the same analyzer finds the words, in one pass.
    """
    spans = [(t.startchar, t.endchar) for t in ENGLISH(text, chars=True) if t.text in terms]
    if not spans:
        return ""
    best = (0, 0, 0)
    for i, (start, _) in enumerate(spans):
        low = max(0, start - SNIPPET_LEAD)
        high = low + SNIPPET_CHARS
        count = sum(1 for _, end in spans[i:] if end <= high)
        if count > best[0]:
            best = (count, low, high)
    _, low, high = best
    if low > 0:  # whole words at both ends
        low = text.rfind(" ", 0, low) + 1
    if high < len(text):
        cut = text.rfind(" ", low, high)
        high = cut if cut > low else high
    else:
        high = len(text)
    parts = ["…" if low > 0 else ""]
    position = low
    for start, end in spans:
        if start < position or end > high:
            continue
        parts += [str(escape(text[position:start])), "<mark>",
                  str(escape(text[start:end])), "</mark>"]
        position = end
    parts += [str(escape(text[position:high])), "…" if high < len(text) else ""]
    return "".join(parts)
