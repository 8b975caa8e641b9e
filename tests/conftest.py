"""Fixtures: a real database (SQLite, or PostgreSQL when NAVIGATOR_TEST_DATABASE_URL
points at a server), migrated with the project's own Alembic migrations."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest

# Keep the tests away from the developer's instance folder and its database.
_TMP = Path(tempfile.mkdtemp(prefix="navigator-tests-"))
os.environ["NAVIGATOR_INSTANCE_DIR"] = str(_TMP / "instance")
os.environ.pop("NAVIGATOR_DATABASE_URL", None)

from sqlalchemy import create_engine, delete, make_url, text  # noqa: E402

from navigator import create_app, search  # noqa: E402
from navigator.extensions import db  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
HSDS = SHARED / "hsds" / "3.0"
TRANSLATIONS = ROOT / "navigator" / "translations"


def compile_translations(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile each catalog (``<lang>/LC_MESSAGES/messages.po``) whose ``.mo`` is missing or
    older than it, as ``make`` does, so that ``pytest`` alone serves translated pages.
    Returns the ``.mo`` files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        with partial.open("wb") as target:
            write_mo(target, catalog)  # fuzzy entries left out, as pybabel compile does
        partial.replace(mo)  # whole or not at all, for a run started at the same time
        written.append(mo)
    return written


def postgres_server_url() -> str | None:
    """The PostgreSQL server the suite may use, or None (then PostgreSQL tests skip)."""
    url = os.environ.get("NAVIGATOR_TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        return url
    default = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    try:
        engine = create_engine(default, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return default
    except Exception:
        if os.environ.get("NAVIGATOR_REQUIRE_POSTGRES"):
            raise
        return None


class PostgresDatabases:
    """Creates empty databases on the test server and drops them afterwards."""

    def __init__(self, server_url: str):
        self.server = make_url(server_url)
        self.created: list[str] = []

    def _admin(self):
        return create_engine(self.server, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        name = f"navigator_test_{uuid.uuid4().hex[:12]}"
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        self.created.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        engine = self._admin()
        with engine.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


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


def empty_database_and_index() -> None:
    """Every table emptied, and an index that matches (bulk DELETEs bypass index sync)."""
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()
    db.session.remove()
    search.rebuild()


@pytest.fixture(scope="module")
def durham(app):
    """The Durham sample directory (``directory_data/``), imported once for a test module
    and removed afterwards, as ``app_context`` would: later tests start empty.

    No app context is held between tests: a request made by a test client inside one
    would share its ``g`` with every other request (Flask reuses an active context).
    """
    with app.app_context():
        empty_database_and_index()
        result = app.test_cli_runner().invoke(
            args=["directory", "import", str(ROOT / "directory_data")])
        assert result.exit_code == 0, result.output
        # The offline geocoder keeps the directory's addresses for 5 minutes and an import
        # does not refresh them: forget what an earlier test's directory left there, as a
        # freshly started process would, so that addresses of this directory are found.
        app.extensions["navigator.search"].geocoder._entries = None
    try:
        yield app
    finally:
        with app.app_context():
            empty_database_and_index()


@pytest.fixture
def client(app, app_context):
    return app.test_client()


@pytest.fixture
def runner(app, app_context):
    return app.test_cli_runner()


def require(path: Path) -> Path:
    """Skip the test when a file from the shared folder is not present."""
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path


class Staff:
    """Staff accounts for tests: ``user(...)`` creates one (as ``flask users create``
    would), ``sign_in(client, email)`` submits the real sign-in form."""

    password = "blue-harbor-lantern-47"

    def __init__(self, app):
        self.app = app

    def user(self, email: str = "navigator@example.org", role: str = "navigator",
             organization_id: str | None = None, password: str | None = None) -> int:
        from navigator.auth.accounts import create_user

        with self.app.app_context():
            user = create_user(email, password or self.password, role, organization_id)
            db.session.commit()
            return user.id

    def client(self):
        return self.app.test_client()

    @staticmethod
    def csrf(client, path: str = "/login") -> str:
        import re

        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]

    def sign_in(self, client, email: str = "navigator@example.org",
                password: str | None = None, **extra):
        return client.post("/login", data={
            "csrf_token": self.csrf(client), "email": email,
            "password": password or self.password, **extra})


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
