"""Geocoding (offline by default, online as a setting) and distance helpers for search."""

from __future__ import annotations

import csv
import logging
import math
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask_babel import format_decimal, gettext as _
from geopy.adapters import BaseSyncAdapter
from geopy.distance import geodesic
from geopy.exc import ConfigurationError, GeocoderNotFound, GeocoderServiceError, GeopyError
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from navigator.config import ROOT
from navigator.directory.postal import normalize_zip, zip_centroid

log = logging.getLogger(__name__)

PLACES_CSV = ROOT / "directory_data" / "places.csv"
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius: the sphere closest to WGS-84 on average
DURHAM_CENTRE = (35.9940, -78.8986)  # City Hall, as in places.csv
ONLINE_TIMEOUT_S = 3.0  # a search page must not hang on a slow geocoding service
# (address_1, city, postal_code, latitude, longitude[, coordinates_approximate])
AddressRow = Sequence[Any]
AddressSource = Iterable[AddressRow] | Callable[[], Iterable[AddressRow]]

_ZIP_TAIL = re.compile(r"[\s,]*\b(\d{5})(?:-?\d{4})?\s*(?:,?\s*(?:usa?|united states))?\s*$", re.I)
_SUFFIXES = [s.split() for s in ("usa", "us", "united states", "nc", "north carolina",
                                 "carolina del norte", "durham county", "condado de durham",
                                 "durham")]
_STREET_TYPES = {"street": "st", "avenue": "ave", "av": "ave", "drive": "dr", "road": "rd",
                 "boulevard": "blvd", "lane": "ln", "court": "ct", "place": "pl",
                 "parkway": "pkwy", "highway": "hwy", "circle": "cir", "terrace": "ter",
                 "trail": "trl", "square": "sq", "expressway": "expy", "freeway": "fwy",
                 "plaza": "plz", "way": "way", "loop": "loop", "extension": "ext"}
_DIRECTIONS = {"east": "e", "west": "w", "north": "n", "south": "s", "northeast": "ne",
               "northwest": "nw", "southeast": "se", "southwest": "sw"}
_TOWN_KINDS = ("city", "town", "community")
_ABBREVIATIONS = {**_STREET_TYPES, **_DIRECTIONS}
_TYPE_TOKENS = set(_STREET_TYPES.values())
_DIRECTION_TOKENS = set(_DIRECTIONS.values())


