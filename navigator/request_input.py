"""What a request may carry, decided here for every page, form and API call.

- Text must be storable: PostgreSQL refuses a NUL character in text (SQLite keeps it),
  and a lone surrogate cannot be encoded at all. Werkzeug reads an invalid
  percent-encoding or byte as U+FFFD, which is storable, so a NUL (``%00``) is what
  arrives in practice.
- Numbers are read from ASCII digits only: ``str.isdigit`` says yes to "²", which
  ``int()`` refuses, and ``int()`` and ``float()`` read "١٢" and "1_000".
- Paths and query strings are checked before any view (``init_app``): a path holding
  what cannot be stored names nothing (404); such a query string, or one that is not
  UTF-8, is a 400 (``UnreadableParameter``, which the API answers as JSON naming the
  parameter). Form fields are checked by the forms' base class (``navigator.forms``),
  so that the error shows beside its field and nothing typed is lost.
- ``printable(text)``: text a log line may hold, control characters escaped.
"""

from __future__ import annotations

import math
import re

from flask import Flask, abort, request
from werkzeug.exceptions import BadRequest

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: More digits than this is out of every range the site has (and than a 64-bit column).
MAX_DIGITS = 18
#: What is shown instead of a character that cannot be stored.
REPLACEMENT = "\ufffd"


class NotANumber(ValueError):
    pass


class OutOfRange(ValueError):
    pass


class UnreadableParameter(BadRequest):
    """A query-string parameter that cannot be read at all (a 400 naming it)."""

    def __init__(self, parameter: str, message: str):
        super().__init__(description=message)
        self.parameter = parameter


def storable(text: str) -> bool:
    return _UNSTORABLE.search(text) is None


def replace_unstorable(text: str) -> str:
    """``text`` with each character that cannot be stored shown as U+FFFD."""
    return _UNSTORABLE.sub(REPLACEMENT, text)


def printable(text: str) -> str:
    """``text`` for a log line: control characters (NUL, line breaks, escapes) written
    as ``\\xNN`` or ``\\uNNNN``, so that a request cannot forge or garble a line."""
    return _CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


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


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_unreadable_requests() -> None:
        if not storable(request.path):
            abort(404, description="No page or object has an address with a NUL character.")
        try:
            request.query_string.decode("utf-8")
        except UnicodeDecodeError:
            # Werkzeug would read it, but ``request.full_path`` (sign-in's ``next``, the
            # language switch) would fail on it.
            raise UnreadableParameter("", "The query string is not UTF-8.") from None
        for name, value in request.args.items(multi=True):
            if not (storable(name) and storable(value)):
                name = replace_unstorable(name)
                raise UnreadableParameter(name, f"{name} cannot hold a NUL character or an "
                                          "unpaired surrogate.")
