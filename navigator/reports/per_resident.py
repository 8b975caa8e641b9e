"""Each resident's connection and follow-up counts, for the equity tables (``equity``):
the queries of ``connection.counts`` and ``follow_up.counts`` grouped by resident, with
the referrals of both figures counted in one query (one pass over the year's referrals,
not two), and the queries spread over three threads, each with a session and a
connection of its own. The database works on them at once (SQLite in this process,
outside Python's lock; PostgreSQL in a backend each), as they are most of the page's
time; the rows are read on the connection, with none of the ORM's handling of each row.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import current_app
from navigator.workflow.models import Need, Referral

from . import connection, follow_up, scope
from .counting import by_group, grouped, people_served, tuples, with_people
from .groups import Residents
from .period import Filters
from .sql import category_terms


def counts(filters: Filters) -> tuple[Residents, dict, dict]:
    """The residents' groups, and the connection and follow-up counts of each resident
    (``{resident_id: row}``, with the people served)."""
    app = current_app._get_current_object()
    terms = category_terms(filters)
    with ThreadPoolExecutor(max_workers=2) as pool:
        followed = pool.submit(_in_context, app, _residents_and_follow_ups, filters, terms)
        referrals = pool.submit(_in_context, app, _referrals_and_days, filters, terms)
        people = people_served(filters, terms, per_resident=True)
        linked = connection.new_rows()
        connection.count_needs(linked, filters, terms, True)
        residents, followed = followed.result()
        both, days = referrals.result()
    for group, count, asked, chosen, sent, cancelled, left_open in both:
        connection.add_referrals(linked, group, count, asked, chosen)
        follow_up.add_sent(followed, group, sent, cancelled, left_open)
    for group, days_ in days:
        connection.add_days(linked, group, days_)
    return residents, with_people(linked, people), with_people(followed, people)


def _in_context(app, call, *args):
    """``call(*args)`` in an app context of its own: its own session and connection."""
    with app.app_context():
        return call(*args)


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
