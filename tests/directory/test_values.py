"""The cell converters of navigator.directory.values: tolerant where the meaning is clear."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal

import pytest

from navigator.directory import values
from navigator.directory.values import BadValue, DroppedValue


@pytest.mark.parametrize("text, expected", [
    ("9:00am", time(9, 0)), ("9am", time(9, 0)), ("9:30 PM", time(21, 30)),
    ("9:30 p.m.", time(21, 30)), ("12:00am", time(0, 0)), ("12pm", time(12, 0)),
    ("21:00", time(21, 0)), ("09:00:00", time(9, 0)), ("9.15", time(9, 15)),
    ("noon", time(12, 0)), ("Noon", time(12, 0)), ("midnight", time(0, 0)),
    ("24:00", time(23, 59)), ("24:00:00", time(23, 59)), ("09:00:00Z", time(9, 0)),
    ("17:30:00-05:00", time(17, 30)),
])
def test_times(text, expected):
    assert values.to_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9", "abc", "13pm", "9:60", "24:01", "", "2024"])
def test_bad_times(text):
    with pytest.raises(BadValue, match="not a time of day"):
        values.to_time(text)


def test_dates():
    assert values.to_date("2024-03-15") == date(2024, 3, 15)
    assert values.to_date("2024-03-15T10:30:00Z") == date(2024, 3, 15)
    # A date given with a time keeps the day as written, not the day in UTC.
    assert values.to_date("2024-03-15T22:30:00-04:00") == date(2024, 3, 15)
    for text in ("2024-02-30", "03/15/2024", "tomorrow"):
        with pytest.raises(BadValue, match=r"is not a date \(expected YYYY-MM-DD\)"):
            values.to_date(text)


def test_datetimes():
    utc = timezone.utc
    assert values.to_datetime("2024-03-15T10:30:00Z") == datetime(2024, 3, 15, 10, 30, tzinfo=utc)
    # An offset is converted to UTC; a naive time is taken as UTC.
    moment = values.to_datetime("2024-03-15T10:30:00-04:00")
    assert moment == datetime(2024, 3, 15, 14, 30, tzinfo=utc) and moment.tzinfo == utc
    assert values.to_datetime("2024-03-15 10:30:00") == datetime(2024, 3, 15, 10, 30, tzinfo=utc)
    assert values.to_datetime("2024-03-15T10:30:00.123Z").microsecond == 123000
    with pytest.raises(BadValue, match="expected like 2024-03-15T10:30:00Z"):
        values.to_datetime("15 March 2024")


@pytest.mark.parametrize("text, expected", [
    ("www.example.org", "https://www.example.org"),
    ("example.org/path?q=1", "https://example.org/path?q=1"),
    ("http://x.org", "http://x.org"),
    ("https://x.org/a b".replace(" ", "%20"), "https://x.org/a%20b"),
    ("//cdn.example.org/logo.png", "https://cdn.example.org/logo.png"),
    ("mailto:help@example.org", "mailto:help@example.org"),
    ("tel:+19195550100", "tel:+19195550100"),
])
def test_urls(text, expected):
    assert values.to_url(text) == expected


@pytest.mark.parametrize("text", ["not a url", "n/a", "javascript:alert(1)", "http://", "none"])
def test_bad_urls_are_dropped(text):
    with pytest.raises(DroppedValue, match="not a web address; left empty"):
        values.to_url(text)


def test_emails():
    assert values.to_email("help@example.org") == "help@example.org"
    assert values.to_email("mailto:help@example.org") == "help@example.org"
    assert values.to_email("MAILTO:help@example.org") == "help@example.org"
    for text in ("n/a", "help at example.org", "help@example", "a@b@c.org"):
        with pytest.raises(DroppedValue, match="not an email address; left empty"):
            values.to_email(text)


def test_enums():
    status = values.to_enum(("active", "inactive", "defunct", "temporarily closed"))
    assert status("Temporarily_Closed") == "temporarily closed"
    assert status("temporarily-closed") == "temporarily closed"
    assert status("  TEMPORARILY   closed ") == "temporarily closed"
    assert status("ACTIVE") == "active"
    with pytest.raises(BadValue, match="is not one of: active, inactive"):
        status("open")


@pytest.mark.parametrize("text, expected", [
    ("Mon, Tue", "MO,TU"), ("MO,TU,WE", "MO,TU,WE"), ("monday; Friday", "MO,FR"),
    ("thurs sat", "TH,SA"), ("1MO", "1MO"), ("1MO,-1FR", "1MO,-1FR"), ("1,7", "MO,SU"),
    ("su", "SU"),
])
def test_byday(text, expected):
    assert values.to_byday(text) == expected


@pytest.mark.parametrize("text", ["Funday", "8", "0", ",", "MO,XX"])
def test_bad_byday(text):
    with pytest.raises(BadValue):
        values.to_byday(text)


def test_weekday_code():
    assert values.weekday_code("Sunday") == "SU"
    assert values.weekday_code("3") == "WE"
    with pytest.raises(BadValue, match="not a day of the week"):
        values.weekday_code("1MO")


def test_column_converters_for_coordinates_and_ages():
    latitude = values.COLUMN_CONVERTERS[("location", "latitude")]
    longitude = values.COLUMN_CONVERTERS[("location", "longitude")]
    assert latitude("35.99") == 35.99 and latitude("-90") == -90 and latitude("90") == 90
    assert longitude("-178.9") == -178.9
    for bad in ("100", "-90.5"):
        with pytest.raises(BadValue, match=r"is outside -90\.\.90"):
            latitude(bad)
    with pytest.raises(BadValue, match=r"is outside -180\.\.180"):
        longitude("181")
    with pytest.raises(BadValue, match="is not a number"):
        latitude("north")
    assert values.COLUMN_CONVERTERS[("service", "minimum_age")]("18") == 18
    assert values.COLUMN_CONVERTERS[("schedule", "wkst")]("monday") == "MO"


def test_numbers():
    assert values.to_integer("12") == 12
    assert values.to_integer("12.0") == 12
    assert values.to_integer("1,200") == 1200
    assert values.to_integer(7) == 7
    for bad in ("12.5", "twelve", True, "nan"):
        with pytest.raises(BadValue):
            values.to_integer(bad)
    assert values.to_number("3.5") == 3.5
    for bad in ("inf", "nan", "", False):
        with pytest.raises(BadValue):
            values.to_number(bad)
    assert values.to_decimal("$1,234.50") == Decimal("1234.50")
    assert values.to_decimal(12.5) == Decimal("12.5")
    for bad in ("free", "NaN", "Infinity"):
        with pytest.raises(BadValue, match="amount"):
            values.to_decimal(bad)


@pytest.mark.parametrize("text, expected", [
    ("true", True), ("TRUE", True), ("Yes", True), ("y", True), ("1", True), ("t", True),
    ("false", False), ("No", False), ("0", False), ("F", False), (True, True), (False, False),
])
def test_booleans(text, expected):
    assert values.to_boolean(text) is expected


@pytest.mark.parametrize("text", ["maybe", "2", "", "si"])
def test_bad_booleans(text):
    with pytest.raises(BadValue, match="is not true or false"):
        values.to_boolean(text)


def test_text_and_uuid():
    assert values.to_text(True) == "true"
    assert values.to_text(42.0) == "42"
    assert values.to_text(4.5) == "4.5"
    assert values.is_uuid("3a19ff88-4620-4d17-9830-ac1d859eb5d5")
    assert not values.is_uuid("42")


@pytest.mark.parametrize("name", ["service:1", "organization:4471", "é ☃ 中", "x" * 3000, ""])
def test_name_uuid_is_uuid5(name):
    import uuid
    namespace = uuid.UUID("6f1c1d2e-8a43-4b7e-9a52-3c1e0e5e7a10")
    assert values.name_uuid(namespace, name) == str(uuid.uuid5(namespace, name))


@pytest.mark.parametrize("text, expected", [
    ("123", False), ("", False), ("g" * 36, False), ("1234567-1234-1234-1234-123456789012", False),
    ("fc397aac-1395-4e43-8710-731f46ebe10d", True), ("FC397AAC-1395-4E43-8710-731F46EBE10D", True),
    ("{fc397aac-1395-4e43-8710-731f46ebe10d}", True), ("fc397aac13954e438710731f46ebe10d", True),
    ("urn:uuid:fc397aac-1395-4e43-8710-731f46ebe10d", True),
])
def test_is_uuid(text, expected):
    assert values.is_uuid(text) is expected
