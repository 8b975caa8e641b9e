"""Settings, read from ``NAVIGATOR_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

#: The repository root: top-level ``templates/``, ``static/``, ``instance/`` and
#: ``directory_data/`` hang off it.
ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("NAVIGATOR_INSTANCE_DIR", ROOT / "instance"))


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"NAVIGATOR_{name}")
    return value.strip() if value is not None and value.strip() else default


def _normalize_database_url(url: str) -> str:
    # Heroku-style and plain "postgresql://" URLs would make SQLAlchemy look for
    # psycopg2; this project ships psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def from_environment() -> dict:
    """Build the Flask config mapping from the environment."""
    env = _env("ENV", "development")
    if env not in ("development", "production"):
        raise ConfigError(f"NAVIGATOR_ENV must be 'development' or 'production', not {env!r}")
    secret = _env("SECRET_KEY")
    if secret is None:
        if env == "production":
            raise ConfigError("NAVIGATOR_SECRET_KEY must be set in production")
        # A per-process key is fine for development: sessions just end on restart.
        secret = secrets.token_hex(32)
    geocoder = _env("GEOCODER", "offline")
    database_url = _normalize_database_url(
        _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'navigator.db'}")
    )
    return {
        "NAVIGATOR_ENV": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "NAVIGATOR_INDEX_DIR": _env("INDEX_DIR", str(INSTANCE_DIR / "index")),
        "NAVIGATOR_GEOCODER": geocoder,
        "NAVIGATOR_TIMEZONE": _env("TIMEZONE", "America/New_York"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
    }
