"""SQL the reports need that SQLite and PostgreSQL spell differently: the days between
two moments, a moment's month, how SQLite's planner should read a column (``unindexed``,
``scanned``); and the filters' conditions shared by the sections.

The database stores moments as naive UTC (``UTCDateTime``); both functions read them so.
"""

from __future__ import annotations

from sqlalchemy import Float, String, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db

from .period import Filters


class days_between(FunctionElement):
    """``later - earlier`` in days, with the fraction of a day (1.5 is 36 hours)."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (f"(julianday({compiler.process(later, **kw)}) - "
            f"julianday({compiler.process(earlier, **kw)}))")


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (f"(EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - "
            f"{compiler.process(earlier, **kw)})) / 86400.0)")


class _sqlite_hint(FunctionElement):
    """A column as SQLite's planner should see it (each subclass says how); PostgreSQL,
    which weighs its plans with statistics, reads the bare column."""

    inherit_cache = True

    def __init__(self, column):
        super().__init__(column)
        self.type = column.type


class unindexed(_sqlite_hint):
    """A column to group by, as SQLite must not see it (``column || ''``): grouped by the
    bare column, SQLite reads the table in the order of an index that begins with the
    column, which is fast when the index holds every column the query reads, but when
    rows are looked up from there (in a random order) twice as slow on a year of records
    as reading the table in place and sorting. PostgreSQL groups by the bare column,
    which it hashes faster than the text made."""

    name = "unindexed"
    inherit_cache = True


class scanned(_sqlite_hint):
    """A column compared as itself, which SQLite reads by scanning the table rather than
    through the column's index (``+column``). Without statistics, SQLite takes a range
    of dates through the index and looks up every row it holds: on a year of records
    that is several times slower than reading the table through; PostgreSQL weighs the
    two with its statistics."""

    name = "scanned"
    inherit_cache = True


@compiles(unindexed)
def _unindexed_sqlite(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)} || '')"


@compiles(scanned)
def _scanned_sqlite(element, compiler, **kw):
    return f"+{compiler.process(element.clauses, **kw)}"


# (each class needs its own: a class's compilers are not inherited once it has one)
@compiles(unindexed, "postgresql")
@compiles(scanned, "postgresql")
def _bare_column(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


class month_of(FunctionElement):
    """A moment's month as "YYYY-MM" text."""

    type = String()
    inherit_cache = True
    name = "month_of"


@compiles(month_of)
def _month_of_sqlite(element, compiler, **kw):
    (moment,) = list(element.clauses)
    return f"strftime('%Y-%m', {compiler.process(moment, **kw)})"


@compiles(month_of, "postgresql")
def _month_of_postgresql(element, compiler, **kw):
    (moment,) = list(element.clauses)
    return f"to_char({compiler.process(moment, **kw)}, 'YYYY-MM')"


def category_terms(filters: Filters) -> set[str] | None:
    """The taxonomy terms the filters' category stands for (itself and every term below
    it), or None for no category filter."""
    if not filters.category:
        return None
    return TaxonomyTree.load(db.session).under({filters.category}) | {filters.category}


def in_range(moment: ColumnElement, filters: Filters) -> ColumnElement:
    """``moment`` falls within the filters' days."""
    return (moment >= filters.starts_at) & (moment < filters.ends_before)


def same_place(place_column: ColumnElement, filters: Filters) -> ColumnElement:
    """A resident's place is the filters' (case and surrounding spaces aside)."""
    return func.lower(func.trim(place_column)) == (filters.place or "").strip().lower()


def top_categories() -> dict[str, str]:
    """Every taxonomy term -> its top-level term."""
    tree = TaxonomyTree.load(db.session)
    return {term: tree.top(term) for term in tree.parents}

