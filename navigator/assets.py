"""Static files linked by content: ``static_url('css/site.css')`` ends in a hash of the
file, so browsers may keep it for a year and still get a new version the day it changes."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, url_for
from flask_babel import format_currency, format_date, format_time


@lru_cache(maxsize=64)
def _digest(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    try:
        version = _digest(path, path.stat().st_mtime_ns)
    except OSError:
        version = None
    return url_for("static", filename=filename, v=version)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        static_url=static_url,
        # Dates, times and money in the page's language (Flask-Babel has them as
        # filters only).
        format_date=format_date, format_time=format_time, format_currency=format_currency)
