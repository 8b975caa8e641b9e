"""The importer's last step: write the checked rows in one transaction, or nothing."""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from navigator.extensions import db
from . import replacing
from .raw import Problem
from .report import ImportReport
from .rows import Rows
from .tables import TABLES, Patch, TableSpec, load_order
from .upsert import upsert


def write(data: dict[str, Rows], db_patches: list[tuple[Patch, dict[str, Any]]],
          report: ImportReport, *, replace: bool, gone: dict[str, set] | None,
          dropped: dict[str, int], known_ids: Callable[[str], set[str]],
          progress: Callable[[str, int], None]) -> None:
    """Write ``data`` parents first, then the patches of rows only in the database,
    then (``replace``) delete the ``gone`` rows; a refusal rolls it all back.
    ``known_ids`` gives the ids a row updates rather than inserts, by table."""
    session = db.session
    try:
        with _page_cache(session):
            _write(data, db_patches, report, replace=replace, gone=gone, dropped=dropped,
                   known_ids=known_ids, progress=progress)
        session.commit()
    except SQLAlchemyError as error:
        session.rollback()
        message = str(getattr(error, "orig", None) or error).splitlines()[0]
        report.problems.append(
            Problem("database", None, None, f"the import was refused and nothing was "
                                            f"written: {message}"))
        return
    report.written = True


#: SQLite's page cache while an import writes (KiB): its default 2 MB holds a few
#: thousand rows' pages, and rows keyed by UUIDs land all over each table and index,
#: so a big import read and wrote the same pages again and again (half its time).
SQLITE_IMPORT_CACHE_KIB = 65536


@contextlib.contextmanager
def _page_cache(session) -> Iterator[None]:
    """A bigger SQLite page cache for the writes; the connection's own is back before
    the transaction ends (and the connection goes back to the pool)."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    cursor = session.connection().connection.dbapi_connection.cursor()
    before = cursor.execute("PRAGMA cache_size").fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(before)}")
        cursor.close()


def _write(data: dict[str, Rows], db_patches: list[tuple[Patch, dict[str, Any]]],
           report: ImportReport, *, replace: bool, gone: dict[str, set] | None,
           dropped: dict[str, int], known_ids: Callable[[str], set[str]],
           progress: Callable[[str, int], None]) -> None:
    session = db.session
    for table in load_order():
        # Each table's rows are let go once written: in a process of one host with no
        # follower thread (``navigator.search.inline``), the commit rebuilds the search
        # index, which need not sit beside them.
        rows = data.pop(table, None)
        if rows is not None:
            _upsert(TABLES[table], rows, report, replace=replace, dropped=dropped,
                    known_ids=known_ids, progress=progress)
    for patch, changes in db_patches:
        target = db.metadata.tables[patch.target]
        key = changes.pop("key")
        session.execute(update(target).where(target.c.id == key).values(**changes))
    if replace:
        replacing.delete_gone(session, gone)


def _upsert(spec: TableSpec, rows: Rows, report: ImportReport, *, replace: bool,
            dropped: dict[str, int], known_ids: Callable[[str], set[str]],
            progress: Callable[[str, int], None]) -> None:
    count = report.counts[spec.name]
    good = [row for _, row in rows.good()]
    count.skipped = len(rows.rows) - len(good) + dropped.get(spec.name, 0)
    if not good:
        return
    existing = set() if "id" not in spec.key else known_ids(spec.name)
    if replace and (existing or "id" not in spec.key):
        # A row that comes back is the package's row whole: what the package does
        # not carry goes back to its default, as if the row were new. (Into an empty
        # table there is nothing to reset, and narrower rows write faster.)
        for column in spec.table.columns:
            if column.name not in rows.columns and column.name not in spec.key and (
                    column.default is None or column.default.is_scalar) and (
                    column.nullable or column.default is not None):
                rows.add_column(column.name, column.default.arg if column.default else None)
        good = [row for _, row in rows.good()]
    columns = rows.columns
    key_position = columns.index("id") if "id" in spec.key else None
    if key_position is not None:
        count.updated = sum(1 for row in good if row[key_position] in existing)
        count.inserted = len(good) - count.updated
    else:
        count.inserted = len(good)
    upsert(spec, columns, good, progress=lambda n: progress("write", n))
