"""Unmet needs, the searches: those that found nothing, by month, by the category their
words point to and by ZIP.

A search "found nothing" when its result count was 0. Of those, one "refined to
nothing" had filters (a category, language, cost, access, age, open now, accepting
referrals, a distance) narrowing it to 0; the rest found nothing with their words (and
place) alone. The log is anonymous and keeps no team and no neighborhood: a team filter
does not apply to searches, nor does a neighborhood (only a ZIP code does).

The database counts each day and ZIP, and each set of categories the searches were for:
search read them when it logged each search (``navigator.search.log_categories``: the
categories its words point to and those it was filtered to), and the counts are added
up by category here. A search whose words point to several categories counts in each,
so that table has no total row.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, select

from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db
from navigator.search import SearchLog, categories_in_log, read_log_categories
from .period import Filters
from .tables import Column, Table

ZIP = re.compile(r"\d{5}")
NO_CATEGORY = ""  # the row of words search places in no category
NO_PLACE = ""  # the row of searches made with no place


@dataclass
class Count:
    searches: int = 0
    nothing: int = 0
    refined: int = 0

    def add(self, searches: int, nothing: int, refined: int) -> None:
        self.searches += searches
        self.nothing += nothing
        self.refined += refined


def months(filters: Filters) -> list[tuple[int, int]]:
    """Every (year, month) of the range, in order."""
    found, year, month = [], filters.start.year, filters.start.month
    while (year, month) <= (filters.end.year, filters.end.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def month_of(column, filters: Filters, moments: bool):
    """The index in ``months(filters)`` of the month ``column`` falls in, by comparisons
    alone: the same SQL on every database, and no date function called per row.
    ``moments``: the column holds datetimes, not dates."""
    starts = [date(year, month, 1) for year, month in months(filters)[1:]]
    if not starts:
        return literal(0)
    bounds = [datetime.combine(d, time.min) for d in starts] if moments else starts
    return case(*((column < bound, at) for at, bound in enumerate(bounds)),
                else_=len(bounds))


def _month(day) -> tuple[int, int]:
    """(year, month) of a date as the database gives it (SQLite: an ISO string)."""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return day.year, day.month


def month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def level(term: str, tree: TaxonomyTree, category: str | None) -> str:
    """The category a term is counted under: its top-level category, or with a category
    filter the term just below the filter's on its lineage (the filter's own when it is
    the term)."""
    chain = tree.lineage(term) or [term]
    if category is None or category not in chain:
        return chain[-1]
    at = chain.index(category)
    return chain[at - 1] if at else category


def category_name(term: str, tree: TaxonomyTree, lang: str) -> str:
    return (tree.spanish.get(term) if lang == "es" else None) or tree.names.get(term, term)


def _groups(filters: Filters, keys: tuple[str, ...], only_nothing: bool = False,
            category: str | None = None, unread: bool = False):
    """(*keys, searches, nothing, refined) rows, grouped by ``keys`` among "day",
    "zip_code", "categories", "terms" and "filters": by day, not month, the groups come
    in the order of the covering index ``ix_search_log_day_zip``, with nothing to sort
    or compute. ``category``: only the searches for it or a category below it;
    ``unread``: only those whose categories are not read yet (the others, otherwise)."""
    nothing = SearchLog.result_count == 0
    columns = {"day": SearchLog.searched_on, "zip_code": SearchLog.zip_code,
               "categories": SearchLog.categories, "terms": SearchLog.terms,
               "filters": SearchLog.filters}
    inner = (select(*(columns[k].label(k) for k in keys),
                    case((nothing, 1), else_=0).label("found_none"),
                    case((and_(nothing, SearchLog.filters != "{}"), 1), else_=0)
                    .label("refined_none"))
             .where(SearchLog.searched_on >= filters.start,
                    SearchLog.searched_on <= filters.end))
    if only_nothing:
        inner = inner.where(nothing)
    if filters.place and ZIP.fullmatch(filters.place.strip()):
        inner = inner.where(SearchLog.zip_code == filters.place.strip())
    if unread:
        inner = inner.where(SearchLog.categories.is_(None))
    elif category is not None:
        # The stored text holds " id " for each of its categories and each above them:
        # a search for the filter's category or one below it holds the filter's.
        inner = inner.where(SearchLog.categories.contains(f" {category} ", autoescape=True))
    inner = inner.subquery()
    group = [inner.c[k] for k in keys]
    return db.session.execute(select(*group, func.count(), func.sum(inner.c.found_none),
                                     func.sum(inner.c.refined_none)).group_by(*group)).all()


def counts(filters: Filters, tree: TaxonomyTree):
    """Counts by month, by ZIP and by category, within the filters.

    Each search's categories were read when it was logged (``search_log.categories``);
    the rows not read yet (logged before that column and not filled, or with too many
    categories to index: a few) are read here the same way."""
    by_month: dict[tuple[int, int], Count] = {}
    by_zip: dict[str, Count] = {}
    by_category: dict[str, Count] = {}
    wanted = tree.under([filters.category]) | {filters.category} if filters.category else None
    for day, zip_code, searches, nothing, refined in _groups(filters, ("day", "zip_code"),
                                                             category=filters.category):
        by_month.setdefault(_month(day), Count()).add(searches, nothing, refined)
        by_zip.setdefault(zip_code or NO_PLACE, Count()).add(searches, nothing, refined)
    rows = [(stored, nothing, refined) for stored, _searches, nothing, refined
            in _groups(filters, ("categories",), only_nothing=True,
                       category=filters.category)
            if stored is not None]
    unread = _groups(filters, ("day", "zip_code", "terms", "filters"), unread=True)
    # Not called for none: it would still load what reading words needs.
    read = (read_log_categories((terms, chosen) for _d, _z, terms, chosen, *_ in unread)
            if unread else {})
    for day, zip_code, terms, chosen, searches, nothing, refined in unread:
        stored = read[(terms, chosen)]
        if wanted is not None and wanted.isdisjoint(categories_in_log(stored)):
            continue
        if wanted is not None:  # the read rows' months and ZIPs count every search
            by_month.setdefault(_month(day), Count()).add(searches, nothing, refined)
            by_zip.setdefault(zip_code or NO_PLACE, Count()).add(searches, nothing, refined)
        if nothing:
            rows.append((stored, nothing, refined))
    levels = {t: level(t, tree, filters.category) for t in tree.parents
              if wanted is None or t in wanted}  # the row each term counts under
    for stored, nothing, refined in rows:
        found = {levels[t] for t in categories_in_log(stored) if t in levels}
        for key in found or (NO_CATEGORY,):
            by_category.setdefault(key, Count()).add(nothing, nothing, refined)
    return by_month, by_zip, by_category


def _share(nothing: int, searches: int) -> float | None:
    return nothing / searches if searches else None


SEARCHES = Column("searches", _l("Searches"))
NOTHING = Column("nothing", _l("Found nothing"), part_of="searches")
WORDS = Column("words", _l("With their words alone"), part_of="nothing")
REFINED = Column("refined", _l("Refined to nothing by filters"), part_of="nothing")
SHARE = Column("share", _l("Share that found nothing"), "rate", of=("nothing", "searches"))


def _row(label_key: str, label, count: Count) -> dict:
    return {label_key: label, "searches": count.searches, "nothing": count.nothing,
            "words": count.nothing - count.refined, "refined": count.refined,
            "share": _share(count.nothing, count.searches)}


def _notes(filters: Filters) -> str:
    notes = []
    if filters.team:
        notes.append(str(_l("Searches are anonymous: the team filter does not apply to them.")))
    if filters.place and not ZIP.fullmatch(filters.place.strip()):
        notes.append(str(_l("Searches keep only a ZIP code: the place filter applies to them "
                            "only when it is a ZIP code.")))
    return (" " + " ".join(notes)) if notes else ""


def tables(filters: Filters, tree: TaxonomyTree, lang: str) -> list[Table]:
    by_month, by_zip, by_category = counts(filters, tree)
    notes = _notes(filters)
    month_rows = [_row("month", month_label(*m), by_month.get(m, Count()))
                  for m in months(filters)]
    total = Count()
    for count in by_month.values():
        total.add(count.searches, count.nothing, count.refined)
    month_table = Table(
        "searches-by-month", _l("Searches that found nothing, by month"),
        [Column("month", _l("Month"), "label"), SEARCHES, NOTHING, WORDS, REFINED, SHARE],
        [*month_rows, _row("month", str(_l("Total")), total)],
        description=str(_l("Public and staff searches, and those that found nothing: with "
                           "their words alone, or once filters narrowed them to nothing."))
        + notes, total_row=True, chart=("month", "nothing"))
    unplaced = str(_l("Words search places in no category"))
    category_rows = sorted(
        ({"category": category_name(key, tree, lang) if key else unplaced,
          "nothing": count.nothing, "refined": count.refined}
         for key, count in by_category.items()),
        key=lambda row: (-row["nothing"], row["category"]))
    category_table = Table(
        "searches-by-category", _l("Searches that found nothing, by the category of their "
                                   "words"),
        [Column("category", _l("Category"), "label"),
         Column("nothing", _l("Found nothing")),
         Column("refined", _l("Refined to nothing by filters"), part_of="nothing")],
        category_rows,
        description=str(_l("The category the words point to, as search reads them, in "
                           "English or Spanish, or the category the search was filtered "
                           "to. A search whose words point to several categories counts "
                           "in each.")) + notes,
        chart=("category", "nothing"))
    no_place = str(_l("No place given"))
    zip_rows = [_row("zip", code or no_place, by_zip[code])
                for code in sorted(by_zip, key=lambda c: (c == NO_PLACE, c))]
    zip_rows.append(_row("zip", str(_l("Total")), total))
    zip_columns = [Column("zip", _l("ZIP code"), "label"), SEARCHES, NOTHING, SHARE]
    zip_table = Table(
        "searches-by-zip", _l("Searches that found nothing, by ZIP code"),
        zip_columns, [{c.key: row[c.key] for c in zip_columns} for row in zip_rows],
        description=str(_l("The ZIP code of the place the search was made for.")) + notes,
        total_row=True)
    return [month_table, category_table, zip_table]
