"""Putting the test database and its search index in a known state: empty, or holding one
imported directory."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select, text

from navigator import search
from navigator.extensions import db


#: Index folder -> ``search.directory_stamp()`` of the index this module last built from an
#: empty database.
_EMPTY_INDEX: dict[str, tuple] = {}


def _directory_tables() -> set[str]:
    """The tables the search index is built from (``navigator.directory.models``)."""
    return {table.name for mapper in db.Model.registry.mappers
            if mapper.class_.__module__.startswith("navigator.directory.models")
            for table in mapper.tables}


def empty_database() -> int:
    """Every table emptied with bulk DELETEs, which bypass index sync; returns how many
    rows of the directory's tables (those the index is built from) were deleted.

    On PostgreSQL the audit log's triggers refuse any DELETE: the tests' role owns the
    tables, and turns them off inside this transaction only (nobody else sees them off).
    """
    db.session.rollback()
    directory = _directory_tables()
    directory_rows = 0
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:
        db.session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
    for table in reversed(db.metadata.sorted_tables):
        deleted = db.session.execute(delete(table)).rowcount
        if table.name in directory:
            directory_rows += deleted
    if postgres:
        db.session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
    db.session.commit()
    db.session.remove()
    return directory_rows


def table_rows(leave_out: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every row of every table but those of ``leave_out``, each table's in a fixed
    order: a snapshot to compare with a later one (``changed_rows``)."""
    return {table.name: sorted((tuple(row) for row in db.session.execute(select(table))),
                               key=repr)
            for table in db.metadata.sorted_tables if table.name not in leave_out}


def changed_rows(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    """What differs between two snapshots, a line per table: its rows gone and new."""
    changes = []
    for name in before:
        gone = [r for r in before[name] if r not in after[name]]
        new = [r for r in after[name] if r not in before[name]]
        if gone or new:
            changes.append(f"{name}: gone {gone!r:.300} new {new!r:.300}")
    return changes


def empty_database_and_index() -> None:
    """Every table emptied, and an index that matches.

    Emptying directory rows is a change of the directory: its change log says "rebuild"
    and the (inline) follower rebuilds the index from the empty database on the commit.
    Otherwise the index is rebuilt unless it is the one last left here for an empty
    database, unchanged since (same change applied): a test that only made staff
    accounts, residents or audit events leaves the index as it was.
    """
    directory_rows = empty_database()
    folder = current_app.config["NAVIGATOR_INDEX_DIR"]
    try:
        stamp = search.directory_stamp()
    except search.IndexNotReady:
        stamp = None
    if stamp is not None and (directory_rows or _EMPTY_INDEX.get(folder) == stamp):
        search.follow_step()  # what the emptying logged, if the commit did not apply it
    else:
        search.rebuild()
    _EMPTY_INDEX[folder] = search.directory_stamp()


def import_directory(app, path: Path) -> None:
    """An empty database, then the HSDS package at ``path`` imported and the index
    rebuilt, as the host's follower does after an import on the command line (emptying
    it first would be a rebuild for nothing)."""
    with app.app_context():
        empty_database()
        result = app.test_cli_runner().invoke(args=["directory", "import", str(path)])
        assert result.exit_code == 0, result.output
        search.follow_step()
        # The offline geocoder keeps the directory's addresses for 5 minutes and an import
        # does not refresh them: forget what an earlier test's directory left there, as a
        # freshly started process would, so that addresses of this directory are found.
        app.extensions["navigator.search"].geocoder._entries = None
