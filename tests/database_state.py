"""Putting the test database and its search index in a known state: empty, or holding one
imported directory."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete

from navigator import search
from navigator.extensions import db


def empty_database_and_index() -> None:
    """Every table emptied, and an index that matches (bulk DELETEs bypass index sync)."""
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()
    db.session.remove()
    search.rebuild()


def import_directory(app, path: Path) -> None:
    """An empty database, then the HSDS package at ``path`` imported (``flask directory
    import``, which rebuilds the index)."""
    with app.app_context():
        empty_database_and_index()
        result = app.test_cli_runner().invoke(args=["directory", "import", str(path)])
        assert result.exit_code == 0, result.output
        # The offline geocoder keeps the directory's addresses for 5 minutes and an import
        # does not refresh them: forget what an earlier test's directory left there, as a
        # freshly started process would, so that addresses of this directory are found.
        app.extensions["navigator.search"].geocoder._entries = None
