"""What the figures share: a report's filters as SQL conditions on each kind of record,
and date arithmetic that reads the same on SQLite and PostgreSQL.

Which navigator's team a record counts for, and where its category comes from:

- a need: its category and the navigator who recorded it;
- a referral: its need's category (none without a need) and the navigator who made it;
- a follow-up: its referral's need's category, and the navigator who recorded its
  contact, else who made its referral;
- a contact: who recorded it; contacts have no category, so a category filter leaves
  them out of the figures that count people, and does not apply to crisis outcomes.

A place filter matches ``Resident.place`` with case and outer spaces ignored ("Walltown "
is "walltown").
"""

from __future__ import annotations

from sqlalchemy import Float, String, and_, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from navigator.auth.models import User
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db
from navigator.workflow.models import Encounter, FollowUp, Need, Referral, Resident

from .period import Filters


class julian_days(FunctionElement):
    """A timestamp as a number of days (a float): subtract two for the days between."""

    type = Float()
    name = "julian_days"
    inherit_cache = True


@compiles(julian_days)
def _julian_days(element, compiler, **kw):
    return f"julianday({compiler.process(element.clauses, **kw)})"


@compiles(julian_days, "postgresql")
def _epoch_days(element, compiler, **kw):
    return f"(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) / 86400.0)"


class month_of(FunctionElement):
    """A timestamp's month as text, "2026-03"."""

    type = String()
    name = "month_of"
    inherit_cache = True


@compiles(month_of)
def _strftime_month(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(month_of, "postgresql")
def _to_char_month(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


def folded(column):
    """A free-text column compared with case and outer spaces ignored."""
    return func.lower(func.trim(column))


class scanned(FunctionElement):
    """A column compared as itself, which SQLite reads by scanning the table rather than
    through the column's index (``+column``). Without statistics, SQLite takes a range
    of dates through the index and looks up every row it holds: on a year of records
    that is several times slower than reading the table through; PostgreSQL weighs the
    two with its statistics."""

    name = "scanned"
    inherit_cache = True

    def __init__(self, column):
        super().__init__(column)
        self.type = column.type


@compiles(scanned)
def _unary_plus(element, compiler, **kw):
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(scanned, "postgresql")
def _as_is(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


def within(column, filters: Filters):
    column = scanned(column)
    return and_(column >= filters.starts_at, column < filters.ends_before)


def category_terms(filters: Filters) -> set[str] | None:
    """The filter's category and every term below it; None for no category filter."""
    if not filters.category:
        return None
    tree = TaxonomyTree.load(db.session)
    return tree.under([filters.category]) | {filters.category}


def resident_place(filters: Filters) -> list:
    """The place filter as a condition on ``Resident``."""
    if not filters.place:
        return []
    return [folded(Resident.place) == filters.place.strip().lower()]


def _place(resident_id, filters: Filters, place: bool = True) -> list:
    if not (place and filters.place):
        return []
    return [resident_id.in_(select(Resident.id).where(*resident_place(filters)))]


def _team(user_id, filters: Filters) -> list:
    if not filters.team:
        return []
    return [user_id.in_(select(User.id).where(User.team == filters.team))]


def _needs_in(terms) -> object:
    return select(Need.id).where(Need.taxonomy_term_id.in_(sorted(terms)))


def needs(filters: Filters, terms: set[str] | None, place: bool = True) -> list:
    """Needs opened in the range, in the filters' scope (``place=False``: but for the
    place, which the caller applies to ``Resident`` itself)."""
    found = [within(Need.created_at, filters), *_place(Need.resident_id, filters, place),
             *_team(Need.created_by, filters)]
    if terms is not None:
        found.append(Need.taxonomy_term_id.in_(sorted(terms)))
    return found


def referrals(filters: Filters, terms: set[str] | None, place: bool = True) -> list:
    """Referrals made in the range, in the filters' scope."""
    found = [within(Referral.created_at, filters), *_place(Referral.resident_id, filters, place),
             *_team(Referral.created_by, filters)]
    if terms is not None:
        found.append(Referral.need_id.in_(_needs_in(terms)))
    return found


def encounters(filters: Filters, place: bool = True) -> list:
    """Contacts made in the range, in the filters' place and team (no category)."""
    return [within(Encounter.happened_at, filters), *_place(Encounter.resident_id, filters, place),
            *_team(Encounter.recorded_by, filters)]


#: The moment a follow-up follows (``workflow.follow_ups.follows_since``), for a query
#: that joins a follow-up's contact and referral.
FOLLOWS_SINCE = func.coalesce(Encounter.happened_at, Referral.sent_at, FollowUp.created_at)


def follow_ups(filters: Filters, terms: set[str] | None) -> list:
    """Follow-ups of contacts and referrals made in the range, in the filters' scope
    (the query joins ``Encounter`` and ``Referral`` from ``FollowUp``, outer)."""
    found = [within(FOLLOWS_SINCE, filters), *_place(FollowUp.resident_id, filters),
             *_team(func.coalesce(Encounter.recorded_by, Referral.created_by), filters)]
    if terms is not None:
        found.append(Referral.need_id.in_(_needs_in(terms)))
    return found


def follow_up_query(stmt):
    """``stmt`` (a select) over follow-ups with their contact and referral joined."""
    return (stmt.select_from(FollowUp)
            .outerjoin(Encounter, FollowUp.encounter_id == Encounter.id)
            .outerjoin(Referral, FollowUp.referral_id == Referral.id))
