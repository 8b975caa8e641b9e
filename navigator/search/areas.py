"""Which named service areas ("Durham County", "North Carolina") cover a place.

A service with no physical point (a hotline, a mobile team) is found near a place
when one of its service areas is the place's county, city or state, or the whole
country. The place's county and state come from the offline ZIP gazetteer.
"""

from __future__ import annotations

from functools import lru_cache

from navigator.directory.postal import ZipArea, gazetteer
from .analysis import words
from .geo import Place, haversine_km

STATES = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "DC": "district of columbia",
    "FL": "florida", "GA": "georgia", "HI": "hawaii", "ID": "idaho", "IL": "illinois",
    "IN": "indiana", "IA": "iowa", "KS": "kansas", "KY": "kentucky", "LA": "louisiana",
    "ME": "maine", "MD": "maryland", "MA": "massachusetts", "MI": "michigan",
    "MN": "minnesota", "MS": "mississippi", "MO": "missouri", "MT": "montana",
    "NE": "nebraska", "NV": "nevada", "NH": "new hampshire", "NJ": "new jersey",
    "NM": "new mexico", "NY": "new york", "NC": "north carolina", "ND": "north dakota",
    "OH": "ohio", "OK": "oklahoma", "OR": "oregon", "PA": "pennsylvania",
    "RI": "rhode island", "SC": "south carolina", "SD": "south dakota", "TN": "tennessee",
    "TX": "texas", "UT": "utah", "VT": "vermont", "VA": "virginia", "WA": "washington",
    "WV": "west virginia", "WI": "wisconsin", "WY": "wyoming", "PR": "puerto rico",
}
NATIONWIDE = frozenset({"united states", "usa", "us", "nationwide", "national",
                        "estados unidos"})
_STATE_SUFFIXES = {code.lower() for code in STATES} | set(STATES.values())


def area_key(name: str) -> str:
    """A service area's name as compared: "Durham County, NC" -> "durham county"."""
    tokens = words(name)
    for size in (2, 1):  # a trailing state after a place name: "..., NC", "..., North Carolina"
        if len(tokens) > size and " ".join(tokens[-size:]) in _STATE_SUFFIXES:
            return " ".join(tokens[:-size])
    return " ".join(tokens)


@lru_cache(maxsize=1)
def _placed() -> list[ZipArea]:
    return [area for area in gazetteer().values() if area.lat is not None]


@lru_cache(maxsize=1024)
def _zip_record(zip_code: str | None, lat: float, lon: float) -> ZipArea | None:
    if zip_code and zip_code in gazetteer():
        return gazetteer()[zip_code]
    # No ZIP (a neighborhood, the browser's position): the nearest ZIP centre, looked
    # for first within half a degree (a scan of every US ZIP takes ~50 ms).
    nearby = [z for z in _placed() if abs(z.lat - lat) < 0.5 and abs(z.lon - lon) < 0.5]
    return min(nearby or _placed(), default=None,
               key=lambda z: haversine_km(lat, lon, z.lat, z.lon))


#: How local a covering area is: a county program is nearly as close as a building in
#: town, a national hotline less so.
LOCAL, STATE, NATIONAL = 0.85, 0.7, 0.55


def covering_areas(place: Place) -> dict[str, float]:
    """Area keys that cover ``place`` (its county, city, state, the country), each
    with how local it is."""
    record = _zip_record(place.zip_code, round(place.lat, 3), round(place.lon, 3))
    names = dict.fromkeys(NATIONWIDE, NATIONAL)
    if record is None:
        return names
    state = record.state
    if state in STATES:
        names.update(dict.fromkeys(
            (STATES[state], state.lower(), f"statewide {STATES[state]}", "statewide"), STATE))
    county = " ".join(words(record.county))
    if county:
        names.update(dict.fromkeys((county, county.removesuffix(" county")), LOCAL))
    for city in record.cities:
        key = " ".join(words(city))
        names.update(dict.fromkeys((key, "city of " + key), LOCAL))
    return names
