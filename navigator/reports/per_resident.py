"""Each resident's connection and follow-up counts, for the equity tables (``equity``):
the queries of ``connection.counts`` and ``follow_up.counts`` grouped by resident, with
the referrals of both figures counted in one query (one pass over the year's referrals,
not two); the rows are read on the connection, with none of the ORM's handling of each
row.

On PostgreSQL two of the queries run on threads of their own, each with a session and a
connection of its own, as the backends work on them at once (they are most of the
page's time). SQLite runs them one after the other: it works in this process, and each
row it steps to hands Python's lock back and forth between the threads: on two cores the
page took longer on threads than on one.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import chain

from flask import current_app
from sqlalchemy import select

from navigator.extensions import db
from navigator.workflow.models import Encounter, Need, Referral

from . import connection, follow_up, scope
from .counting import by_group, grouped, tuples, with_people
from .groups import Residents
from .period import Filters
from .sql import category_terms


def counts(filters: Filters) -> tuple[Residents, dict, dict]:
    """The residents' groups, and the connection and follow-up counts of each resident
    (``{resident_id: row}``, with the people served)."""
    terms = category_terms(filters)
    with ThreadPoolExecutor(max_workers=2) as pool:
        later = _now if db.session.get_bind().dialect.name == "sqlite" \
            else partial(_beside, pool, current_app._get_current_object())
        followed = later(_residents_and_follow_ups, filters, terms)
        referrals = later(_referrals_and_days, filters, terms)
        linked = connection.new_rows()
        connection.count_needs(linked, filters, terms, True)
        contacted = _contacted(filters, terms)
        residents, followed = followed()
        both, days = referrals()
    # the people served (``counting.people_served``), from the rows: those with a need
    # (the only rows yet), a referral or a contact in the scope
    people = dict.fromkeys(chain(linked, (row[0] for row in both), contacted), 1)
    for group, count, asked, chosen, sent, cancelled, left_open in both:
        connection.add_referrals(linked, group, count, asked, chosen)
        follow_up.add_sent(followed, group, sent, cancelled, left_open)
    for group, days_ in days:
        connection.add_days(linked, group, days_)
    return residents, with_people(linked, people), with_people(followed, people)


def _now(call, *args):
    """``call(*args)`` at once; a callable that gives its answer (as ``_beside``)."""
    found = call(*args)
    return lambda: found


def _beside(pool: ThreadPoolExecutor, app, call, *args):
    """``call(*args)`` on a thread of ``pool``, in an app context of its own (its own
    session and connection); a callable that waits for its answer and gives it."""
    def in_context():
        with app.app_context():
            return call(*args)
    return pool.submit(in_context).result


def _contacted(filters: Filters, terms) -> list:
    """The residents with a contact in the scope, each once (none with a category
    filter: contacts have no category)."""
    if terms is not None:
        return []
    return db.session.scalars(select(Encounter.resident_id).where(*scope.encounters(filters))
                              .group_by(Encounter.resident_id)).all()


def _residents_and_follow_ups(filters: Filters, terms) -> tuple[Residents, dict]:
    """The residents' groups and the follow-ups of each (no referrals sent yet)."""
    rows = follow_up.new_rows()
    follow_up.count_follow_ups(rows, filters, terms, True)
    return Residents(), rows


def _referrals_and_days(filters: Filters, terms) -> tuple[list, list]:
    """``(resident, *REFERRAL_COUNTS, *SENT_COUNTS)`` for each resident with referrals
    in the scope, their need outer-joined (``follow_up.LEFT_OPEN`` reads its state); and
    ``(resident, days)`` for each referral connected."""
    stmt = (grouped(True, Referral.resident_id, *connection.REFERRAL_COUNTS,
                    *follow_up.SENT_COUNTS)
            .select_from(Referral).outerjoin(Need, Need.id == Referral.need_id)
            .where(*scope.referrals(filters, terms)))
    both = tuples(by_group(stmt, True, Referral.resident_id))
    return both, connection.days_to_connection(filters, terms, True)
