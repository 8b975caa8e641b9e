"""The HSDS API's query parameters, read strictly: a bad one is a 400 that names it."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from werkzeug.datastructures import MultiDict

from navigator.search import (
    BadParameter, Place, PlaceNotFound, place_for, read_boolean as boolean,
    read_integer as integer, read_number as number, read_text as text,
)

PER_PAGE = 50
MAX_PER_PAGE = 1000
FORMATS = ("json", "ndjson")
#: The radius of ``proximity``, in meters (the search engine's radius is at most 500 km).
MAX_PROXIMITY_M = 500_000
#: Letters, digits, spaces and hyphens with at least one digit (27701, 27701-1234, SW1A 1AA).
_POSTCODE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 -]{1,9}$")

__all__ = ["BadParameter", "PER_PAGE", "MAX_PER_PAGE", "FORMATS", "MAX_PROXIMITY_M", "flag",
           "identifier", "modified_after", "output_format", "paging", "place", "words"]


def _given(args: MultiDict, name: str) -> bool:
    """Whether ``name`` is given; given empty (``?full=``) it is a mistake, not a default."""
    if name not in args:
        return False
    if not args.get(name, "").strip():
        raise BadParameter(name, f"{name} is empty")
    return True


def paging(args: MultiDict) -> tuple[int, int]:
    """``page`` (from 1) and ``per_page`` (1 to 1000)."""
    for name in ("page", "per_page"):
        _given(args, name)
    return (integer(args, "page", low=1, high=1_000_000, default=1),
            integer(args, "per_page", low=1, high=MAX_PER_PAGE, default=PER_PAGE))


def output_format(args: MultiDict) -> str:
    if not _given(args, "format"):
        return "json"
    value = args["format"].strip().lower()
    if value not in FORMATS:
        raise BadParameter("format", "format must be json or ndjson")
    return value


def flag(args: MultiDict, name: str) -> bool:
    return _given(args, name) and boolean(args, name)


def words(args: MultiDict, name: str = "search") -> str:
    return text(args, name, max_length=500).strip()


def identifier(args: MultiDict, name: str) -> str | None:
    """An id to filter on; one that matches nothing simply finds nothing."""
    value = text(args, name, max_length=200).strip()
    return value or None


def modified_after(args: MultiDict) -> datetime | None:
    """An ISO 8601 date or date-time; without a zone it is UTC."""
    if not _given(args, "modified_after"):
        return None
    raw = args["modified_after"].strip()
    try:
        moment = datetime.fromisoformat(raw.replace(" ", "+", 1) if "T" in raw else raw)
    except ValueError:
        raise BadParameter("modified_after", "modified_after must be an ISO 8601 date or "
                           f"date-time such as 2025-01-31T12:00:00Z, not {raw[:40]!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # year 1 with a zone east of UTC
        raise BadParameter("modified_after", "modified_after is out of range") from None


def place(args: MultiDict) -> tuple[Place | None, float | None]:
    """The place of ``postcode`` and the radius of ``proximity`` in km (or None)."""
    postcode = text(args, "postcode", max_length=20).strip() if _given(args, "postcode") else ""
    meters = (number(args, "proximity", low=1, high=MAX_PROXIMITY_M)
              if _given(args, "proximity") else None)
    if not postcode:
        if meters is not None:
            raise BadParameter("proximity", "proximity needs a postcode to measure from")
        return None, None
    if not _POSTCODE.match(postcode):
        raise BadParameter("postcode", f"{postcode[:20]!r} is not a postcode")
    try:
        found = place_for(near=postcode)
    except PlaceNotFound:
        found = None
    if found is None:
        raise BadParameter("postcode", f"postcode {postcode!r} is not known")
    found = Place(found.lat, found.lon, found.label, found.source, found.approximate,
                  found.zip_code or postcode)
    return found, (meters / 1000 if meters is not None else None)
