"""Connection to care: needs opened, referrals by state and category, warm handoffs,
connection and its timing, the resident's choice.

What each figure counts, for the records in the report's range and filters (``scope``):

- **people served**: residents with a need opened, a referral made or a contact in the
  range (with a category filter: a need or a referral in it);
- **needs opened**, those **with a warm handoff** (a handoff recorded on any of the
  need's referrals) and those **connected** (any of its referrals connected, so far);
- **referrals** made, by their state now and by their need's category;
- **the resident's choice**: of the referrals where the navigator recorded whether the
  service was the resident's choice among those offered, the share where it was;
- **days to connection**, for each referral made in the range and connected since: from
  the resident's first contact to the referral's move to "connected". The first contact
  is the earliest of the resident's first recorded contact (``Encounter``) and the
  creation of their record (a contact may be recorded after the record, dated earlier);
  the connection, the moment kept on the referral (``Referral.connected_at``).
  The median and the 90th percentile are interpolated between the two nearest values
  (``statistics.quantiles``, inclusive).
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db
from navigator.workflow.models import Encounter, Handoff, Need, Referral, Resident
from navigator.workflow.referrals import STATUS_LABELS, STATUSES

from . import scope
from .counting import (
    ALL, by_group, empty_row, grouped, people_served, rate, tuples, with_people,
)
from .period import Filters
from .sql import category_terms, days_between
from .tables import Column, Table

PEOPLE = Column("people", _l("People served"))
COLUMNS = [
    PEOPLE,
    Column("needs", _l("Needs opened")),
    Column("handoff", _l("Needs with a warm handoff"), part_of="needs"),
    Column("handoff_rate", _l("Share with a warm handoff"), "rate", ("handoff", "needs")),
    Column("connected", _l("Needs connected to a service"), part_of="needs"),
    Column("connected_rate", _l("Share connected"), "rate", ("connected", "needs")),
    Column("referrals", _l("Referrals made")),
    Column("asked", _l("Referrals where the resident's choice was recorded"),
           part_of="referrals"),
    Column("chosen", _l("The resident's choice"), part_of="asked"),
    Column("chosen_rate", _l("Share the resident chose"), "rate", ("chosen", "asked")),
    Column("timed", _l("Referrals connected"), part_of="referrals"),
    Column("median_days", _l("Median days from first contact to connection"), "days",
           ("timed",)),
    Column("p90_days", _l("90th percentile of days from first contact to connection"),
           "days", ("timed",)),
]


def new_rows() -> defaultdict:
    """Rows of counts keyed by group, each made empty when first used; the list of days
    (``add_days``) only for a group with a connection. (Counts alone, a row holds no
    object Python's garbage collector must follow: a year's 20,000 residents' lists of
    days made it go through every object of the process, twice per equity page.)"""
    empty = empty_row(COLUMNS)
    return defaultdict(lambda: dict(empty))


def empty_counts() -> dict:
    """A row of ``counts`` with nothing counted, its list of days there."""
    return {**empty_row(COLUMNS), "days": []}


def add_days(rows: dict, group, days: float) -> None:
    """The days to one of a group's connections into ``rows``."""
    row = rows[group]
    if "days" in row:
        row["days"].append(days)
    else:
        row["days"] = [days]


def counts(filters: Filters) -> dict:
    """The connection counts for everyone (``{ALL: row}``), with the days to each
    connection as a list (``"days"``, when there are any); ``finish`` makes the figures.
    (Each resident's, for the equity tables: ``per_resident``.)"""
    terms = category_terms(filters)
    rows = with_people(new_rows(), people_served(filters, terms))
    count_needs(rows, filters, terms, False)
    stmt = grouped(False, Referral.resident_id, *REFERRAL_COUNTS
                   ).where(*scope.referrals(filters, terms))
    for group, *found in tuples(stmt):
        add_referrals(rows, group, *found)
    for group, days in days_to_connection(filters, terms, False):
        add_days(rows, group, days)
    return rows


def count_needs(rows: dict, filters: Filters, terms, per_resident: bool) -> None:
    """The needs opened, with a warm handoff and connected, into ``rows``."""
    handed = select(Referral.need_id).join(Handoff, Handoff.referral_id == Referral.id)
    connected = select(Referral.need_id).where(Referral.status == "connected")
    stmt = grouped(per_resident, Need.resident_id, func.count(Need.id),
                   func.sum(case((Need.id.in_(handed), 1), else_=0)),
                   func.sum(case((Need.id.in_(connected), 1), else_=0))
                   ).where(*scope.needs(filters, terms))
    for group, count, handoff, done in tuples(by_group(stmt, per_resident, Need.resident_id)):
        if count:
            rows[group].update(needs=count, handoff=handoff or 0, connected=done or 0)


#: The referrals made, those where the resident's choice was recorded, and chosen.
REFERRAL_COUNTS = (func.count(), func.count(Referral.resident_choice),
                   func.sum(case((Referral.resident_choice.is_(True), 1), else_=0)))


def add_referrals(rows: dict, group, count: int, asked: int, chosen) -> None:
    """A group's ``REFERRAL_COUNTS`` into ``rows``."""
    if count:
        rows[group].update(referrals=count, asked=asked, chosen=chosen or 0)


