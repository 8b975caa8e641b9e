"""The counters of Flask-Limiter's rate limits (sign-in attempts per address, the public
forms, the API), and a warning at start-up when they cannot hold.

``memory://`` (the default of ``NAVIGATOR_RATELIMIT_STORAGE``) is each process's own:
with N worker processes every one of those limits lets N times as much through. The
limit on failed sign-ins is counted in the database (``navigator.auth.attempts``) and
holds anyway. How many workers there are is ``WEB_CONCURRENCY``: gunicorn reads it as
its number of workers, and ``navigator.gunicorn_conf`` (``gunicorn -c
python:navigator.gunicorn_conf``) sets it to the number gunicorn actually starts (``-w``),
before the workers load the app.
"""

from __future__ import annotations

import os

from flask import Flask

from navigator.extensions import limiter


def worker_count() -> int:
    """How many worker processes serve the app (1 when nothing says)."""
    try:
        return max(1, int(os.environ.get("WEB_CONCURRENCY", "1")))
    except ValueError:
        return 1


def per_process_problem(config, workers: int) -> str | None:
    """What is wrong with counting the rate limits where ``config`` says, with
    ``workers`` processes serving production, or None."""
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if config.get("NAVIGATOR_ENV") != "production" or workers < 2 \
            or not storage.startswith("memory://"):
        return None
    return (f"NAVIGATOR_RATELIMIT_STORAGE is memory:// and {workers} worker processes serve "
            f"the app: each counts the rate limits on its own (sign-in attempts per "
            f"address, the public forms, the API), so each lets {workers} times as much "
            "through. Set NAVIGATOR_RATELIMIT_STORAGE to a shared store, e.g. "
            "redis://127.0.0.1:6379.")


def init_app(app: Flask) -> None:
    limiter.init_app(app)
    problem = per_process_problem(app.config, worker_count())
    if problem:
        app.logger.warning(problem)
