"""A search from query-string arguments, for the API and the public pages alike.

The API is strict: a bad parameter is a 400 that names it. The public pages are
forgiving: a bad value is set aside with a message and the search runs without it,
so a mistyped link still helps the person who followed it. Numbers are read as
``navigator.request_input`` reads them: in ASCII digits only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, TypeVar

from babel import Locale
from werkzeug.datastructures import MultiDict

from navigator.request_input import NotANumber, OutOfRange, decimal_number, whole_number

from .geo import KM_PER_MILE, Place, PlaceNotFound
from .query import SearchQuery

T = TypeVar("T")

COSTS = frozenset({"free", "sliding", "medicaid", "medicare", "insurance"})
ACCESS = frozenset({"wheelchair", "elevator", "parking", "sign_language", "hearing_loop",
                    "braille"})


class BadParameter(ValueError):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639 codes Babel knows (en, es, vi, ...)."""
    return frozenset(code.lower() for code in Locale("en").languages)


def number(args: MultiDict, name: str, *, low: float, high: float,
           default: float | None = None) -> float | None:
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return decimal_number(raw, low, high)
    except NotANumber:
        raise BadParameter(name, f"{name} must be a number, not {raw[:40]!r}") from None
    except OutOfRange:
        raise BadParameter(name, f"{name} must be between {low:g} and {high:g}") from None


def integer(args: MultiDict, name: str, *, low: int, high: int, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return whole_number(raw, low, high)
    except NotANumber:
        raise BadParameter(name, f"{name} must be a whole number in digits 0-9, not "
                           f"{raw[:40]!r}") from None
    except OutOfRange:
        raise BadParameter(name, f"{name} must be between {low} and {high}") from None


def boolean(args: MultiDict, name: str) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise BadParameter(name, f"{name} must be true or false")


def text(args: MultiDict, name: str, *, max_length: int) -> str:
    raw = args.get(name) or ""
    if len(raw) > max_length:
        raise BadParameter(name, f"{name} is longer than {max_length} characters")
    return raw


def choices(args: MultiDict, name: str, allowed: frozenset[str] | None = None,
            max_items: int = 20) -> tuple[str, ...]:
    values = [v.strip() for raw in args.getlist(name) for v in raw.split(",") if v.strip()]
    if len(values) > max_items:
        raise BadParameter(name, f"{name} takes at most {max_items} values")
    if allowed is not None:
        for value in values:
            if value.lower() not in allowed:
                raise BadParameter(name, f"{value[:40]!r} is not a known {name}")
    return tuple(v.lower() if allowed is not None else v for v in values)


class Reading:
    """Reads parameters strictly (the first bad one raises) or leniently (each bad one
    is noted in ``problems`` and ``fallback`` used)."""

    def __init__(self, args: MultiDict, lenient: bool = False):
        self.args = args
        self.lenient = lenient
        self.problems: dict[str, str] = {}

    def __call__(self, read: Callable[..., T], name: str, fallback: T, *options,
                 **keywords) -> T:
        try:
            return read(self.args, name, *options, **keywords)
        except BadParameter as error:
            if not self.lenient:
                raise
            self.problems[error.parameter] = error.message
            return fallback


def search_query_from(args: MultiDict, locale: str = "en", *, lenient: bool = False,
                      place_for: Callable[..., Place | None],
                      per_page: int = 20, max_text: int = 500,
                      ) -> tuple[SearchQuery, dict[str, str]]:
    """A SearchQuery from query-string arguments, and the problems set aside (lenient)
    or BadParameter (strict). ``place_for`` turns ``near`` or ``lat``/``lon`` into a
    place; a radius comes as ``radius_km`` or, on the public pages, ``miles``. Words
    longer than ``max_text`` are refused (strict) or cut to it (lenient: a long search
    keeps its beginning, with a problem on ``q``)."""
    read = Reading(args, lenient)
    lat = read(number, "lat", None, low=-90, high=90)
    lon = read(number, "lon", None, low=-180, high=180)
    if (lat is None) != (lon is None):
        if not lenient:
            raise BadParameter("lat" if lat is None else "lon", "lat and lon go together")
        lat = lon = None
    near = read(text, "near", "", max_length=200)
    if lenient and near.strip():
        lat = lon = None  # a place typed after "use my location": the typed one wins
    sort = args.get("sort") or "relevance"
    if sort not in ("relevance", "distance"):
        if not lenient:
            raise BadParameter("sort", "sort must be relevance or distance")
        sort = "relevance"
    try:
        place = place_for(near=near, lat=lat, lon=lon)
    except PlaceNotFound as error:
        if not lenient:
            raise
        read.problems["near"] = str(error)
        place = None
    radius_km = read(number, "radius_km", None, low=0.1, high=500)
    miles = read(number, "miles", None, low=0.1, high=300)
    if miles is not None and radius_km is None:
        radius_km = miles * KM_PER_MILE
    words = args.get("q") or ""
    if lenient and len(words) > max_text:
        read.problems["q"] = f"q is longer than {max_text} characters"
        words = words[:max_text]
    else:
        words = read(text, "q", "", max_length=max_text)
    query = SearchQuery(
        text=words,
        place=place,
        radius_km=radius_km if place is not None else None,
        taxonomy_term_ids=read(choices, "taxonomy_term_id", ()),
        languages=read(choices, "language", (), language_codes()),
        cost=read(choices, "cost", (), COSTS),
        access=read(choices, "accessibility", (), ACCESS),
        age=read(number, "age", None, low=0, high=130),
        open_now=read(boolean, "open_now", False),
        accepting=read(boolean, "accepting_referrals", False),
        sort=sort,
        page=read(integer, "page", 1, low=1, high=10_000, default=1),
        per_page=read(integer, "per_page", per_page, low=1, high=100, default=per_page),
        locale=locale,
    )
    return query, read.problems
