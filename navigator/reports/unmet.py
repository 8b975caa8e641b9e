"""Unmet needs: searches that found nothing, needs with no suitable service, referrals
declined for no capacity or not eligible, by month.

- Searches (``unmet_searches``): by month, by the category their words point to and by
  ZIP code.
- A need had **no suitable service** when it was not met and no referral for it was
  ever sent (none was made, or only drafts that never left): still open, or closed
  without being met. Counted in the month the need was recorded, under its category.
- A referral **declined** for no capacity or not eligible is counted in the month of
  the provider's answer, beside all the answers (accepted or declined) of that month,
  under its need's category ("No need recorded" when it was made for none).

Filters: the date range; the category (the need's, its sub-categories included); the
place (as recorded on the resident); the team of the navigator who recorded the need or
made the referral.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, null, select

from navigator.auth.models import User
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db
from navigator.i18n import current_language
from navigator.workflow.models import Need, Referral, ReferralEvent, Resident
from . import unmet_searches
from .period import Filters
from .tables import Column, Table
from .unmet_searches import category_name, level, month_label, month_of, months

DECLINED = ("no_capacity", "not_eligible")
NO_NEED = ""  # the row of referrals made for no need


def _scoped(statement, filters: Filters, tree: TaxonomyTree, term_column, resident_column,
            user_column):
    """``statement`` within the category, place and team filters."""
    if filters.category:
        wanted = tree.under([filters.category]) | {filters.category}
        statement = statement.where(term_column.in_(sorted(wanted)))
    if filters.place:
        statement = statement.where(exists().where(
            Resident.id == resident_column,
            func.lower(Resident.place) == filters.place.strip().lower()))
    if filters.team:
        statement = statement.where(exists().where(User.id == user_column,
                                                   User.team == filters.team))
    return statement


def _needs(filters: Filters, tree: TaxonomyTree):
    """(month index, term, recorded, open with none sent, closed with none sent) rows."""
    # NOT IN a list made once (a hashed subplan, an ephemeral index), not a lookup per need.
    unsent = Need.id.not_in(select(Referral.need_id).where(Referral.need_id.is_not(None),
                                                           Referral.sent_at.is_not(None)))
    inner = (select(month_of(Need.created_at, filters, moments=True).label("month"),
                    Need.taxonomy_term_id.label("term"),
                    *(case((and_(Need.status == status, unsent), 1), else_=0)
                      .label(f"{status}_unsent") for status in ("open", "closed")))
             .where(Need.created_at >= filters.starts_at,
                    Need.created_at < filters.ends_before))
    inner = _scoped(inner, filters, tree, Need.taxonomy_term_id, Need.resident_id,
                    Need.created_by).subquery()
    keys = [inner.c.month, inner.c.term]
    return db.session.execute(select(*keys, func.count(), func.sum(inner.c.open_unsent),
                                     func.sum(inner.c.closed_unsent)).group_by(*keys)).all()


def _answers(filters: Filters, tree: TaxonomyTree, declined_only: bool):
    """(month index, need term, answered, no capacity, not eligible) rows: providers'
    answers (accepted or declined) in the range, or only the declines for no capacity or
    not eligible. The referral and its need are joined only for the declines, whose
    category is shown: a year's 60,000 answers are counted from the events alone, those
    within a filter from the events of the referrals it leaves, listed once."""
    declined = ReferralEvent.to_status == "declined"
    scoped = bool(filters.category or filters.place or filters.team)
    term = Need.taxonomy_term_id if declined_only else null()
    inner = (select(month_of(ReferralEvent.occurred_at, filters, moments=True).label("month"),
                    term.label("term"),
                    *(case((and_(declined, ReferralEvent.reason == reason), 1), else_=0)
                      .label(f"declined_{reason}") for reason in DECLINED))
             .where(ReferralEvent.occurred_at >= filters.starts_at,
                    ReferralEvent.occurred_at < filters.ends_before))
    if declined_only:
        inner = _scoped(inner.where(declined, ReferralEvent.reason.in_(DECLINED))
                        .select_from(ReferralEvent)
                        .join(Referral, Referral.id == ReferralEvent.referral_id)
                        .outerjoin(Need, Need.id == Referral.need_id),
                        filters, tree, Need.taxonomy_term_id, Referral.resident_id,
                        Referral.created_by)
    else:
        inner = inner.where(ReferralEvent.to_status.in_(("accepted", "declined")))
        if scoped:
            kept = _scoped(select(Referral.id).outerjoin(Need, Need.id == Referral.need_id),
                           filters, tree, Need.taxonomy_term_id, Referral.resident_id,
                           Referral.created_by)
            inner = inner.where(ReferralEvent.referral_id.in_(kept))
    inner = inner.subquery()
    keys = [inner.c.month, inner.c.term]
    return db.session.execute(select(*keys, func.count(),
                                     *(func.sum(inner.c[f"declined_{r}"]) for r in DECLINED))
                              .group_by(*keys)).all()


def _add(totals: dict, key, values) -> None:
    found = totals.setdefault(key, [0] * len(values))
    for at, value in enumerate(values):
        found[at] += int(value or 0)


def _tables_by(filters, tree, lang, key, rows, columns, titles, description,
               by_category=None) -> list[Table]:
    """A table by month (every month of the range, a total row) of ``rows`` and one by
    category (largest first) of ``by_category`` (``rows`` unless given): (month index,
    term, *counts of ``columns``); the category table leaves out the first column when
    ``by_category`` is given (it holds only the parts)."""
    by_month, groups = {}, {}
    in_range = months(filters)
    for month, _term, *values in rows:
        _add(by_month, in_range[month], values)
    category_columns = columns if by_category is None else columns[1:]
    for _month, term, *values in rows if by_category is None else by_category:
        group = level(term, tree, filters.category) if term else NO_NEED
        _add(groups, group, values[len(columns) - len(category_columns):])
    names = [c.key for c in columns]
    zero = [0] * len(names)
    month_rows = [{"month": month_label(*m), **dict(zip(names, by_month.get(m, zero)))}
                  for m in in_range]
    total = [sum(column) for column in zip(zero, *by_month.values())]
    no_need = str(_l("No need recorded"))
    parts = [c.key for c in category_columns]
    chart = columns[1].key
    category_rows = sorted(
        ({"category": category_name(g, tree, lang) if g else no_need,
          **dict(zip(parts, values))} for g, values in groups.items()),
        key=lambda row: (-row[chart], row["category"]))
    if by_category is not None:  # parts of nothing shown: no longer parts
        category_columns = [Column(c.key, c.label, c.kind) for c in category_columns]
    return [
        Table(f"{key}-by-month", titles[0], [Column("month", _l("Month"), "label"), *columns],
              [*month_rows, {"month": str(_l("Total")), **dict(zip(names, total))}],
              description=description, total_row=True, chart=("month", chart)),
        Table(f"{key}-by-category", titles[1],
              [Column("category", _l("Category"), "label"), *category_columns],
              category_rows, description=description, chart=("category", chart)),
    ]


def tables(filters: Filters) -> list[Table]:
    tree = TaxonomyTree.load(db.session)
    lang = current_language()
    found = unmet_searches.tables(filters, tree, lang)
    found += _tables_by(
        filters, tree, lang, "needs", _needs(filters, tree),
        [Column("recorded", _l("Needs recorded")),
         Column("open", _l("Still open, no referral sent"), part_of="recorded"),
         Column("closed", _l("Closed unmet, no referral sent"), part_of="recorded")],
        (_l("Needs with no suitable service, by month"),
         _l("Needs with no suitable service, by category")),
        str(_l("Needs recorded in the period that were not met and for which no referral "
               "was ever sent: still open, or closed without being met.")))
    found += _tables_by(
        filters, tree, lang, "declined", _answers(filters, tree, declined_only=False),
        [Column("answered", _l("Referrals answered")),
         Column("no_capacity", _l("Declined: no capacity"), part_of="answered"),
         Column("not_eligible", _l("Declined: not eligible"), part_of="answered")],
        (_l("Referrals declined for no capacity or not eligible, by month"),
         _l("Referrals declined for no capacity or not eligible, by category")),
        str(_l("Providers' answers in the period (accepted or declined), and those "
               "declined because the service had no room or the resident was not "
               "eligible, under the category of the need the referral was made for.")),
        by_category=_answers(filters, tree, declined_only=True))
    return found
