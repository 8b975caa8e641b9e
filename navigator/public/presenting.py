"""Search results as the public pages word them, in the page's language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import quote_plus

from flask import current_app
from markupsafe import Markup, escape
from babel.dates import format_skeleton
from flask_babel import (format_datetime, get_locale, get_timezone, gettext as _,
                         lazy_gettext as _l)

from navigator.directory.hours import Status
from navigator.directory.listing import Words
from navigator.i18n import language_name
from navigator.search import (KM_PER_MILE, Hit, Place, Results, SearchQuery,
                              approximate_place_text, guess_language, km_to_miles, miles_text,
                              taxonomy_names)

from .capacity import places_words
from .costs import LABELS

#: The kinds of cost search tags, in the filters' order, with their words.
COSTS = {code: LABELS[code] for code in ("free", "sliding", "medicaid", "medicare",
                                         "insurance")}
ACCESS = {"wheelchair": _l("Wheelchair accessible"), "elevator": _l("Elevator"),
          "parking": _l("Parking"), "sign_language": _l("Sign language"),
          "hearing_loop": _l("Hearing loop"), "braille": _l("Braille or large print")}
#: Radius choices of the public pages, in miles.
MILES = (1, 3, 5, 10, 25)
MILE_BANDS_KM = tuple(m * KM_PER_MILE for m in MILES)
TERMS_SHOWN = 12


@lru_cache(maxsize=256)
def _cost_words(codes: tuple[str, ...], lang: str) -> list[str]:
    return [str(COSTS[code]) for code in codes if code in COSTS]


@lru_cache(maxsize=4096)
def _miles(km: float, lang: str) -> str:
    return miles_text(km)


BILINGUAL = " / "


def _halves(text: str) -> list[tuple[str, str | None]] | None:
    """"English words / palabras en español": each half with its language, or None."""
    if text.count(BILINGUAL) != 1:
        return None
    parts = text.split(BILINGUAL)
    languages = [guess_language(re.sub(r"<[^>]+>", "", part)) for part in parts]
    if None in languages or languages[0] == languages[1]:
        return None
    return list(zip(parts, languages))


@lru_cache(maxsize=8192)
def listing_language(text: str | None, page_lang: str, default: str = "en") -> str | None:
    """The language of some of a listing's own words when it is not the page's (for
    ``lang``): Spanish when they read as Spanish, else the directory's language; None
    for text in two languages (``own_words`` marks each half)."""
    if not text or _halves(text):
        return None
    found = guess_language(text) or default
    return found if found != page_lang else None


def own_words(text: str | Markup | Words, page_lang: str) -> Markup:
    """A listing's text (plain, or a snippet's markup), each half of a bilingual text in
    a ``lang`` of its own where it is not the page's language. A translation's words
    are in its language whole."""
    if isinstance(text, Words):
        if text.lang:
            return escape(text.text or "")
        text = text.text or ""
    text = escape(text)
    halves = _halves(str(text))
    if not halves:
        return Markup(text)
    return Markup(BILINGUAL).join(
        Markup('<span lang="{}">{}</span>').format(lang, Markup(part)) if lang != page_lang
        else Markup(part) for part, lang in halves)


def lang_attribute(text: str | Words | None, page_lang: str) -> Markup:
    """` lang="es"` for a listing's words: a translation's language, said even where it
    is the page's (a translated block among the directory's English, WCAG 3.1.2), or
    the language the directory's own words read in where it is not the page's."""
    if isinstance(text, Words):
        found = text.lang or listing_language(text.text, page_lang)
    else:
        found = listing_language(text, page_lang)
    return Markup(' lang="{}"').format(found) if found else Markup("")


def directions_url(address: str) -> str:
    return f"https://www.google.com/maps/dir/?api=1&destination={quote_plus(address)}"


def _clock(moment: datetime) -> str:
    """"9:00 AM" (English), "9:00 a. m." (Spanish), in the city's time zone."""
    return format_skeleton("hm", moment, tzinfo=get_timezone(), locale=get_locale())


def status_text(status: Status, now: datetime) -> tuple[str, str]:
    """("open" | "closed" | "unknown", the words people read)."""
    if status.open:
        if status.always_open:
            return "open", _("Open 24 hours")
        return "open", _("Open now · closes at %(time)s", time=_clock(status.closes_at))
    if status.open is None:
        return "unknown", _("Call for hours")
    if status.opens_at is None:
        return "closed", _("Closed")
    opens = status.opens_at.astimezone(now.tzinfo)
    if opens.date() == now.date():
        return "closed", _("Closed · opens at %(time)s", time=_clock(opens))
    if opens.date() == (now + timedelta(days=1)).date():
        return "closed", _("Closed · opens tomorrow at %(time)s", time=_clock(opens))
    return "closed", _("Closed · opens %(day)s at %(time)s",
                       day=format_datetime(opens, "EEEE"), time=_clock(opens))


@dataclass
class ResultView:
    hit: Hit
    name: str
    organization: str
    #: The summary's stretch shown (escaped markup), in the page's language where the
    #: service is translated into it.
    snippet: str
    # Each text's own language, where it differs from the page's (its ``lang``).
    name_lang: str | None
    organization_lang: str | None
    text_lang: str | None
    alert_lang: str | None
    #: Miles away ("0.4"), for a listing with a measured point.
    distance: str | None
    #: Said instead of a distance for a listing placed at its ZIP code's centre.
    approximate_place: str | None
    status: str
    status_text: str
    languages: list[str]
    costs: list[str]
    phone: str | None
    address: str | None
    directions: str | None
    alert: str | None
    temporarily_closed: bool
    #: "3 beds open, updated 2 hours ago", one for each kind of place counted.
    places: list[str] = field(default_factory=list)


