"""US ZIP code centroids from the offline ``zipcodes`` gazetteer."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import zipcodes

_ZIP = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")


class ZipArea(NamedTuple):
    """What Navigator uses of a ZIP code's gazetteer entry."""

    code: str
    lat: float | None
    lon: float | None
    state: str
    county: str
    cities: tuple[str, ...]  # the postal city first, then the other accepted names


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, ZipArea]:
    """Every US ZIP code, by code: read once (about 0.3 s), 42,000 small tuples.

    ``zipcodes`` hands out its table as 42,000 dicts and keeps them for its own later
    calls: 93 MB of Python objects in every process that asked once (each web worker,
    each import). Navigator keeps only the fields it uses, in strings of its own (one
    per distinct name), and lets that copy go: the memory it held can then go back,
    where strings taken from it would have kept most of it in use (60 MB more).
    """
    records = zipcodes.list_all()
    names: dict[str, str] = {}

    def own(text: str | None) -> str:
        # A copy made now, away from the dicts about to be freed; one per distinct text.
        if not text:
            return ""
        copy = names.get(text)
        if copy is None:
            copy = names[copy] = text.encode().decode()
        return copy

    table = {}
    for z in records:
        point = (float(z["lat"]), float(z["long"])) if z.get("lat") and z.get("long") else (
            None, None)
        code = own(z["zip_code"])
        table[code] = ZipArea(
            code, *point, own(z.get("state")), own(z.get("county")),
            tuple(own(c) for c in (z.get("city"), *(z.get("acceptable_cities") or ())) if c))
    if getattr(zipcodes, "_zips_cache", None) is records:
        zipcodes._zips_cache = None  # the package's own cache (3.x); rebuilt if it asks again
    return table


def normalize_zip(value: str | None) -> str | None:
    """``"27701"`` from ``"27701"``, ``"27701-1234"`` or ``" 277011234 "``; else None."""
    match = _ZIP.match(value or "")
    return match[1] if match else None


def zip_centroid(value: str | None) -> tuple[float, float] | None:
    """The (latitude, longitude) centre of a US ZIP code, or None if unknown."""
    code = normalize_zip(value)
    area = gazetteer().get(code) if code else None
    return (area.lat, area.lon) if area and area.lat is not None else None
