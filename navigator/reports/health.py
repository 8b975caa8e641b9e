"""Directory health: listings confirmed lately, pending review items and their age,
providers' time to answer a referral."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, case, distinct, func, select

from navigator.directory.models import Attribute, Organization, Service
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db
from navigator.i18n import current_language

from .answers import answer_time_table
from .period import Filters
from .review_ages import pending_review_table
from .sql import category_terms
from .tables import Column, Table

#: The ages of a confirmation the tables count: within 180 days (the directory's
#: stale limit) and within a year, before the report's last day.
RECENT_DAYS = (180, 365)


def tables(filters: Filters) -> list[Table]:
    return [confirmed_by_category(filters), confirmed_by_organization(filters),
            pending_review_table(), answer_time_table(filters)]


def _columns(first: Column) -> list[Column]:
    return [
        first,
        Column("listings", _("Listings")),
        Column("confirmed_180", _("Confirmed in the last 180 days"), part_of="listings"),
        Column("share_180", _("Share confirmed in 180 days"), "rate",
               of=("confirmed_180", "listings")),
        Column("confirmed_365", _("Confirmed in the last 365 days"), part_of="listings"),
        Column("share_365", _("Share confirmed in 365 days"), "rate",
               of=("confirmed_365", "listings")),
    ]


def _counts(filters: Filters):
    """The three counts of a group of listings (not defunct): all, and those confirmed
    in each of ``RECENT_DAYS`` before the report's last day."""
    def confirmed(days: int):
        since = filters.end - timedelta(days=days - 1)
        return func.count(distinct(case(
            (and_(Service.assured_date >= since, Service.assured_date <= filters.end),
             Service.id))))

    return (func.count(distinct(Service.id)).label("listings"),
            confirmed(RECENT_DAYS[0]).label("confirmed_180"),
            confirmed(RECENT_DAYS[1]).label("confirmed_365"))


def _row(label: str, listings: int, confirmed_180: int, confirmed_365: int) -> dict:
    return {"label": label, "listings": listings, "confirmed_180": confirmed_180,
            "confirmed_365": confirmed_365,
            "share_180": confirmed_180 / listings if listings else None,
            "share_365": confirmed_365 / listings if listings else None}


def _in_category(query, filters: Filters):
    terms = category_terms(filters)
    if terms is None:
        return query
    return query.where(Service.id.in_(
        select(Attribute.link_id).where(Attribute.link_entity == "service",
                                        Attribute.taxonomy_term_id.in_(terms))))


def confirmed_by_category(filters: Filters) -> Table:
    """Listings by top-level category: a listing filed under two counts in both."""
    table = Table(
        "confirmed-by-category", _("Listings confirmed lately, by category"),
        _columns(Column("label", _("Category"), "label")),
        description=_("Listings that are not closed for good, and how many of them their "
                      "provider confirmed in the 180 and 365 days before the last day of "
                      "the period. A listing in two categories counts in both. Not "
                      "filtered by place or team."),
        chart=("label", "share_180"))
    tree = TaxonomyTree.load(db.session)
    if not tree.parents:
        return table
    top = case({term: tree.top(term) for term in tree.parents},
               value=Attribute.taxonomy_term_id).label("top")
    query = (select(top, *_counts(filters))
             .join(Attribute, and_(Attribute.link_id == Service.id,
                                   Attribute.link_entity == "service"))
             .where(Service.status != "defunct").group_by(top))
    terms = category_terms(filters)
    if terms is not None:
        query = query.where(Attribute.taxonomy_term_id.in_(terms))
    names = tree.spanish if current_language() == "es" else {}
    rows = [_row(names.get(term) or tree.names.get(term, term), *counts)
            for term, *counts in db.session.execute(query)]
    table.rows = sorted(rows, key=lambda row: row["label"].casefold())
    return table


def confirmed_by_organization(filters: Filters) -> Table:
    table = Table(
        "confirmed-by-organization", _("Listings confirmed lately, by organization"),
        _columns(Column("label", _("Organization"), "label")),
        description=_("The same counts for each organization's listings, with their "
                      "totals in the last row."),
        total_row=True)
    query = _in_category(
        select(Organization.name, *_counts(filters))
        .join(Organization, Organization.id == Service.organization_id)
        .where(Service.status != "defunct")
        .group_by(Organization.id, Organization.name), filters)
    rows = sorted((_row(name, *counts) for name, *counts in db.session.execute(query)),
                  key=lambda row: row["label"].casefold())
    if rows:
        total = [sum(row[key] for row in rows)
                 for key in ("listings", "confirmed_180", "confirmed_365")]
        rows.append(_row(_("Total"), *total))
    table.rows = rows
    return table
