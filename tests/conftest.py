"""Fixtures: a real database (SQLite, or PostgreSQL when NAVIGATOR_TEST_DATABASE_URL
points at a server), migrated with the project's own Alembic migrations."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Keep the tests away from the developer's instance folder and its database.
_TMP = Path(tempfile.mkdtemp(prefix="navigator-tests-"))
os.environ["NAVIGATOR_INSTANCE_DIR"] = str(_TMP / "instance")
os.environ.pop("NAVIGATOR_DATABASE_URL", None)
# A key for every app the tests make, in this process and in the servers it starts: with
# PostgreSQL one is required (navigator.config.settle_secret_key).
os.environ.setdefault("NAVIGATOR_SECRET_KEY", "tests-only-secret-key")

from navigator import create_app  # noqa: E402
from tests.catalogs import compile_translations  # noqa: E402
from tests.database_state import empty_database_and_index, import_directory  # noqa: E402
from tests.fictional_directory import Directory  # noqa: E402
from tests.paths import ROOT  # noqa: E402
from tests.postgres_server import PostgresDatabases, postgres_server_url  # noqa: E402
from tests.staff_accounts import Staff  # noqa: E402


@pytest.fixture(scope="session")
def postgres():
    """A factory of empty PostgreSQL databases; skips when there is no server."""
    url = postgres_server_url()
    if url is None:
        pytest.skip("no PostgreSQL server (set NAVIGATOR_TEST_DATABASE_URL)")
    databases = PostgresDatabases(url)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory) -> str:
    if os.environ.get("NAVIGATOR_TEST_DATABASE_URL", "").startswith("postgresql"):
        return request.getfixturevalue("postgres").create()
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'navigator.db'}"


@pytest.fixture(scope="session", autouse=True)
def translations() -> None:
    """The compiled catalogs, for every app of the session (the browser tests' too)."""
    compile_translations()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory, translations):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "NAVIGATOR_INDEX_DIR": str(tmp_path_factory.mktemp("index")),
        "SECRET_KEY": "test",
        # Staff passwords hashed at argon2id's cheapest (tests/auth/test_passwords.py
        # checks what production uses).
        "NAVIGATOR_PASSWORD_HASH": "fast",
    })
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    return app


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield app
        # Each test starts from a clean database and index.
        empty_database_and_index()


@pytest.fixture(scope="module")
def durham(app):
    """The Durham sample directory (``directory_data/``), imported once for a test module
    and removed afterwards, as ``app_context`` would: later tests start empty.

    No app context is held between tests: a request made by a test client inside one
    would share its ``g`` with every other request (Flask reuses an active context).
    """
    import_directory(app, ROOT / "directory_data")
    try:
        yield app
    finally:
        with app.app_context():
            empty_database_and_index()


@pytest.fixture
def directory(app_context):
    """An empty directory and an index that matches it, whatever an earlier test left
    (the index is rebuilt only when it could hold an earlier test's listings)."""
    empty_database_and_index()
    return Directory()


@pytest.fixture
def client(app, app_context):
    return app.test_client()


@pytest.fixture
def runner(app, app_context):
    return app.test_cli_runner()


@pytest.fixture
def staff(app):
    """Staff accounts and clients, with fresh rate limits; no app context is held, so each
    request has its own (``g`` and the database session are per request, as in a server).
    Everything is removed afterwards."""
    from navigator.extensions import limiter

    limiter.reset()
    yield Staff(app)
    with app.app_context():
        empty_database_and_index()
