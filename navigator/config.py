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


def _development_secret() -> str:
    """A key kept in ``instance/secret_key``: every worker process (and every restart)
    of a development server signs sessions and forms alike."""
    path = INSTANCE_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_hex(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker wrote it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as file:
            file.write(secret)
        return secret


POSTGRES_NEEDS_A_KEY = (
    "NAVIGATOR_SECRET_KEY must be set when the database is PostgreSQL: every worker and "
    "host signs sessions and forms with it (generate one with "
    "python -c 'import secrets; print(secrets.token_hex(32))')")


def is_postgres(url: str | None) -> bool:
    return bool(url) and url.startswith("postgresql")


def _keys(value: str | None) -> list[str]:
    """A comma-separated list of keys (a generated key holds no comma), blanks left out."""
    return [key.strip() for key in (value or "").split(",") if key.strip()]


def settle_secret_key(config) -> None:
    """Fill in the keys that sign sessions, CSRF tokens and the sign-in failures' hashes,
    once the settings given in code are merged with the environment's.

    With PostgreSQL, several workers and hosts may serve one database: each must sign with
    the same key, so ``NAVIGATOR_SECRET_KEY`` is required. In development on SQLite, one
    host, a key kept in ``instance/secret_key`` serves. ``SECRET_KEY_FALLBACKS``
    (``NAVIGATOR_SECRET_KEY_FALLBACKS``) are earlier keys: what they signed still
    verifies, while everything new is signed with the current key.
    """
    if not config.get("SECRET_KEY"):
        if is_postgres(config.get("SQLALCHEMY_DATABASE_URI")):
            raise ConfigError(POSTGRES_NEEDS_A_KEY)
        config["SECRET_KEY"] = _development_secret()
    fallbacks = list(config.get("SECRET_KEY_FALLBACKS") or [])
    config["SECRET_KEY_FALLBACKS"] = fallbacks
    # Flask-WTF signs CSRF tokens with one key of its own choosing; a list (newest last,
    # as itsdangerous takes it) lets tokens signed before a rotation verify too.
    config.setdefault("WTF_CSRF_SECRET_KEY", [*fallbacks, config["SECRET_KEY"]])


def signing_keys(config) -> list[bytes]:
    """The current secret key, then its fallbacks: what a keyed hash may have been made
    with."""
    keys = [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]
    return [key if isinstance(key, bytes) else key.encode() for key in keys]


def password_hash_problem(profile: str, env: str) -> str | None:
    """What is wrong with hashing passwords with ``profile`` (``NAVIGATOR_PASSWORD_HASH``)
    in environment ``env``, or None. Checked at start-up and again at each hashing, for
    an app whose config was given in code."""
    if profile not in ("default", "fast"):
        return f"NAVIGATOR_PASSWORD_HASH must be 'default' or 'fast', not {profile!r}"
    if profile == "fast" and env == "production":
        return ("NAVIGATOR_PASSWORD_HASH=fast is for tests only: unset it (or set 'default') "
                "when NAVIGATOR_ENV=production")
    return None


def from_environment() -> dict:
    """Build the Flask config mapping from the environment."""
    env = _env("ENV", "development")
    if env not in ("development", "production"):
        raise ConfigError(f"NAVIGATOR_ENV must be 'development' or 'production', not {env!r}")
    secret = _env("SECRET_KEY")
    if secret is None and env == "production":
        raise ConfigError("NAVIGATOR_SECRET_KEY must be set in production")
    geocoder = _env("GEOCODER", "offline")
    notifier = _env("NOTIFIER", "log" if env == "development" else "off")
    if notifier not in ("log", "smtp", "off"):
        raise ConfigError(f"NAVIGATOR_NOTIFIER must be 'log', 'smtp' or 'off', not {notifier!r}")
    if notifier == "smtp" and not (_env("SMTP_HOST") and _env("SMTP_FROM")):
        raise ConfigError("NAVIGATOR_NOTIFIER=smtp needs NAVIGATOR_SMTP_HOST and "
                          "NAVIGATOR_SMTP_FROM")
    password_hash = _env("PASSWORD_HASH", "default")
    problem = password_hash_problem(password_hash, env)
    if problem:
        raise ConfigError(problem)
    database_url = _normalize_database_url(
        _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'navigator.db'}")
    )
    migration_url = _env("MIGRATION_DATABASE_URL")
    if secret is None and is_postgres(database_url):
        raise ConfigError(POSTGRES_NEEDS_A_KEY)
    return {
        "NAVIGATOR_ENV": env,
        # None in development: create_app keeps one in instance/secret_key (SQLite only,
        # see settle_secret_key).
        "SECRET_KEY": secret,
        # Earlier keys, still accepted for what they signed: rotate by moving the old key
        # here and setting a new NAVIGATOR_SECRET_KEY.
        "SECRET_KEY_FALLBACKS": _keys(_env("SECRET_KEY_FALLBACKS")),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # Migrations (flask db upgrade) connect as this role, the tables' owner, and then
        # give the role of the database URL above only the rights it needs
        # (navigator.database_roles). None: they run as the application's role.
        "NAVIGATOR_MIGRATION_DATABASE_URL": (_normalize_database_url(migration_url)
                                             if migration_url else None),
        # A failed statement's error never shows its values (a resident's name, phone,
        # notes): create_app keeps hide_parameters whatever options a caller gives.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "NAVIGATOR_INDEX_DIR": _env("INDEX_DIR", str(INSTANCE_DIR / "index")),
        "NAVIGATOR_GEOCODER": geocoder,
        "NAVIGATOR_TIMEZONE": _env("TIMEZONE", "America/New_York"),
        # The same search within the same minute is answered from memory ("0" turns it
        # off, for measuring the search itself).
        "NAVIGATOR_SEARCH_CACHE": _env("SEARCH_CACHE", "1") not in ("0", "false", "no"),
        # Who keeps this host's search index current (navigator.search.searching):
        # "inline" (each commit, in the process that made it) or "follower" (only
        # `flask search follow`); unset: a follower in production on PostgreSQL.
        "NAVIGATOR_SEARCH_FOLLOW": _env("SEARCH_FOLLOW"),
        # This host's name in the search_replica table (unset: the machine's name and
        # the index folder); how long the change log keeps rows every live host has
        # applied, and after how long without a word a host no longer holds them back
        # (navigator.search.replicas).
        "NAVIGATOR_REPLICA_NAME": _env("REPLICA_NAME"),
        "NAVIGATOR_CHANGE_LOG_KEEP_HOURS": float(_env("CHANGE_LOG_KEEP_HOURS", "24")),
        "NAVIGATOR_REPLICA_STALE_HOURS": float(_env("REPLICA_STALE_HOURS", "168")),
        # The concept lexicon of search (how people say what they need, and the words
        # directories use for it): a city may keep its own.
        "NAVIGATOR_CONCEPTS": _env("CONCEPTS", str(ROOT / "directory_data" / "concepts.yaml")),
        # The semantic stage of search (navigator.search.embedding): "use" (default, a
        # multilingual model inside its package), "e5", "sentence-transformers:PATH",
        # "MODULE:ATTRIBUTE", or "off"; and where listing vectors are kept (by default
        # beside the index).
        "NAVIGATOR_EMBEDDER": _env("EMBEDDER", "use"),
        # The directory's country: an imported address that names none is in it.
        "NAVIGATOR_COUNTRY": _env("COUNTRY", "US"),
        "NAVIGATOR_VECTORS_DIR": _env("VECTORS_DIR"),
        # Staff sessions end after this long without a request, and this long after
        # sign-in whatever happens (navigator.auth.sessions).
        "NAVIGATOR_IDLE_MINUTES": int(_env("IDLE_MINUTES", "30")),
        "NAVIGATOR_SESSION_HOURS": int(_env("SESSION_HOURS", "12")),
        # How staff passwords are hashed (navigator.auth.passwords): "default" is argon2id
        # at 64 MiB and 3 passes; "fast" (tests only) at its cheapest, refused in production.
        "NAVIGATOR_PASSWORD_HASH": password_hash,
        # A follow-up is due this long after a referral is sent (navigator.workflow).
        "NAVIGATOR_FOLLOW_UP_HOURS": int(_env("FOLLOW_UP_HOURS", "48")),
        # How messages are sent (navigator.workflow.notify, navigator.auth.mailout): each
        # is written to the outbox table in the transaction that causes it; "log" only
        # keeps it there (development), "smtp" sends it (navigator.outbox), "off" refuses.
        "NAVIGATOR_NOTIFIER": notifier,
        # A message the mail server refuses is tried again, first after this many seconds,
        # then twice as long each time, this many attempts in all before it is given up
        # (and shown to admins).
        "NAVIGATOR_MAIL_RETRY_SECONDS": int(_env("MAIL_RETRY_SECONDS", "60")),
        "NAVIGATOR_MAIL_ATTEMPTS": int(_env("MAIL_ATTEMPTS", "8")),
        # What residents send while the database is down waits here (navigator.spool).
        "NAVIGATOR_SPOOL_DIR": _env("SPOOL_DIR", str(INSTANCE_DIR / "spool")),
        # Where the site is reached: links printed or sent outside a request (the one-time
        # link of `flask users invite`) start with it.
        "NAVIGATOR_BASE_URL": _env("BASE_URL", "http://localhost:5000"),
        "NAVIGATOR_SMTP_HOST": _env("SMTP_HOST"),
        "NAVIGATOR_SMTP_PORT": int(_env("SMTP_PORT", "587")),
        "NAVIGATOR_SMTP_USER": _env("SMTP_USER"),
        "NAVIGATOR_SMTP_PASSWORD": _env("SMTP_PASSWORD"),
        "NAVIGATOR_SMTP_FROM": _env("SMTP_FROM"),
        "NAVIGATOR_SMTP_TLS": _env("SMTP_TLS", "1") not in ("0", "false", "no"),
        # A CA bundle for a mail server whose certificate a private CA signed (the system's
        # trusted CAs otherwise); the certificate is always verified.
        "NAVIGATOR_SMTP_CA_FILE": _env("SMTP_CA_FILE"),
        # Texts over SMTP go to this email-to-SMS address, e.g. "{number}@sms.example.org".
        "NAVIGATOR_SMS_GATEWAY": _env("SMS_GATEWAY"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": _env("TIMEZONE", "America/New_York"),
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "navigator" / "translations"),
        # Counters of the public forms' rate limits: memory (per process) by default;
        # a shared store (redis://...) when several workers or hosts serve the site.
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Requests per client address to /api (Flask-Limiter syntax; "off": none).
        "NAVIGATOR_API_RATE_LIMIT": _env("API_RATE_LIMIT", "600 per minute"),
        # How many reverse proxies (nginx, a load balancer) stand in front of the app.
        "NAVIGATOR_PROXIES": int(_env("PROXIES", "0")),
        # Static files may be cached for a year: pages link them by a URL that holds
        # a hash of their content (``static_url`` in templates), new when they change.
        "SEND_FILE_MAX_AGE_DEFAULT": 31_536_000,
    }
