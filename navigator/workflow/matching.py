"""Matching: services proposed for one resident's open needs, judged for this person.

``suggest(resident, needs)`` runs the directory search once per open need (the need's
category, and separately the resident's own words when there are any) from the
resident's place, then judges every candidate in one place (``_judge``): what fits
(need, distance, hours, language, referrals, capacity, age) and what rules a service
out (age outside its range, not accepting referrals, temporarily closed, no language in
common). Fitting services are ranked by the search's own score adjusted for this
person; each suggestion carries the reasons people read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Iterable

from babel import Locale
from flask_babel import format_time, gettext as _
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.extensions import db
from navigator.search import (Hit, Place, PlaceNotFound, SearchQuery, approximate_place_text,
                              miles_text, place_for, taxonomy_names)
from navigator.search import search as run_search

from .models import Need, Resident

#: How many services are shown, fitting and not fitting.
LIMIT = 10
#: Candidates read from the search for each need.
CANDIDATES = 50
#: "Opens soon": within this many hours.
SOON = timedelta(hours=12)
#: The area a service without a point serves when it covers the whole county.
COUNTY_AREA = "durham county"

# Adjustments to the search's score (which runs from about 0.3 to 1.5).
BONUS_WORDS = 0.15  # the resident's own words match the listing
BONUS_LANGUAGE = 0.3  # speaks the resident's language
BONUS_INTERPRETATION = 0.1
BONUS_ACCEPTING = 0.05
BONUS_CAPACITY = 0.05
PENALTY_NO_CAPACITY = 0.1
BONUS_OPEN = 0.08
BONUS_OPENS_SOON = 0.04


@dataclass
class Suggestion:
    service_id: str
    name: str
    organization: str
    need: Need
    hit: Hit
    #: Short phrases, in the request's language, that say why it fits.
    reasons: list[str] = field(default_factory=list)
    #: Why it does not fit (empty for a fitting one).
    problems: list[str] = field(default_factory=list)
    #: Things to check (no open places listed, age near the limit).
    cautions: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def fits(self) -> bool:
        return not self.problems


@dataclass
class Suggestions:
    fitting: list[Suggestion]
    not_fitting: list[Suggestion]
    needs: list[Need]
    place: Place | None
    #: Why the resident's place was not used (could not be found), or None.
    place_note: str | None = None


def resident_age(resident: Resident, now: datetime) -> int | None:
    """The resident's age from the birth year (the year's difference, as it was recorded:
    ``services.birth_year_from`` turns an age into a year the same way)."""
    if not resident.birth_year:
        return None
    return now.year - resident.birth_year


def gender_restriction(resident: Resident, hit: Hit) -> str | None:
    """Hook for gender-restricted eligibility ("women only").

    The resident record holds no gender yet, so no rule is applied: this always returns
    None. When a gender is recorded (with the resident's say in how), return the reason
    a service does not fit here, and ``_judge`` will show it apart.
    """
    return None


def suggest(resident: Resident, needs: Iterable[Need] | None = None,
            now: datetime | None = None) -> Suggestions:
    """Services for ``resident``'s open needs (``needs``, default all of theirs)."""
    now = now or datetime.now(timezone.utc)
    needs = [n for n in (resident.needs if needs is None else needs) if n.status == "open"]
    place, note = None, None
    try:
        place = place_for(near=resident.place)
    except PlaceNotFound:
        note = _("The resident's place (%(place)s) could not be found: distances are not "
                 "shown and services are not ranked by nearness.",
                 place=(resident.place or "")[:80])
    if not needs:
        return Suggestions([], [], needs, place, note)

    names = taxonomy_names("en")
    # The best listing of each service (its nearest location) for its first need.
    candidates: dict[str, tuple[Hit, Need]] = {}
    worded: set[str] = set()
    for need in needs:
        base = SearchQuery(place=place, taxonomy_term_ids=(need.taxonomy_term_id,),
                           per_page=CANDIDATES, now=now)
        for hit in run_search(base, log_search=False).hits:
            _keep(candidates, hit, need)
        words = (need.own_words or "").strip()
        if words:
            query = SearchQuery(text=words[:200], place=place,
                                taxonomy_term_ids=(need.taxonomy_term_id,),
                                per_page=CANDIDATES, now=now)
            for hit in run_search(query, log_search=False).hits:
                worded.add(hit.service_id)
                _keep(candidates, hit, need)

    interpretation = _interpretation(candidates)
    judged = [_judge(resident, hit, need, names, now, hit.service_id in worded,
                     interpretation.get(hit.service_id))
              for hit, need in candidates.values()]

    def order(s: Suggestion):
        distance = s.hit.distance_km if s.hit.distance_km is not None else float("inf")
        return (-round(s.score, 6), distance, s.name.casefold(), s.service_id)

    fitting = sorted((s for s in judged if s.fits), key=order)[:LIMIT]
    not_fitting = sorted((s for s in judged if not s.fits), key=order)[:LIMIT]
    return Suggestions(fitting, not_fitting, needs, place, note)


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


def _interpretation(candidates: dict) -> dict[str, bool]:
    """Which services say they offer interpretation (the listing's own field: the search
    documents keep it only as words)."""
    if not candidates:
        return {}
    rows = db.session.execute(select(Service.id, Service.interpretation_services)
                              .where(Service.id.in_(list(candidates))))
    return {id_: bool((text or "").strip()) for id_, text in rows}


def _judge(resident: Resident, hit: Hit, need: Need, names: dict, now: datetime,
           worded: bool, interpretation: bool | None) -> Suggestion:
    """Every rule about whether a service fits this person, and the words for it."""
    item = Suggestion(service_id=hit.service_id, name=hit.name,
                      organization=hit.organization, need=need, hit=hit)
    score = hit.rank_score

    # The need.
    category = names.get(need.taxonomy_term_id)
    item.reasons.append(_("for the need: %(category)s", category=category)
                        if category else _("matches an open need"))
    if worded:
        item.reasons.append(_("matches the resident's own words"))
        score += BONUS_WORDS

    # Distance (none claimed for a listing placed at its ZIP code's centre: its ZIP
    # distance only ranks it).
    if hit.approximate and hit.distance_km is not None:
        item.reasons.append(approximate_place_text(hit.postal_code))
    elif hit.distance_km is not None:
        item.reasons.append(_("%(miles)s mi away", miles=miles_text(hit.distance_km)))
    elif COUNTY_AREA in hit.service_areas:
        item.reasons.append(_("serves all of Durham County"))

    # Hours.
    status = hit.hours.status_at(now)
    if status.open:
        item.reasons.append(_("open now"))
        score += BONUS_OPEN
    elif status.open is None:
        item.reasons.append(_("hours unknown"))
    elif status.opens_at is not None and status.opens_at - now <= SOON:
        item.reasons.append(_("opens soon, at %(time)s",
                              time=format_time(status.opens_at, "short")))
        score += BONUS_OPENS_SOON
    else:
        item.reasons.append(_("closed now"))

    # Language.
    spoken = hit.languages
    language = (resident.language or "").split("-")[0].lower()
    if language and language in spoken:
        item.reasons.append(_("speaks %(language)s", language=_language_name(language)))
        score += BONUS_LANGUAGE
    elif interpretation:
        item.reasons.append(_("interpretation available"))
        score += BONUS_INTERPRETATION
    elif spoken and language:
        item.problems.append(_("no language in common and no interpretation"))

    # Referrals and room.
    accepting = hit.accepting_referrals
    if accepting:
        item.reasons.append(_("accepting referrals"))
        score += BONUS_ACCEPTING
    elif accepting is False:
        item.problems.append(_("not accepting referrals"))
    if hit.temporarily_closed:
        item.problems.append(_("temporarily closed"))
    capacity = hit.capacity
    if capacity is not None:
        if capacity > 0:
            item.reasons.append(_("capacity available"))
            score += BONUS_CAPACITY
        else:
            item.cautions.append(_("no open places listed"))
            score -= PENALTY_NO_CAPACITY

    # Age.
    age = resident_age(resident, now)
    low, high = hit.min_age, hit.max_age
    if age is not None and (low is not None or high is not None):
        if (low is not None and age < low) or (high is not None and age > high):
            item.problems.append(_age_range(low, high))
        else:
            item.reasons.append(_("age within the service's range"))

    # Other eligibility.
    gender = gender_restriction(resident, hit)
    if gender:
        item.problems.append(gender)

    item.score = score
    return item


def _years(value: float) -> str:
    return f"{value:g}"


def _age_range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return _("ages %(low)s–%(high)s only", low=_years(low), high=_years(high))
    if low is not None:
        return _("ages %(low)s+ only", low=_years(low))
    return _("ages up to %(high)s only", high=_years(high))


def _language_name(code: str) -> str:
    """"Spanish" on an English page, "español" on a Spanish one."""
    from flask_babel import get_locale

    locale = get_locale()
    try:
        return Locale(locale.language if locale else "en").languages.get(code, code)
    except ValueError:
        return code