def normalize(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text with single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@lru_cache(maxsize=4)
def load_places(path: Path = PLACES_CSV) -> dict[str, dict[str, str]]:
    """Rows of ``places.csv`` keyed by every normalized name and alias."""
    index: dict[str, dict[str, str]] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for key in [row["name"], *(row["aliases"] or "").split("|")]:
                if key.strip():
                    index.setdefault(normalize(key), row)
    return index


class _NoNetworkAdapter(BaseSyncAdapter):
    """A geopy adapter that refuses every request: the offline geocoder never needs one."""

    def get_json(self, url: str, *, timeout: float, headers: dict) -> Any:
        raise GeocoderServiceError("the offline geocoder makes no network requests")

    get_text = get_json


@dataclass(frozen=True)
class _Entry:
    number: str
    direction: str | None
    name: tuple[str, ...]
    street_type: str | None
    row: tuple[str, str, str | None, float, float, bool]


def _street_tokens(text: str) -> list[str]:
    return [_ABBREVIATIONS.get(t, t) for t in normalize(text.replace("#", " unit ")).split()]


def _entry(row: AddressRow) -> _Entry | None:
    address_1, city, postal_code, lat, lon, *rest = row
    tokens = _street_tokens(address_1 or "")
    if lat is None or lon is None or len(tokens) < 2 or not tokens[0][0].isdigit():
        return None  # no point to give, or no house number to match on (PO boxes)
    direction = tokens[1] if tokens[1] in _DIRECTION_TOKENS and len(tokens) > 2 else None
    street = tokens[2:] if direction else tokens[1:]
    street_type = street[-1] if len(street) > 1 and street[-1] in _TYPE_TOKENS else None
    name = tuple(street[:-1] if street_type else street)
    approximate = bool(rest and rest[0])
    return _Entry(tokens[0], direction, name, street_type,
                  (address_1, city, normalize_zip(postal_code), float(lat), float(lon),
                   approximate))


def _match_level(entry: _Entry, tokens: list[str]) -> int | None:
    """0 for an exact street match, more for each missing part, None for no match."""
    if not tokens or tokens[0] != entry.number:
        return None
    rest, level = tokens[1:], 0
    direction = rest[0] if len(rest) > 1 and rest[0] in _DIRECTION_TOKENS else None
    if direction:
        rest = rest[1:]
    if direction != entry.direction:
        if direction and entry.direction:
            return None  # "E Main" is not "W Main"
        level += 1
    if tuple(rest[:len(entry.name)]) != entry.name:
        return None
    after = rest[len(entry.name):]
    if after and after[0] == entry.street_type:
        return level
    if after and after[0] in _TYPE_TOKENS:
        return None  # "James Ave" is not "James St"
    return level + (entry.street_type is not None)


class OfflineGeocoder(Geocoder):
    """ZIPs, Durham-area places and the directory's own addresses, without any network.

    ``addresses`` are rows (address_1, city, postal_code, lat, lon[, approximate]) or a
    callable returning them, re-read at most every ``addresses_ttl`` seconds. The caller
    leaves out confidential locations. ``raw`` of each result holds ``source`` ("zip",
    "place", "directory_address", "address_zip"), ``approximate`` and ``zip_code``.
    """

    def __init__(self, addresses: AddressSource | None = None, *,
                 places_path: Path = PLACES_CSV, addresses_ttl: float = 300.0) -> None:
        super().__init__(adapter_factory=_NoNetworkAdapter)
        self.places = load_places(Path(places_path))
        self._addresses = addresses
        self._ttl = addresses_ttl
        self._entries: list[_Entry] | None = None
        self._loaded_at = 0.0

    def geocode(self, query: str | dict, exactly_one: bool = True,
                **_ignored: Any) -> Location | list[Location] | None:
        """Locate ``query``: ZIP, place name, directory address, or an address's ZIP."""
        if isinstance(query, dict):
            query = ", ".join(str(v) for v in query.values() if v)
        text = (query or "").strip()
        found = self._zip(text) or self._place(text) or self._address(text, exactly_one)
        if not found and (tail := _ZIP_TAIL.search(text)):
            found = self._zip(tail[1], source="address_zip")
        if not found:
            return None
        return found[0] if exactly_one else found

    def _zip(self, text: str, source: str = "zip") -> list[Location]:
        code = normalize_zip(text)
        point = zip_centroid(code)
        if not point:
            return []
        raw = {"source": source, "approximate": True, "zip_code": code}
        return [Location(f"ZIP {code}", Point(*point), raw)]

    def place_row(self, text: str) -> dict[str, str] | None:
        """The ``places.csv`` row ``text`` names, tolerating a trailing ", Durham, NC 277xx"."""
        tokens = normalize(_ZIP_TAIL.sub("", text)).split()
        while tokens:
            if row := self.places.get(" ".join(tokens)):
                return row
            suffix = next((s for s in _SUFFIXES if tokens[-len(s):] == s), None)
            if not suffix or len(suffix) == len(tokens):
                return None
            tokens = tokens[:-len(suffix)]
        return None

    def _place(self, text: str) -> list[Location]:
        if not (row := self.place_row(text)):
            return []
        raw = {"source": "place", "approximate": True, "zip_code": None,
               "kind": row["kind"], "name": row["name"]}
        return [Location(row["name"], Point(float(row["latitude"]), float(row["longitude"])),
                         raw)]

    def forget_addresses(self) -> None:
        """Re-read the directory's addresses on the next lookup (after an import)."""
        self._entries = None

    def _entries_now(self) -> list[_Entry]:
        stale = time.monotonic() - self._loaded_at > self._ttl
        if self._entries is None or (callable(self._addresses) and stale):
            rows = self._addresses() if callable(self._addresses) else self._addresses
            self._entries = [e for e in map(_entry, rows or ()) if e]
            self._loaded_at = time.monotonic()
        return self._entries

    def _address(self, text: str, exactly_one: bool) -> list[Location]:
        tokens = _street_tokens(text)
        if not tokens or not tokens[0][0].isdigit() or self._addresses is None:
            return []
        # A ZIP or town after the street that differs from the entry's: another street.
        wanted_zip = (m := _ZIP_TAIL.search(text)) and m[1]
        towns = {normalize(row["name"]) for part in text.split(",")[1:]
                 if (row := self.place_row(part)) and row["kind"] in _TOWN_KINDS}
        scored = [(level, e) for e in self._entries_now()
                  if (level := _match_level(e, tokens)) is not None
                  and not (wanted_zip and e.row[2] and wanted_zip != e.row[2])
                  and not (towns and normalize(e.row[1] or "") not in towns)]
        if not scored:
            return []
        best = min(level for level, _ in scored)
        rows = list(dict.fromkeys(e.row for level, e in scored if level == best))
        if exactly_one and len({(r[3], r[4]) for r in rows}) > 1:
            return []  # "414 Main St" with both E and W Main in the directory: don't guess
        return [Location(f"{a1}, {city} {code or ''}".strip(), Point(lat, lon),
                         {"source": "directory_address", "approximate": approx,
                          "zip_code": code})
                for a1, city, code, lat, lon, approx in rows]


class FallbackGeocoder(Geocoder):
    """Ask an online geopy geocoder first; on any geopy error or no result, the offline one."""

    def __init__(self, online: Geocoder, offline: OfflineGeocoder, service: str = "online",
                 geocode_kwargs: dict[str, Any] | None = None, max_km: float = 100.0) -> None:
        super().__init__(adapter_factory=_NoNetworkAdapter)
        self.online, self.offline, self.service = online, offline, service
        self.geocode_kwargs, self.max_km = geocode_kwargs or {}, max_km

    def forget_addresses(self) -> None:
        self.offline.forget_addresses()

    def geocode(self, query: str | dict, exactly_one: bool = True,
                **_ignored: Any) -> Location | list[Location] | None:
        """The online answer (raw ``source`` "online:<service>"), else the offline one."""
        try:
            found = self.online.geocode(query, exactly_one=exactly_one, **self.geocode_kwargs)
        except GeopyError as error:
            # The query may be a resident's address: log the failure, never the query.
            log.warning("%s geocoder failed (%s); using offline", self.service,
                        type(error).__name__)
            found = None
        # "Main St" may resolve to another state's Main St: only answers near Durham count.
        near = [loc for loc in ([found] if exactly_one and found else found or [])
                if haversine_km(*DURHAM_CENTRE, loc.latitude, loc.longitude) <= self.max_km]
        if not near:
            return self.offline.geocode(query, exactly_one=exactly_one)
        tagged = [Location(loc.address, loc.point, {
            "source": f"online:{self.service}", "approximate": False, "online_raw": loc.raw,
            "zip_code": (re.findall(r"\b(\d{5})(?:-\d{4})?\b", loc.address or "") or [None])[-1],
        }) for loc in near]
        return tagged[0] if exactly_one else tagged


# Keep online answers near Durham; the offline geocoder covers anything outside.
_GEOCODE_DEFAULTS: dict[str, dict[str, Any]] = {
    "nominatim": {"country_codes": "us", "viewbox": [(35.6, -79.4), (36.5, -78.4)]},
}


def make_geocoder(setting: str, addresses: AddressSource | None = None) -> Geocoder:
    """A geocoder for ``NAVIGATOR_GEOCODER``: "offline" or "<geopy service>[:key=value,...]"."""
    name, _, options = (setting or "").strip().partition(":")
    name = name.strip().lower()
    offline = OfflineGeocoder(addresses)
    if name == "offline":
        return offline
    try:
        cls = get_geocoder_for_service(name)
    except GeocoderNotFound:
        raise ValueError(f"Unknown geocoder {name!r}: use 'offline' or a geopy service name "
                         "such as 'nominatim' (e.g. 'nominatim:user_agent=my-app')") from None
    kwargs: dict[str, Any] = {"user_agent": "durham-navigator", "timeout": ONLINE_TIMEOUT_S}
    for option in filter(None, (o.strip() for o in options.split(","))):
        key, eq, value = option.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"Geocoder option {key.strip()!r} must look like key=value")
        kwargs[key.strip()] = value.strip()
    try:
        kwargs["timeout"] = float(kwargs["timeout"])
        online = cls(**kwargs)
    except (TypeError, ValueError, ConfigurationError) as error:
        # The message names the service only: options may hold an API key.
        raise ValueError(f"Geocoder {name!r} could not be set up: {error}") from None
    return FallbackGeocoder(online, offline, name, _GEOCODE_DEFAULTS.get(name))


