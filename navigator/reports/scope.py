"""What the figures share: a report's filters as SQL conditions on each kind of record,
(the date arithmetic both databases read alike is in ``sql``).

Which navigator's team a record counts for, and where its category comes from:

- a need: its category and the navigator who recorded it;
- a referral: its need's category (none without a need) and the navigator who made it;
- a follow-up: the moment it follows (``FollowUp.follows_since``), its referral's need's
  category, and the navigator who recorded its contact, else who made its referral;
- a contact: who recorded it; contacts have no category, so a category filter leaves
  them out of the figures that count people, and does not apply to crisis outcomes.

A place filter matches ``Resident.place`` with case and outer spaces ignored ("Walltown "
is "walltown").
"""

from __future__ import annotations

from sqlalchemy import and_, func, select

from navigator.auth.models import User
from navigator.workflow.models import Encounter, FollowUp, Need, Referral, Resident

from .period import Filters
from .sql import same_place, scanned


def within(column, filters: Filters):
    column = scanned(column)
    return and_(column >= filters.starts_at, column < filters.ends_before)


def resident_place(filters: Filters) -> list:
    """The place filter as a condition on ``Resident``."""
    if not filters.place:
        return []
    return [same_place(Resident.place, filters)]


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


def follow_ups(filters: Filters, terms: set[str] | None) -> list:
    """Follow-ups of contacts and referrals made in the range (the moment each follows,
    ``FollowUp.follows_since``), in the filters' scope (the query is made by
    ``follow_up_query``, which joins the contact and referral a filter reads)."""
    found = [within(FollowUp.follows_since, filters), *_place(FollowUp.resident_id, filters),
             *_team(func.coalesce(Encounter.recorded_by, Referral.created_by), filters)]
    if terms is not None:
        found.append(Referral.need_id.in_(_needs_in(terms)))
    return found


def follow_ups_joined(filters: Filters, terms: set[str] | None) -> bool:
    """Whether the follow-ups' query joins their contact and referral: for a team or
    category filter, which reads them (``follow_ups``)."""
    return bool(filters.team) or terms is not None


def follow_up_query(stmt, filters: Filters, terms: set[str] | None):
    """``stmt`` (a select) over follow-ups, their contact and referral outer-joined when
    a filter reads them (``follow_ups_joined``)."""
    stmt = stmt.select_from(FollowUp)
    if not follow_ups_joined(filters, terms):
        return stmt
    return (stmt.outerjoin(Encounter, FollowUp.encounter_id == Encounter.id)
            .outerjoin(Referral, FollowUp.referral_id == Referral.id))
