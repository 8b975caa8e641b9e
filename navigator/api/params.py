"""Reading query-string parameters strictly: a bad one is a 400 that names it."""

from __future__ import annotations

import math
from functools import lru_cache

from babel import Locale
from werkzeug.datastructures import MultiDict


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
        value = float(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a number, not {raw[:40]!r}") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise BadParameter(name, f"{name} must be between {low:g} and {high:g}")
    return value


def integer(args: MultiDict, name: str, *, low: int, high: int, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not raw.strip().lstrip("-").isdigit():
        raise BadParameter(name, f"{name} must be a whole number, not {raw[:40]!r}")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be between {low} and {high}")
    return value


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
