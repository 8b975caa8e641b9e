"""The categories each logged search was for, stored on its row of the search log.

The unmet-needs report groups and filters the searches that found nothing by category.
Reading a year's words at report time (``categories_of``) cost the report a second, so
each search's categories are read once, when it is logged, and kept in
``search_log.categories``: the taxonomy term ids its words point to (as
``categories_of`` reads them) and those it was filtered to, then after a bar the terms
above them, each led and the whole followed by a space (`` a b | p ``, ``""`` for
none). ``LIKE '% p %'`` is then "a search for p or a term below it" (the report's
category filter) in one test per row, on SQLite and PostgreSQL alike; the terms before
the bar are what the report counts under. NULL means "not read yet" (a row logged before
the column existed and not yet filled, one whose reading failed, or one with too many
categories to index): the report reads those itself, as here.

The words' categories follow the taxonomy of the day they were read: after the taxonomy
changes, ``flask search log-categories --all`` reads every row again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import Integer, Text, bindparam, column, select, table
from sqlalchemy.orm import Session

from navigator.directory.taxonomy_tree import TaxonomyTree

from .meaning import categories_of
from .searching import _tree

#: Rows read and written at a time when rows are filled or read again.
BATCH = 2000
#: The longest categories and filters texts kept together: the report's indexes hold
#: both, and a PostgreSQL index entry holds at most 2,704 bytes. Vague words ("casa
#: gratis") point to 60 categories, 2,400 characters; longer ones are read by the report.
MAX_INDEXED = 2400

_log = table("search_log", column("id", Integer), column("terms", Text),
             column("filters", Text), column("categories", Text))


@lru_cache(maxsize=4096)
def filter_terms(filters_json: str | None) -> tuple[str, ...]:
    """The categories a logged search was filtered to (its ``taxonomy_term_id`` filter)."""
    if "taxonomy_term_id" not in (filters_json or ""):
        return ()
    try:
        found = json.loads(filters_json or "{}").get("taxonomy_term_id") or []
    except (ValueError, AttributeError):
        return ()
    return tuple(t for t in found if isinstance(t, str)) if isinstance(found, list) else ()


def stored(term_ids: Iterable[str], tree: TaxonomyTree) -> str:
    """The column's text for ``term_ids``: `` a b | p q `` (the terms, then those above
    them), "" for none."""
    found = sorted(set(term_ids))
    if not found:
        return ""
    above = sorted({a for t in found for a in tree.lineage(t)[1:]} - set(found))
    return "".join(f" {t}" for t in found) + " |" + "".join(f" {a}" for a in above) + " "


def categories_in_log(text: str) -> tuple[str, ...]:
    """The categories the column's text (not NULL) holds, without those above them."""
    return tuple(text.partition("|")[0].split())


def read_log_categories(texts_and_filters: Iterable[tuple[str, str | None]],
                        tree: TaxonomyTree | None = None) -> dict[tuple, str]:
    """Each distinct (words, filters JSON) of a logged search -> the column's text for
    its categories. ``tree``: the taxonomy read on a given connection (see ``fill``)."""
    pairs = set(texts_and_filters)
    read = categories_of((words for words, _ in pairs), tree)
    tree = _tree() if tree is None else tree
    return {(words, chosen): stored((*read[words], *filter_terms(chosen)), tree)
            for words, chosen in pairs}


def log_categories(texts_and_filters: Iterable[tuple[str, str | None]],
                   tree: TaxonomyTree | None = None) -> dict[tuple, str | None]:
    """What the log keeps for each distinct (words, filters JSON): the column's text, or
    NULL when it and the filters are too long to index (the report reads those)."""
    return {pair: None if len(found) + len(pair[1] or "") > MAX_INDEXED else found
            for pair, found in read_log_categories(texts_and_filters, tree).items()}


def fill(connection, every: bool = False, batch: int = BATCH, commit=None) -> int:
    """Read the categories of the search log's rows not read yet (``every``: of every
    row, after the taxonomy changed), ``batch`` rows at a time by id, on ``connection``;
    ``commit()`` after each batch when given. Returns the rows written.

    The taxonomy is read on ``connection`` too: within a migration, where the other
    connections cannot see (or would wait on) what the migration has not committed."""
    with Session(bind=connection) as session:
        tree = TaxonomyTree.load(session)
    written, last = 0, 0
    while True:
        query = select(_log.c.id, _log.c.terms, _log.c.filters, _log.c.categories).where(
            _log.c.id > last).order_by(_log.c.id).limit(batch)
        if not every:
            query = query.where(_log.c.categories.is_(None))
        rows = connection.execute(query).all()
        if not rows:
            return written
        last = rows[-1].id
        read = log_categories(((r.terms or "", r.filters) for r in rows), tree)
        changed = [{"row": r.id, "read": read[(r.terms or "", r.filters)]} for r in rows
                   if r.categories != read[(r.terms or "", r.filters)]]
        if changed:
            connection.execute(_log.update().where(_log.c.id == bindparam("row"))
                               .values(categories=bindparam("read")), changed)
            written += len(changed)
        if commit is not None:
            commit()
