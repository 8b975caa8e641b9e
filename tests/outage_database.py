"""A database of its own for the outage tests, whose connections can be refused and let in
again: for real, on the server (PostgreSQL) or the disk (SQLite)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from navigator.extensions import db


class SwitchableDatabase:
    """``refuse()`` cuts the app off its database; ``allow()`` lets it back in.

    PostgreSQL: the database stops taking connections (``ALLOW_CONNECTIONS false``) and
    the app's open ones are ended (``pg_terminate_backend``), as when a server restarts;
    the app's pool finds them dead by itself. SQLite: the folder holding the file is
    moved away, as when a disk goes; the app's pool is emptied first, since an open
    SQLite file stays usable after a move.
    """

    def __init__(self, app, server_url: str | None = None, folder: Path | None = None):
        self.app, self.server_url, self.folder = app, server_url, folder
        self.refused = False

    @property
    def name(self) -> str:
        return make_url(self.app.config["SQLALCHEMY_DATABASE_URI"]).database

    def _server(self, *statements: str) -> None:
        engine = create_engine(self.server_url, isolation_level="AUTOCOMMIT",
                               hide_parameters=True)
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
        engine.dispose()

    def refuse(self) -> None:
        if self.server_url:
            self._server(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false',
                         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         f"WHERE datname = '{self.name}' AND pid <> pg_backend_pid()")
        else:
            with self.app.app_context():
                db.engine.dispose()
            os.rename(self.folder, self.folder.with_name(self.folder.name + ".away"))
        self.refused = True

    def allow(self) -> None:
        if not self.refused:
            return
        if self.server_url:
            self._server(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')
        else:
            os.rename(self.folder.with_name(self.folder.name + ".away"), self.folder)
        self.refused = False
