"""US ZIP code centroids from the offline ``zipcodes`` gazetteer."""

from __future__ import annotations

import re
from functools import lru_cache

import zipcodes

_ZIP = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")


@lru_cache(maxsize=1)
def _centroids() -> dict[str, tuple[float, float]]:
    # One pass over the gazetteer (~0.3 s) instead of a linear search per lookup.
    return {
        z["zip_code"]: (float(z["lat"]), float(z["long"]))
        for z in zipcodes.list_all()
        if z.get("lat") and z.get("long")
    }


def normalize_zip(value: str | None) -> str | None:
    """``"27701"`` from ``"27701"``, ``"27701-1234"`` or ``" 277011234 "``; else None."""
    match = _ZIP.match(value or "")
    return match[1] if match else None


def zip_centroid(value: str | None) -> tuple[float, float] | None:
    """The (latitude, longitude) centre of a US ZIP code, or None if unknown."""
    code = normalize_zip(value)
    return _centroids().get(code) if code else None
