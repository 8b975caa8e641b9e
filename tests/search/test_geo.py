"""Offline geocoding, the online fallback and distance helpers (no network, no database)."""

from __future__ import annotations

import csv
import random
import socket

import pytest
from geopy.distance import great_circle
from geopy.exc import GeocoderUnavailable
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from navigator.search.geo import (
    PLACES_CSV, FallbackGeocoder, OfflineGeocoder, Place, bounding_box, geocode_place,
    geodesic_km, geohash, haversine_km, km_to_miles, load_places, make_geocoder, normalize,
)

DURHAM = (35.994, -78.8986)
ADDRESSES = [
    ("414 E. Main St.", "Durham", "27701", 35.9967, -78.8966, True),
    ("1301 Fayetteville St.", "Durham", "27707", 35.9806, -78.8978, False),
    ("2020 Chapel Hill Rd.", "Durham", "27707", 35.9820, -78.9200),
    ("401 N. Driver St.", "Durham", "27703", 35.9905, -78.8745),
    ("815 Broad St.", "Durham", "27705-1234", 36.0105, -78.9170),
    ("2670 Durham-Chapel Hill Blvd.", "Durham", "27707", 35.9700, -78.9550),
    ("600 W. Main St.", "Durham", "27701", 35.9990, -78.9080),  # fictional, for ambiguity
    ("600 E. Main St.", "Durham", "27701", 35.9930, -78.8900),
    ("P.O. Box 3", "Durham", "27702", 36.0, -78.9),  # no house number: never matched
    ("5 Nowhere Ln", "Durham", "27701", None, None),  # no point: never matched
]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to connect fails the test loudly."""
    def refuse(*args, **kwargs):
        raise AssertionError("a geo test tried to use the network")
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="module")
def geocoder() -> OfflineGeocoder:
    return OfflineGeocoder(addresses=ADDRESSES)


def test_is_a_real_geopy_geocoder_that_never_fetches(geocoder):
    assert isinstance(geocoder, Geocoder)
    with pytest.raises(Exception, match="no network"):
        geocoder.adapter.get_json("https://example.org", timeout=1, headers={})


@pytest.mark.parametrize("query", ["27701", " 27701-1234 ", "277011234"])
def test_zip_and_zip_plus_four(geocoder, query):
    location = geocoder.geocode(query)
    assert isinstance(location, Location)
    assert (location.latitude, location.longitude) == pytest.approx((35.9967, -78.8966))
    assert location.raw == {"source": "zip", "approximate": True, "zip_code": "27701"}


@pytest.mark.parametrize("query, name", [
    ("Walltown", "Walltown"), ("WALLTOWN, NC", "Walltown"), ("walltown, Durham", "Walltown"),
    ("downtown durham", "Downtown Durham"), ("Centro de Durham", "Downtown Durham"),
    ("East Durham", "East Durham"), ("Old-West  Durham, Durham, NC", "Old West Durham"),
    ("RTP", "Research Triangle Park"), ("Parque del Triángulo", "Research Triangle Park"),
    ("Bahama", "Bahama"), ("Rougemont, NC 27572", "Rougemont"), ("Durham", "Durham"),
    ("durham, north carolina", "Durham"), ("Chapel Hill, NC", "Chapel Hill"),
    ("Hillsborough", "Hillsborough"), ("RALEIGH", "Raleigh"), ("Duke Park", "Duke Park"),
    ("Hayti", "Hayti"), ("Trinity Park", "Trinity Park"),
])
def test_place_names(geocoder, query, name):
    location = geocoder.geocode(query)
    assert location.raw["source"] == "place" and location.raw["name"] == name
    assert location.raw["approximate"] is True


def test_accents_and_punctuation_are_ignored():
    assert normalize("  Triángulo—de  Investigación, N.C. ") == "triangulo de investigacion n c"


def test_places_csv_is_sane():
    with open(PLACES_CSV, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["name", "kind", "latitude", "longitude", "aliases", "note"]
    keys = [normalize(k) for r in rows for k in [r["name"], *r["aliases"].split("|")] if k]
    assert len(keys) == len(set(keys)), "a name or alias is used twice"
    for row in rows:
        km = haversine_km(*DURHAM, float(row["latitude"]), float(row["longitude"]))
        # Catches swapped or mistyped coordinates: towns within 60 km, Durham within 35.
        assert km < (60 if row["kind"] in ("town", "city") else 35), row["name"]
        assert row["note"].strip(), row["name"]
    assert len(load_places()) == len(keys)


@pytest.mark.parametrize("query, street", [
    ("414 East Main Street, Durham, NC 27701", "414 E. Main St."),
    ("414 e main st", "414 E. Main St."),
    ("1301 Fayetteville Street", "1301 Fayetteville St."),
    ("2020 Chapel Hill Road Suite 23, Durham", "2020 Chapel Hill Rd."),
    ("401 North Driver St, Durham NC", "401 N. Driver St."),
    ("401 Driver Street", "401 N. Driver St."),
    ("815 Broad, Durham", "815 Broad St."),
    ("2670 Durham Chapel Hill Boulevard", "2670 Durham-Chapel Hill Blvd."),
])
def test_directory_addresses_with_abbreviations(geocoder, query, street):
    location = geocoder.geocode(query)
    assert location.raw["source"] == "directory_address"
    assert location.address.startswith(street)


def test_directory_address_flags_and_zip(geocoder):
    exact = geocoder.geocode("1301 Fayetteville St")
    assert exact.raw == {"source": "directory_address", "approximate": False,
                         "zip_code": "27707"}
    assert (exact.latitude, exact.longitude) == (35.9806, -78.8978)
    assert geocoder.geocode("414 E Main St").raw["approximate"] is True
    assert geocoder.geocode("815 Broad St").raw["zip_code"] == "27705"


def test_address_not_in_directory_falls_back_to_its_zip(geocoder):
    location = geocoder.geocode("1301 Fayetteville Ave, Durham, NC 27707")  # Ave, not St
    assert location.raw == {"source": "address_zip", "approximate": True, "zip_code": "27707"}
    # A different ZIP means a different street of that name, not ours.
    assert geocoder.geocode("414 E Main St, Carrboro, NC 27510").raw["source"] == "address_zip"
    assert geocoder.geocode("414 E Main St, Carrboro") is None  # another town's Main St
    assert geocoder.geocode("414 E Main St, Durham, NC").raw["source"] == "directory_address"


def test_wrong_direction_and_ambiguity_are_not_guessed(geocoder):
    assert geocoder.geocode("414 West Main Street") is None
    assert geocoder.geocode("600 Main St") is None  # both E and W Main exist
    both = geocoder.geocode("600 Main St", exactly_one=False)
    assert {loc.address.split(",")[0] for loc in both} == {"600 W. Main St.", "600 E. Main St."}


@pytest.mark.parametrize("query", ["", "   ", "Springfield", "5 Nowhere Ln", "P.O. Box 3",
                                   "00000", "NC", "123 Fake Street"])
def test_unknown_places(geocoder, query):
    assert geocoder.geocode(query) is None
    assert geocode_place(query, geocoder) is None


def test_addresses_callable_is_read_lazily_and_cached():
    calls = []

    def rows():
        calls.append(1)
        return ADDRESSES[:1]
    geocoder = OfflineGeocoder(addresses=rows)
    assert geocoder.geocode("27701") and calls == []
    assert geocoder.geocode("414 E Main St") and geocoder.geocode("414 E Main St")
    assert calls == [1]


def test_geocode_place_returns_place(geocoder):
    assert geocode_place("27705", geocoder) == Place(
        36.0218, -78.9478, "ZIP 27705", "zip", True, "27705")
    place = geocode_place("Walltown", geocoder)
    assert place.source == "place" and place.zip_code is None and place.label == "Walltown"
    place = geocode_place("414 E Main St", geocoder)
    assert place.source == "directory_address" and place.zip_code == "27701"


class DownGeocoder(Geocoder):
    """An online geocoder whose service is unreachable."""

    def geocode(self, query, exactly_one=True, **kwargs):
        raise GeocoderUnavailable("service down")


class FakeOnline(Geocoder):
    """An online geocoder answering from a dict."""

    def __init__(self, answers):
        super().__init__()
        self.answers = answers

    def geocode(self, query, exactly_one=True, **kwargs):
        return self.answers.get(query)


def test_fallback_on_geopy_error(geocoder, caplog):
    fallback = FallbackGeocoder(DownGeocoder(), geocoder, "down")
    assert isinstance(fallback, Geocoder)
    assert fallback.geocode("27701").raw["source"] == "zip"
    assert geocode_place("414 E Main St", fallback).source == "directory_address"
    assert "414" not in caplog.text  # failures are logged without the query


def test_online_answer_is_used_and_tagged(geocoder):
    answer = Location("1 Main St, Durham, NC 27701-2222, USA", Point(36.0, -78.9), {"id": 9})
    fallback = FallbackGeocoder(FakeOnline({"1 Main St": answer}), geocoder, "fake")
    place = geocode_place("1 Main St", fallback)
    assert place == Place(36.0, -78.9, answer.address, "online:fake", False, "27701")
    assert geocode_place("Walltown", fallback).source == "place"  # no online result
    far = Location("1 Main St, Springfield, IL 62701", Point(39.8, -89.65), {})
    fallback = FallbackGeocoder(FakeOnline({"1 Main St, 27701": far}), geocoder, "fake")
    assert geocode_place("1 Main St, 27701", fallback).source == "address_zip"


def test_make_geocoder_settings():
    assert type(make_geocoder("offline")) is OfflineGeocoder
    fallback = make_geocoder(" Nominatim ", addresses=ADDRESSES)
    assert isinstance(fallback, FallbackGeocoder) and isinstance(fallback.online, Nominatim)
    assert fallback.online.timeout <= 5 and fallback.geocode_kwargs["country_codes"] == "us"
    custom = make_geocoder("nominatim:user_agent=test-app, timeout=2")
    assert custom.online.timeout == 2 and custom.online.headers["User-Agent"] == "test-app"
    with pytest.raises(ValueError, match="Unknown geocoder 'bogus'"):
        make_geocoder("bogus")
    with pytest.raises(ValueError, match="key=value"):
        make_geocoder("nominatim:oops")
    with pytest.raises(ValueError, match="could not be set up"):
        make_geocoder("nominatim:nonsense=1")


def test_haversine_is_within_half_a_percent_of_geodesic():
    rng = random.Random(27701)
    for _ in range(200):
        start = (DURHAM[0] + rng.uniform(-0.2, 0.2), DURHAM[1] + rng.uniform(-0.2, 0.2))
        end = great_circle(kilometers=rng.uniform(0.5, 100)).destination(
            start, rng.uniform(0, 360))
        exact = geodesic_km(*start, end.latitude, end.longitude)
        assert haversine_km(*start, end.latitude, end.longitude) == pytest.approx(
            exact, rel=0.005)
    assert haversine_km(*DURHAM, *DURHAM) == 0


@pytest.mark.parametrize("lat, lon", [DURHAM, (64.8, -147.7), (-54.8, -68.3), (0.0, 0.0)])
def test_bounding_box_holds_every_point_within_radius(lat, lon):
    rng = random.Random(f"{lat}{lon}")
    for _ in range(50):
        radius = rng.uniform(0.1, 200)
        box = bounding_box(lat, lon, radius)
        # Points on (just inside) the circle probe the box's edges in every direction.
        for bearing in range(0, 360, 5):
            p = great_circle(kilometers=radius * 0.9999, radius=6371.0088).destination(
                (lat, lon), bearing)
            assert haversine_km(lat, lon, p.latitude, p.longitude) <= radius
            assert box[0] <= p.latitude <= box[2] and box[1] <= p.longitude <= box[3]


def test_bounding_box_near_poles_and_antimeridian():
    assert bounding_box(89.9, 10, 50) == (pytest.approx(89.45, abs=0.01), -180, 90, 180)
    min_lat, min_lon, max_lat, max_lon = bounding_box(0, 179.9, 50)
    assert (min_lon, max_lon) == (-180, 180) and min_lat < 0 < max_lat
    assert bounding_box(*DURHAM, 0) == pytest.approx((*DURHAM, *DURHAM))
    with pytest.raises(ValueError):
        bounding_box(*DURHAM, -1)


def test_geohash_known_values_and_prefixes():
    assert geohash(57.64911, 10.40744, 11) == "u4pruydqqvj"  # the Wikipedia example
    assert geohash(*DURHAM, 5) == "dnruu"  # cross-checked with pygeohash 3.5.1
    assert geohash(90, 180, 6) == "zzzzzz" and geohash(-90, -180, 6) == "000000"
    assert geohash(35.9941, -78.8985, 5) == geohash(*DURHAM, 5)  # neighbours share a prefix
    rng = random.Random(5)
    for _ in range(100):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        assert geohash(lat, lon, 11).startswith(geohash(lat, lon, 4))
    with pytest.raises(ValueError):
        geohash(91, 0, 5)


def test_km_to_miles():
    assert km_to_miles(1.609344) == pytest.approx(1.0)
    assert km_to_miles(10) == pytest.approx(6.2137, abs=1e-4)
