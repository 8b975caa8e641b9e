"""The PostgreSQL server the suite may use, and empty databases created on it."""

from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine, make_url, text


def postgres_server_url() -> str | None:
    """The PostgreSQL server the suite may use, or None (then PostgreSQL tests skip)."""
    url = os.environ.get("NAVIGATOR_TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        return url
    default = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    try:
        engine = create_engine(default, connect_args={"connect_timeout": 2},
                               hide_parameters=True)
        with engine.connect():
            pass
        engine.dispose()
        return default
    except Exception:
        if os.environ.get("NAVIGATOR_REQUIRE_POSTGRES"):
            raise
        return None


class PostgresDatabases:
    """Creates empty databases (and login roles) on the test server and drops them
    afterwards."""

    def __init__(self, server_url: str):
        self.server = make_url(server_url)
        self.created: list[str] = []
        self.roles: dict[str, str] = {}  # name -> password

    def _admin(self):
        return create_engine(self.server, isolation_level="AUTOCOMMIT", hide_parameters=True)

    def create(self, owner: str | None = None) -> str:
        """A new empty database (owned by the role ``owner``, else the server URL's)."""
        name = f"navigator_test_{uuid.uuid4().hex[:12]}"
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'
                                    + (f' OWNER "{owner}"' if owner else "")))
        engine.dispose()
        self.created.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def create_role(self) -> str:
        """A new login role without special rights (roles belong to the whole server:
        each name is new, so that test runs side by side never share one)."""
        name = f"navigator_test_{uuid.uuid4().hex[:12]}"
        password = uuid.uuid4().hex
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(text(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'"))
        engine.dispose()
        self.roles[name] = password
        return name

    def as_role(self, url: str, role: str) -> str:
        """``url`` signed in as ``role``, one of ``create_role``'s."""
        return make_url(url).set(username=role, password=self.roles[role]) \
            .render_as_string(hide_password=False)

    def drop_all(self) -> None:
        engine = self._admin()
        with engine.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            # Once their databases are gone, the roles own and may use nothing.
            for name in self.roles:
                connection.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        engine.dispose()
