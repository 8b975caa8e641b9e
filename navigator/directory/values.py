"""Turn one raw cell into a typed value, tolerant where the meaning is clear.

Each converter takes a string as read from a CSV (or a JSON scalar) with
surrounding whitespace already stripped, and returns the value or raises
:class:`BadValue` (the row is wrong) or :class:`DroppedValue` (the cell is
unusable but optional: it is left empty with a warning).
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from datetime import date, datetime, time, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from .models import WEEKDAYS


def name_uuid(namespace: uuid.UUID, name: str) -> str:
    """``str(uuid.uuid5(namespace, name))``, made without UUID objects, which cost an
    import of a 1.x export (a million ids derived) three quarters of its id time."""
    digest = bytearray(hashlib.sha1(namespace.bytes + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class BadValue(ValueError):
    """The value is wrong and the row cannot be imported as it is."""


class DroppedValue(ValueError):
    """The value is unusable; the field is left empty and a warning given."""


_CANONICAL_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def is_uuid(value: str) -> bool:
    # The canonical form and the short ids of 1.x exports are told apart without
    # building a UUID (an import asks a million times); other spellings (braces,
    # "urn:uuid:", no hyphens) are left to uuid.UUID.
    if _CANONICAL_UUID.fullmatch(value):
        return True
    if len(value) < 32:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def to_integer(value: Any) -> int:
    if isinstance(value, bool):
        raise BadValue(f"{value!r} is not a whole number")
    number = to_number(value)
    if not float(number).is_integer():
        raise BadValue(f"{value!r} is not a whole number")
    return int(number)


def to_number(value: Any) -> float:
    if isinstance(value, bool):
        raise BadValue(f"{value!r} is not a number")
    try:
        number = float(value.replace(",", "") if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise BadValue(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise BadValue(f"{value!r} is not a finite number")
    return number


def to_decimal(value: Any) -> Decimal:
    text = str(value).replace(",", "").lstrip("$£€")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BadValue(f"{value!r} is not an amount") from None
    if not number.is_finite():
        raise BadValue(f"{value!r} is not a finite amount")
    return number


def in_range(low: float, high: float) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        number = to_number(value)
        if not low <= number <= high:
            raise BadValue(f"{value} is outside {low:g}..{high:g}")
        return number

    return convert


def to_date(value: Any) -> date:
    text = str(value)
    try:
        if len(text) > 10 and text[10] in "T ":
            # The date as written, not shifted to UTC: 22:30-04:00 is still that day.
            return datetime.fromisoformat(text).date()
        return date.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


def to_datetime(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise BadValue(
            f"{value!r} is not a date and time (expected like 2024-03-15T10:30:00Z)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


# A small pattern rather than dateutil: dateutil reads "9" or "2024" as a date and
# would accept them as times; here only clock times pass.
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2})(?:\.\d+)?)?$")
_TWELVE_HOUR = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m?\.?$", re.IGNORECASE)
#: "830am", "1230pm": hours and minutes run together, as typed into 211 software.
_RUN_TOGETHER = re.compile(r"^(\d{1,2})(\d{2})\s*([ap])\.?\s*m?\.?$", re.IGNORECASE)
_WORDS = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
#: "12noon", "12 midnight", "12:00 noon": the word says which twelve o'clock.
_TWELVE_WORD = re.compile(r"^12(?::00)?\s*(noon|midday|midnight)$")
_OFFSET = re.compile(r"(z|[+-]\d{2}:?\d{2})$")


def to_time(value: Any) -> time:
    text = str(value).strip().lower()
    # Offsets on a wall-clock time (09:00:00Z) carry no meaning for opening hours.
    text = _OFFSET.sub("", text) if ":" in text else text
    if text in _WORDS:
        return _WORDS[text]
    match = _TWELVE_WORD.match(text)
    if match:
        return _WORDS[match[1]]
    match = _TWELVE_HOUR.match(text) or _RUN_TOGETHER.match(text)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise BadValue(f"{value!r} is not a time of day")
        hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
        return time(hour, minute)
    match = _CLOCK.match(text)
    if match and (match[2] is not None):
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if (hour, minute, second) == (24, 0, 0):
            return time(23, 59)  # HSDS writes the end of the day as 23:59
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    raise BadValue(f"{value!r} is not a time of day (expected like 09:00 or 9:00am)")


_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


def to_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadValue(f"{value!r} is not true or false")


_EMAIL = re.compile(r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:.]+$")


def to_email(value: Any) -> str:
    text = str(value)
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not _EMAIL.match(text):
        raise DroppedValue(f"{value!r} is not an email address; left empty")
    return text


_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$",
                   re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def to_url(value: Any) -> str:
    text = str(value)
    if any(ch.isspace() for ch in text):
        raise DroppedValue(f"{value!r} is not a web address; left empty")
    if _SCHEME.match(text) and not text.lower().startswith(("http:", "https:")):
        if text.lower().startswith(("mailto:", "tel:", "ftp:")):
            return text
        raise DroppedValue(f"{value!r} is not a web address; left empty")
    if not text.lower().startswith(("http://", "https://")):
        host = text.split("/", 1)[0]
        if text.startswith("//"):
            return "https:" + text
        if not _HOST.match(host):
            raise DroppedValue(f"{value!r} is not a web address; left empty")
        return "https://" + text
    if not _HOST.match(text.split("/", 3)[2]):
        raise DroppedValue(f"{value!r} is not a web address; left empty")
    return text


_SEPARATORS = re.compile(r"[\s_-]+")


def to_enum(choices: tuple[str, ...]) -> Callable[[Any], str]:
    folded = {_SEPARATORS.sub(" ", choice.lower()): choice for choice in choices}

    def convert(value: Any) -> str:
        key = _SEPARATORS.sub(" ", str(value).strip().lower())
        if key in folded:
            return folded[key]
        raise BadValue(f"{value!r} is not one of: {', '.join(choices)}")

    return convert


_DAY_NAMES = {
    name: code
    for code, names in zip(
        WEEKDAYS,
        (("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun")),
    )
    for name in names
}
_BYDAY_SEPARATORS = re.compile(r"[,;\s]+")
_BYDAY_ITEM = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def weekday_code(value: Any) -> str:
    """One day as an iCalendar code: ``MO`` from "Monday", "mon", "MO" or ISO 1..7."""
    text = str(value).strip()
    if text.isdigit() and 1 <= int(text) <= 7:
        return WEEKDAYS[int(text) - 1]  # ISO 8601: 1 is Monday
    code = _DAY_NAMES.get(text.lower(), text.upper())
    if code not in WEEKDAYS:
        raise BadValue(f"{value!r} is not a day of the week")
    return code


def to_byday(value: Any) -> str:
    items = [item.strip() for item in _BYDAY_SEPARATORS.split(str(value)) if item.strip()]
    codes = []
    for item in items:
        match = _BYDAY_ITEM.match(item.upper())
        codes.append(item.upper() if match else weekday_code(item))
    if not codes:
        raise BadValue(f"{value!r} names no days")
    return ",".join(codes)


def to_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "text": to_text,
    "integer": to_integer,
    "number": to_number,
    "decimal": to_decimal,
    "date": to_date,
    "datetime": to_datetime,
    "time": to_time,
    "boolean": to_boolean,
    "email": to_email,
    "url": to_url,
}

#: Converters for particular columns, where the name says more than the type.
COLUMN_CONVERTERS: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("location", "latitude"): in_range(-90, 90),
    ("location", "longitude"): in_range(-180, 180),
    ("service", "minimum_age"): in_range(0, 150),
    ("service", "maximum_age"): in_range(0, 150),
    ("schedule", "byday"): to_byday,
    ("schedule", "wkst"): weekday_code,
}
