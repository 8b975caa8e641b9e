"""The counters of Flask-Limiter's rate limits (sign-in attempts per address, the public
forms, the API), and a warning at start-up when they cannot hold.

``memory://`` (the default of ``NAVIGATOR_RATELIMIT_STORAGE``) is each process's own:
with N worker processes every one of those limits lets N times as much through, and with
several hosts (which PostgreSQL as the database allows) each host lets its own share
through. A shared store, ``redis://`` or ``valkey://`` (the ``redis`` extra installs the
client), is seen by every worker of every host. The limit on failed sign-ins is counted in
the database (``navigator.auth.attempts``) and holds anyway.

How many workers there are is ``WEB_CONCURRENCY``: gunicorn reads it as its number of
workers, and ``navigator.gunicorn_conf`` (``gunicorn -c python:navigator.gunicorn_conf``)
sets it to the number gunicorn actually starts (``-w``), before the workers load the app.
"""

from __future__ import annotations

import importlib.util
import os
from urllib.parse import urlsplit

from flask import Flask

from navigator.config import ConfigError, is_postgres
from navigator.extensions import limiter

#: The client library each shared store's URL needs (``limits`` imports it).
CLIENTS = {"redis": "redis", "rediss": "redis", "redis+unix": "redis",
           "redis+sentinel": "redis", "redis+cluster": "redis",
           "valkey": "valkey", "valkeys": "valkey", "valkey+unix": "valkey",
           "valkey+sentinel": "valkey", "valkey+cluster": "valkey"}


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
    if config.get("NAVIGATOR_ENV") != "production" or not storage.startswith("memory://"):
        return None
    fix = ("Set NAVIGATOR_RATELIMIT_STORAGE to a store every worker and host sees, e.g. "
           "redis://127.0.0.1:6379 (the redis extra installs its client).")
    if workers >= 2:
        return (f"NAVIGATOR_RATELIMIT_STORAGE is memory:// and {workers} worker processes "
                f"serve the app: each counts the rate limits on its own (sign-in attempts "
                f"per address, the public forms, the API), so each lets {workers} times as "
                f"much through. {fix}")
    if is_postgres(config.get("SQLALCHEMY_DATABASE_URI")):
        return ("NAVIGATOR_RATELIMIT_STORAGE is memory:// and the database is PostgreSQL, "
                "which several hosts may share: each host counts the rate limits on its own "
                "(sign-in attempts per address, the public forms, the API), so together "
                f"they let as many times as much through as there are hosts. {fix}")
    return None


def missing_client(config) -> str | None:
    """What is missing to reach the shared store ``config`` names, or None."""
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    client = CLIENTS.get(urlsplit(storage).scheme)
    if client is None or importlib.util.find_spec(client) is not None:
        return None
    return (f"NAVIGATOR_RATELIMIT_STORAGE is a {client} URL but the {client} client is not "
            f"installed: pip install '{client}' (or the project's extra: "
            f"pip install -e '.[{client}]')")


def init_app(app: Flask) -> None:
    problem = missing_client(app.config)
    if problem:
        raise ConfigError(problem)
    # A shared store that cannot be reached for a moment: count in this process's memory
    # meanwhile (and log it) rather than answer every limited request with an error.
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    problem = per_process_problem(app.config, worker_count())
    if problem:
        app.logger.warning(problem)
