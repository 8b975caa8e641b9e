"""What a request may carry, decided here for every page, form and API call.

- Numbers are read from ASCII digits only: ``str.isdigit`` says yes to "²", which
  ``int()`` refuses, and ``int()`` and ``float()`` read "١٢" and "1_000".
"""

from __future__ import annotations

import math
import re

_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: More digits than this is out of every range the site has (and than a 64-bit column).
MAX_DIGITS = 18


class NotANumber(ValueError):
    pass


class OutOfRange(ValueError):
    pass


def whole_number(raw: str, low: int | None = None, high: int | None = None) -> int:
    """An integer written in ASCII digits (a sign allowed, spaces around ignored), in
    ``low``..``high``; else ``NotANumber`` or ``OutOfRange``."""
    text = raw.strip()
    if not _WHOLE.fullmatch(text):
        raise NotANumber(raw)
    if len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
        raise OutOfRange(raw)
    value = int(text)
    if (low is not None and value < low) or (high is not None and value > high):
        raise OutOfRange(raw)
    return value


def decimal_number(raw: str, low: float | None = None, high: float | None = None) -> float:
    """A finite number written in ASCII digits (``12``, ``-3.5``, ``.5``, ``1e3``), in
    ``low``..``high``; else ``NotANumber`` or ``OutOfRange``."""
    text = raw.strip()
    if not _DECIMAL.fullmatch(text):
        raise NotANumber(raw)
    value = float(text)
    if not math.isfinite(value) or (low is not None and value < low) \
            or (high is not None and value > high):
        raise OutOfRange(raw)
    return value
