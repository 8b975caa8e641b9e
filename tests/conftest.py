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


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "NAVIGATOR_INDEX_DIR": str(tmp_path_factory.mktemp("index")),
        "SECRET_KEY": "test",
    })
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    return app


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield app
        db.session.rollback()
        # Empty every table so each test starts from a clean database.
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()
        # Bulk deletes bypass the index sync: empty the index with the tables.
        search.rebuild()


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
