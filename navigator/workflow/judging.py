"""Judging one service for one resident: every rule about whether it fits this person
(need, distance, hours, language, referrals, capacity, age, who the service is for),
the words people read for each, and the score's adjustment for them.

A service with no language in common fits with a caution (ask about an interpreter),
and one listed for a group the record says the person is not in (``eligibility``) fits
with a caution, both ranked lower: nothing that can be worked around is a dead end.
What rules a service out is kept apart (``problems``): age outside its range, not
accepting referrals, temporarily closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from babel import Locale
from flask_babel import format_time, get_locale, gettext as _
from sqlalchemy import select

from navigator.directory.models import Service, ServiceTranslation
from navigator.extensions import db
from navigator.search import Hit, approximate_place_text, miles_text

from . import eligibility, profile
from .models import Need, Resident

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
PENALTY_NO_LANGUAGE = 0.3  # below those with interpretation, still on the list
BONUS_ELIGIBLE = 0.1  # listed for a group the record says the person is in
PENALTY_NOT_ELIGIBLE = 0.4  # listed for a group the record says they are not in


@dataclass
class Suggestion:
    """One service proposed for one of the resident's needs, with what was judged."""

    service_id: str
    name: str
    organization: str
    need: Need
    hit: Hit
    organization_id: str | None = None
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


def resident_age(resident: Resident, now: datetime) -> int | None:
    """The resident's age from the birth year (the year's difference, as it was recorded:
    ``services.birth_year_from`` turns an age into a year the same way)."""
    if not resident.birth_year:
        return None
    return now.year - resident.birth_year


@dataclass
class Facts:
    """What the search documents do not keep of a service, read from the listing."""

    interpretation: bool = False
    organization_id: str | None = None
    #: Its eligibility text, in each language it has one.
    eligibility: tuple[str, ...] = ()


def listing_facts(ids) -> dict[str, Facts]:
    """Each candidate's interpretation (the listing's own field: the search documents
    keep it only as words), organization and eligibility text."""
    ids = list(ids)
    if not ids:
        return {}
    found = {id_: Facts(bool((text or "").strip()), organization, (eligible or "",))
             for id_, text, organization, eligible in db.session.execute(
                 select(Service.id, Service.interpretation_services, Service.organization_id,
                        Service.eligibility_description).where(Service.id.in_(ids)))}
    for id_, translated in db.session.execute(
            select(ServiceTranslation.service_id, ServiceTranslation.eligibility_description)
            .where(ServiceTranslation.service_id.in_(ids))):
        if id_ in found and translated:
            found[id_].eligibility += (translated,)
    return found


def judge(resident: Resident, hit: Hit, need: Need, names: dict, now: datetime,
          worded: bool, facts: Facts) -> Suggestion:
    """Every rule about whether ``hit`` fits ``resident`` for ``need``, and the words
    for it (``worded``: it matched the resident's own words)."""
    item = Suggestion(service_id=hit.service_id, name=hit.name,
                      organization=hit.organization, need=need, hit=hit,
                      organization_id=facts.organization_id)
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
    elif facts.interpretation:
        item.reasons.append(_("interpretation available"))
        score += BONUS_INTERPRETATION
    elif spoken and language:
        item.cautions.append(_no_language(language))
        score -= PENALTY_NO_LANGUAGE

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

    # Who the service is for, against the record's optional fields.
    score += _eligibility(item, resident, hit, facts, names, age)

    item.score = score
    return item


def _eligibility(item: Suggestion, resident: Resident, hit: Hit, facts: Facts,
                 names: dict, age: int | None) -> float:
    """Reasons and cautions about the groups the service is for; the score's change."""
    texts = [hit.name, *facts.eligibility, *hit.taxonomy_codes,
             *(names.get(term, "") for term in hit.taxonomy_term_ids)]
    told = profile.for_matching(resident)  # what the matcher may read of the record
    person = eligibility.read_resident(told.gender, told.household, age)
    verdict = eligibility.judge(eligibility.groups(texts), person)
    labels = eligibility.GROUP_LABELS
    for group in verdict.fits:
        item.reasons.append(_("for %(group)s, as the record says", group=labels[group]))
    for group in verdict.contradicted:
        item.cautions.append(_("listed for %(group)s, which the record does not match: "
                               "check eligibility", group=labels[group]))
    for group in verdict.unknown:
        item.cautions.append(_("listed for %(group)s: ask whether this applies",
                               group=labels[group]))
    if verdict.contradicted:
        return -PENALTY_NOT_ELIGIBLE
    return BONUS_ELIGIBLE if verdict.fits else 0.0


def _years(value: float) -> str:
    return f"{value:g}"


def _age_range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return _("ages %(low)s–%(high)s only", low=_years(low), high=_years(high))
    if low is not None:
        return _("ages %(low)s+ only", low=_years(low))
    return _("ages up to %(high)s only", high=_years(high))


def _no_language(code: str) -> str:
    """The caution for a service that speaks none of the resident's language."""
    name = _language_name(code)
    if name == code:  # "other", or a code the locale does not name
        return _("no language in common listed; ask about an interpreter")
    return _("no %(language)s spoken; ask about an interpreter", language=name)


def _language_name(code: str) -> str:
    """"Spanish" on an English page, "español" on a Spanish one."""
    locale = get_locale()
    try:
        return Locale(locale.language if locale else "en").languages.get(code, code)
    except ValueError:
        return code