def result_view(hit: Hit, lang: str, place: Place | None,
                now: datetime | None = None) -> ResultView:
    """How the page shows ``hit`` (which is shared by every request for the same search,
    and never changed here)."""
    hours = hit.hours
    now = (now or datetime.now(hours.tz)).astimezone(hours.tz)
    state, words = status_text(hours.status_at(now), now)
    own = hit.translated(lang) if lang != "en" else None
    # A translated text says its language even where it is the page's (WCAG 3.1.2).
    name, name_lang = ((own.name, lang) if own and own.name
                       else (hit.name, listing_language(hit.name, lang)))
    text, text_lang = ((own.snippet, lang) if own and own.summary
                       else (hit.snippet, listing_language(hit.summary, lang)))
    return ResultView(
        hit=hit, name=name, organization=hit.organization, snippet=text,
        name_lang=name_lang,
        organization_lang=listing_language(hit.organization, lang),
        text_lang=text_lang,
        alert_lang=listing_language(hit.alert, lang),
        distance=(_miles(hit.exact_distance_km, lang) if hit.exact_distance_km is not None
                  else None),
        # Only where distances are shown (a search from a place), like the miles.
        approximate_place=(approximate_place_text(hit.postal_code)
                           if hit.approximate and hit.distance_km is not None else None),
        status=state, status_text=words,
        languages=[language_name(code, lang) for code in hit.languages],
        costs=_cost_words(hit.costs, lang),
        phone=hit.phone, address=hit.address,
        directions=directions_url(hit.address) if hit.address else None,
        alert=hit.alert, temporarily_closed=hit.temporarily_closed,
        places=[words for number, unit, told in hit.capacities
                if (words := places_words(number, unit, told, now))])


@dataclass
class Option:
    value: str
    label: str
    count: int | None
    checked: bool


@dataclass
class Facet:
    name: str  # the query-string parameter
    legend: str
    options: list[Option]
    kind: str = "checkbox"


def facet_options(results: Results, query: SearchQuery, lang: str) -> list[Facet]:
    facets = results.facets
    names = taxonomy_names(lang)
    chosen_terms = set(query.taxonomy_term_ids)
    terms = sorted(facets.get("taxonomy_term", {}).items(), key=lambda item: -item[1])
    shown = [t for t in terms if t[0] in names][:TERMS_SHOWN]
    shown += [(t, facets["taxonomy_term"].get(t, 0)) for t in chosen_terms
              if t in names and t not in dict(shown)]
    groups = [
        Facet("taxonomy_term_id", _("Type of help"), [
            Option(t, names[t], n, t in chosen_terms) for t, n in shown]),
        Facet("language", _("Language spoken"), [
            Option(code, language_name(code, lang), n, code in query.languages)
            for code, n in sorted(facets.get("language", {}).items(), key=lambda i: -i[1])
            [:8]]),
        Facet("cost", _("Cost"), [
            Option(c, str(label), facets.get("cost", {}).get(c, 0), c in query.cost)
            for c, label in COSTS.items() if facets.get("cost", {}).get(c) or c in query.cost]),
        Facet("accessibility", _("Accessibility"), [
            Option(a, str(label), facets.get("accessibility", {}).get(a, 0), a in query.access)
            for a, label in ACCESS.items()
            if facets.get("accessibility", {}).get(a) or a in query.access]),
    ]
    open_count = facets.get("open_now", {}).get("true", 0)
    groups.insert(0, Facet("open_now", _("Hours"), [
        Option("1", _("Open now"), open_count, query.open_now)]))
    if results.place is not None:
        bands = facets.get("distance_km", {})
        chosen = round(km_to_miles(query.radius_km), 1) if query.radius_km else None
        groups.insert(1, Facet("miles", _("Distance"), [
            Option("", _("Any distance"), None, chosen is None)] + [
            Option(str(m), _("Within %(miles)d mi", miles=m), bands.get(f"{band:g}", 0),
                   chosen == m) for m, band in zip(MILES, MILE_BANDS_KM)], kind="radio"))
    return [group for group in groups if group.options]


def active_filters(facets: list[Facet]) -> int:
    """How many filters are on, as the filters show them: the checked choices, "any
    distance" (the radio that means no filter) aside."""
    return sum(1 for facet in facets for option in facet.options
               if option.checked and option.value)


#: Where each app keeps the words of the results it showed lately (``shown``).
SHOWN = "navigator.public.shown"
SHOWN_SIZE = 512


def shown(results: Results, query: SearchQuery, lang: str) -> tuple[list[ResultView],
                                                                      list[Facet]]:
    """``results``' hits and facets as the page words them in ``lang``.

    The same search within the same minute answers with the same ``Results`` (search's
    cache), so its words are kept here for that minute, by the object itself (held in
    the entry, so its id is never another's). Nothing is written into the results:
    they are shared by every request for that search.
    """
    minute = int(datetime.now().timestamp()) // 60
    kept = current_app.extensions.setdefault(SHOWN, {"minute": minute, "entries": {}})
    if kept["minute"] != minute or len(kept["entries"]) >= SHOWN_SIZE:
        kept.update(minute=minute, entries={})
    entry = kept["entries"].get((id(results), lang))
    if entry is None or entry[0] is not results:
        entry = kept["entries"][(id(results), lang)] = (
            results, [result_view(hit, lang, results.place) for hit in results.hits],
            facet_options(results, query, lang))
    return entry[1], entry[2]
