"""What the connection and follow-up figures share: rows of counts for everyone or for
each resident, and the people served.

A figure's queries run once, either for everyone (one row, keyed ``ALL``) or grouped by
resident (a row per resident, keyed by their id; ``PER_RESIDENT``). The equity tables
take the second and add the residents' rows up into each group of people (``equity``):
counts add up, and the days between two moments are kept as lists until a group's
median is taken, so one pass over the records serves every grouping.
"""

from __future__ import annotations

from sqlalchemy import func, null, select, union_all

from navigator.extensions import db
from navigator.workflow.models import Encounter, Need, Referral, Resident

from . import scope
from .period import Filters

#: The key of the one row of figures for everyone.
ALL = None


def empty_row(columns) -> dict:
    return {c.key: 0 if c.kind == "count" else None for c in columns}


def rate(part, whole):
    return part / whole if whole else None


def grouped(per_resident: bool, resident_id, *columns):
    """``select(grp, *columns)``: ``grp`` the resident's id, or NULL for everyone."""
    return select((resident_id if per_resident else null()).label("grp"),
                  *columns)


def tuples(stmt) -> list:
    """``stmt``'s rows as plain tuples, run on the session's connection (Core): none of
    the ORM's handling of each row, and no row objects kept, which Python's garbage
    collector would follow (tuples of plain values it drops from its watch)."""
    return list(map(tuple, db.session.connection().execute(stmt).fetchall()))


def with_people(rows: dict, people: dict) -> dict:
    """``rows`` (a ``defaultdict``: a row of its own for a group not there yet) with the
    people served of each group (``people_served``)."""
    for group, served in people.items():
        rows[group]["people"] = served
    return rows


def by_group(stmt, per_resident: bool, resident_id):
    return stmt.group_by(resident_id) if per_resident else stmt


def people_served(filters: Filters, terms) -> dict:
    """Residents with a need opened, a referral made or a contact in the range and the
    filters (with a category filter: a need or a referral in it): ``{ALL: n}``. (Each
    resident's, for the equity tables, come from their rows: ``per_resident``.)"""
    # one list of ids, not an EXISTS for each resident: the team's and place's
    # subqueries are read once (PostgreSQL would read them again for every resident)
    ids = [select(Need.resident_id).where(*scope.needs(filters, terms, place=False)),
           select(Referral.resident_id).where(*scope.referrals(filters, terms, place=False))]
    if terms is None:
        ids.append(select(Encounter.resident_id)
                   .where(*scope.encounters(filters, place=False)))
    found = [Resident.id.in_(union_all(*ids)), *scope.resident_place(filters)]
    return {ALL: db.session.scalar(select(func.count(Resident.id)).where(*found))}