def finish(row: dict) -> dict:
    """A row of ``counts`` (or a sum of them) as the figures: rates and days."""
    row = dict(row)
    days = row.pop("days", [])
    row["timed"] = len(days)
    row["median_days"], row["p90_days"] = median_and_p90(days)
    row["handoff_rate"] = rate(row["handoff"], row["needs"])
    row["connected_rate"] = rate(row["connected"], row["needs"])
    row["chosen_rate"] = rate(row["chosen"], row["asked"])
    return row


def figures(filters: Filters) -> dict:
    """The connection figures (``COLUMNS``' keys) for everyone: ``{ALL: row}``."""
    found = counts(filters)
    return {ALL: finish(found.get(ALL) or empty_counts())}


def median_and_p90(days: list[float]) -> tuple[float | None, float | None]:
    if not days:
        return None, None
    if len(days) == 1:
        return days[0], days[0]
    return statistics.median(days), statistics.quantiles(days, n=10, method="inclusive")[8]


def days_to_connection(filters: Filters, terms, per_resident: bool):
    """``(grp, days)`` for each referral in the scope connected since: the days from
    the resident's first contact (or their record, when made earlier) to the referral's
    connection (``Referral.connected_at``), worked out in the database."""
    # each resident's first contact, worked out once for all (not looked up again for
    # each of a year's 24,000 connections)
    first = (select(Encounter.resident_id, func.min(Encounter.happened_at).label("at"))
             .group_by(Encounter.resident_id).subquery())
    # no contact (NULL) compares as not earlier: the record's moment
    start = case((first.c.at < Resident.created_at, first.c.at), else_=Resident.created_at)
    stmt = (grouped(per_resident, Referral.resident_id,
                    days_between(Referral.connected_at, start))
            .select_from(Referral)
            .join(Resident, Resident.id == Referral.resident_id)
            .outerjoin(first, first.c.resident_id == Referral.resident_id)
            .where(Referral.status == "connected", Referral.connected_at.is_not(None),
                   *scope.referrals(filters, terms)))
    return tuples(stmt)


def _by_category_and_state(filters: Filters, terms) -> list:
    """``(need's category, state, referrals)`` of the referrals in the scope."""
    return db.session.execute(
        select(Need.taxonomy_term_id, Referral.status, func.count(Referral.id))
        .select_from(Referral).outerjoin(Need, Need.id == Referral.need_id)
        .where(*scope.referrals(filters, terms))
        .group_by(Need.taxonomy_term_id, Referral.status)).all()


def _state_table(found: list) -> Table:
    by_state: dict = defaultdict(int)
    for _, status, count in found:
        by_state[status] += count
    rows = [{"state": STATUS_LABELS[s], "referrals": by_state[s]} for s in STATUSES]
    rows.append({"state": _l("Total"), "referrals": sum(by_state[s] for s in STATUSES)})
    return Table("referrals-by-state", _l("Referrals by state"), [
        Column("state", _l("State now"), "label"), Column("referrals", _l("Referrals"))],
        rows, description=_l("Referrals made in the period, by the state they are in now."),
        total_row=True, chart=("state", "referrals"))


def _category_table(filters: Filters, found: list) -> Table:
    tree = TaxonomyTree.load(db.session)
    totals: dict = defaultdict(lambda: [0, 0])
    for term, status, count in found:
        key = rolled_up(tree, term, filters.category)
        totals[key][0] += count
        totals[key][1] += count if status == "connected" else 0
    names = sorted((k for k in totals if k is not None), key=lambda k: tree.names.get(k, k))
    rows = [{"category": tree.names.get(k, k), "referrals": totals[k][0],
             "connected": totals[k][1], "connected_rate": rate(totals[k][1], totals[k][0])}
            for k in names + ([None] if None in totals else [])]
    if None in totals:
        rows[-1]["category"] = _l("No need recorded")
    all_ = [sum(t[0] for t in totals.values()), sum(t[1] for t in totals.values())]
    rows.append({"category": _l("Total"), "referrals": all_[0], "connected": all_[1],
                 "connected_rate": rate(all_[1], all_[0])})
    return Table("referrals-by-category", _l("Referrals by need category"), [
        Column("category", _l("Need category"), "label"),
        Column("referrals", _l("Referrals")),
        Column("connected", _l("Connected"), part_of="referrals"),
        Column("connected_rate", _l("Share connected"), "rate", ("connected", "referrals"))],
        rows, description=_l("Referrals made in the period, by their need's category (its "
                             "top category, or the one below the category chosen), and how "
                             "many are connected now."),
        total_row=True, chart=("category", "referrals"))


def rolled_up(tree: TaxonomyTree, term: str | None, root: str | None) -> str | None:
    """The category a term is counted under: its top-level ancestor, or, below the
    filter's category ``root``, the term just under ``root`` (``root`` itself for
    ``root``)."""
    if term is None:
        return None
    chain = tree.lineage(term)
    if not chain:
        return term
    if root is None or root not in chain:
        return chain[-1]
    at = chain.index(root)
    return chain[at - 1] if at > 0 else root


def tables(filters: Filters) -> list[Table]:
    found = _by_category_and_state(filters, category_terms(filters))
    summary = figures(filters)[ALL]
    return [
        Table("connection", _l("Connection to care"), list(COLUMNS), [summary],
              description=_l("Needs opened and referrals made in the period; connections "
                             "counted as they stand now. Days run from the resident's first "
                             "contact (or the creation of their record, when earlier) to the "
                             "referral's connection.")),
        _state_table(found),
        _category_table(filters, found),
    ]