class PlaceNotFound(ValueError):
    """The place in a search could not be found; the message says so plainly."""


@dataclass(frozen=True)
class Place:
    """A geocoded search place; ``zip_code`` is what may be logged, never the query."""

    lat: float
    lon: float
    label: str
    source: str
    approximate: bool
    zip_code: str | None = None


def geocode_place(text: str, geocoder: Geocoder) -> Place | None:
    """The place ``text`` names, or None when it is empty or not found (never raises)."""
    if not text or not text.strip():
        return None
    try:
        location = geocoder.geocode(text.strip(), exactly_one=True)
    except GeopyError as error:
        log.warning("geocoding failed (%s)", type(error).__name__)
        return None
    if location is None:
        return None
    raw = location.raw if isinstance(location.raw, dict) else {}  # online raw may be a list
    return Place(location.latitude, location.longitude, location.address or text.strip(),
                 raw.get("source", "online"), bool(raw.get("approximate", False)),
                 raw.get("zip_code"))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on the mean-radius sphere (~0.25% off geodesic here)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS-84 ellipsoidal distance, for display where exactness shows."""
    return geodesic((lat1, lon1), (lat2, lon2)).km


#: Kilometres in a statute mile.
KM_PER_MILE = 1.609344


def km_to_miles(km: float) -> float:
    """Kilometres to statute miles."""
    return km / KM_PER_MILE


def miles_text(km: float) -> str:
    """A distance in miles, as the pages write it in their language ("0.4", "12",
    "less than 0.1")."""
    miles = km_to_miles(km)
    if miles < 0.1:
        return _("less than %(miles)s", miles=format_decimal(0.1, "0.#"))
    return format_decimal(round(miles, 1) if miles < 10 else round(miles), "#,##0.#")


def approximate_place_text(zip_code: str | None) -> str:
    """Where a listing placed at its ZIP code's centre is, said instead of a distance
    its point cannot support ("in ZIP 27701 (approximate location)")."""
    if zip_code:
        return _("in ZIP %(code)s (approximate location)", code=zip_code)
    return _("approximate location")


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) holding every point within ``radius_km``."""
    if radius_km < 0:
        raise ValueError("radius_km must not be negative")
    d = radius_km / EARTH_RADIUS_KM * (1 + 1e-9)  # angular radius, a hair wide for rounding
    phi, lam = math.radians(lat), math.radians(lon)
    lo, hi = phi - d, phi + d
    if lo > -math.pi / 2 and hi < math.pi / 2:
        # asin(sin d / cos phi), not d / cos phi: the simple form is too narrow far north.
        dlam = math.asin(math.sin(d) / math.cos(phi))
        lam_lo, lam_hi = lam - dlam, lam + dlam
        if lam_lo < -math.pi or lam_hi > math.pi:
            lam_lo, lam_hi = -math.pi, math.pi  # across the antimeridian: all longitudes
    else:
        lo, hi = max(lo, -math.pi / 2), min(hi, math.pi / 2)  # a pole is inside the circle
        lam_lo, lam_hi = -math.pi, math.pi
    return (math.degrees(lo), math.degrees(lam_lo), math.degrees(hi), math.degrees(lam_hi))


_BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"


def geohash(lat: float, lon: float, precision: int = 6) -> str:
    """Standard base-32 geohash (Niemeyer) of a point."""
    # Hand-written on purpose: encoding is these few lines, and the maintained library
    # (pygeohash) would be a new dependency for a single function.
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or precision < 1:
        raise ValueError("geohash needs -90<=lat<=90, -180<=lon<=180 and precision>=1")
    bounds = [[-180.0, 180.0], [-90.0, 90.0]]  # longitude first: bits alternate lon, lat
    chars, value, bit = [], 0, 0
    while len(chars) < precision:
        span, coord = bounds[bit % 2], (lon, lat)[bit % 2]
        mid = (span[0] + span[1]) / 2
        value = value * 2 + (coord >= mid)
        span[coord < mid] = mid  # keep the half that holds the point
        bit += 1
        if bit % 5 == 0:
            chars.append(_BASE32[value])
            value = 0
    return "".join(chars)
