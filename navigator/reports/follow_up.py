"""Follow-up: follow-ups done within 48 hours, overdue now, and referrals closed with no
outcome recorded.

- **Follow-ups** are those of the contacts and referrals made in the range: a follow-up
  follows its contact, else its referral's sending, else its own creation
  (``workflow.follow_ups.follows_since``).
- **Done within 48 hours**: done no later than 48 hours after that moment (to the
  second), whatever the follow-up's own due time.
- **Overdue now**: not done, and due before now.
- **Closed with no outcome**: of the referrals made in the range and sent to the
  provider, those cancelled after sending (closed by a navigator without the provider's
  answer or the resident's outcome), and those still waiting (sent or accepted) although
  their need is no longer open (met or closed another way): nobody recorded how they
  ended. A referral declined, connected or not connected always has its outcome (and
  its reason, for the first and last).
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func

from navigator.workflow.models import FollowUp, Need, Referral

from . import scope
from .connection import PEOPLE
from .counting import (
    ALL, by_group, empty_row, grouped, people_served, rate, tuples, with_people,
)
from .period import Filters, utc_now_naive
from .sql import category_terms, days_between, unindexed
from .tables import Column, Table

#: Done within this many days of the contact or referral counts as on time.
ON_TIME_DAYS = 2
#: Half a second: the two databases' time arithmetic may differ by a rounding error.
_SLACK = 0.5 / 86400

COLUMNS = [
    PEOPLE,
    Column("follow_ups", _l("Follow-ups")),
    Column("done", _l("Done"), part_of="follow_ups"),
    Column("on_time", _l("Done within 48 hours"), part_of="done"),
    Column("on_time_rate", _l("Share done within 48 hours"), "rate", ("on_time", "follow_ups")),
    Column("overdue", _l("Overdue now"), part_of="follow_ups"),
    Column("overdue_rate", _l("Share overdue now"), "rate", ("overdue", "follow_ups")),
    Column("sent", _l("Referrals sent")),
    Column("no_outcome", _l("Referrals closed with no outcome recorded"), part_of="sent"),
    Column("no_outcome_rate", _l("Share closed with no outcome"), "rate",
           ("no_outcome", "sent")),
]

#: The two ways a sent referral ends with no outcome (see the module's docstring).
CANCELLED = Referral.status == "cancelled"
LEFT_OPEN = and_(Referral.status.in_(("pending", "accepted")), Need.status != "open")


def empty_counts() -> dict:
    """A row of ``counts`` with nothing counted."""
    return {**empty_row(COLUMNS), "cancelled": 0, "left_open": 0}


def new_rows() -> defaultdict:
    """Rows of counts keyed by group, each made empty when first used."""
    empty = empty_counts()
    return defaultdict(lambda: dict(empty))


def counts(filters: Filters, now=None) -> dict:
    """The follow-up counts for everyone (``{ALL: row}``), with the two kinds of "no
    outcome" apart (``"cancelled"``, ``"left_open"``). (Each resident's, for the equity
    tables: ``per_resident``.)"""
    terms = category_terms(filters)
    rows = with_people(new_rows(), people_served(filters, terms))
    count_follow_ups(rows, filters, terms, False, now)
    stmt = (grouped(False, Referral.resident_id, *SENT_COUNTS)
            .select_from(Referral).outerjoin(Need, Need.id == Referral.need_id)
            .where(SENT, *scope.referrals(filters, terms)))
    for group, *found in tuples(stmt):
        add_sent(rows, group, *found)
    return rows


def count_follow_ups(rows: dict, filters: Filters, terms, per_resident: bool,
                     now=None) -> None:
    """The follow-ups, done, done on time and overdue now, into ``rows``."""
    now = now or utc_now_naive()
    done = FollowUp.done_at.is_not(None)
    late = days_between(FollowUp.done_at, FollowUp.follows_since)
    # each resident's from the index alone, in their order (``ix_follow_up_resident_counts``);
    # when a filter joins the contact and referral, read in place and sorted: in the
    # residents' order, each row's lookups would land at random
    resident = unindexed(FollowUp.resident_id) if scope.follow_ups_joined(filters, terms) \
        else FollowUp.resident_id
    counted = grouped(
        per_resident, resident, func.count(), func.sum(case((done, 1), else_=0)),
        func.sum(case((and_(done, late <= ON_TIME_DAYS + _SLACK), 1), else_=0)),
        func.sum(case((and_(FollowUp.done_at.is_(None), FollowUp.due_at < now), 1), else_=0)))
    stmt = scope.follow_up_query(counted, filters, terms).where(
        *scope.follow_ups(filters, terms))
    for group, count, done_, on_time, overdue in tuples(
            by_group(stmt, per_resident, resident)):
        if count:
            rows[group].update(follow_ups=count, done=done_ or 0, on_time=on_time or 0,
                               overdue=overdue or 0)


#: Sent to the provider.
SENT = Referral.sent_at.is_not(None)
#: Of the referrals (their need outer-joined), those sent, and of those the ones closed
#: with no outcome each way: each with its own ``SENT`` condition, so that one query of
#: all the referrals counts them beside the connection figures' (``per_resident``).
SENT_COUNTS = (func.count(Referral.sent_at),
               func.sum(case((and_(SENT, CANCELLED), 1), else_=0)),
               func.sum(case((and_(SENT, LEFT_OPEN), 1), else_=0)))


def add_sent(rows: dict, group, sent: int, cancelled, left_open) -> None:
    """A group's ``SENT_COUNTS`` into ``rows``."""
    if sent:
        rows[group].update(sent=sent, cancelled=cancelled or 0, left_open=left_open or 0)


def finish(row: dict) -> dict:
    """A row of ``counts`` (or a sum of them) as the figures (``COLUMNS``' keys)."""
    row = dict(row)
    row["no_outcome"] = row.pop("cancelled", 0) + row.pop("left_open", 0)
    row["on_time_rate"] = rate(row["on_time"], row["follow_ups"])
    row["overdue_rate"] = rate(row["overdue"], row["follow_ups"])
    row["no_outcome_rate"] = rate(row["no_outcome"], row["sent"])
    return row


def figures(filters: Filters, now=None) -> dict:
    """The follow-up figures for everyone: ``{ALL: row}``."""
    return {ALL: finish(counts(filters, now=now)[ALL])}


def _no_outcome_table(found: dict) -> Table:
    cancelled, left_open, sent = found["cancelled"], found["left_open"], found["sent"]
    rows = [{"how": _l("Cancelled after it was sent"), "referrals": cancelled},
            {"how": _l("Still waiting on the provider, its need no longer open"),
             "referrals": left_open},
            {"how": _l("With an outcome, or still open for an open need"),
             "referrals": sent - cancelled - left_open},
            {"how": _l("Referrals sent"), "referrals": sent}]
    return Table("no-outcome", _l("Referrals sent, by whether their outcome is recorded"), [
        Column("how", _l("How it stands"), "label"), Column("referrals", _l("Referrals"))],
        rows, description=_l("Referrals made in the period and sent to the provider."),
        total_row=True, chart=("how", "referrals"))


def tables(filters: Filters) -> list[Table]:
    found = counts(filters)[ALL]
    summary = finish(found)
    return [
        Table("follow-up", _l("Follow-up"), list(COLUMNS), [summary],
              description=_l("Follow-ups of the contacts and referrals made in the period: "
                             "done within 48 hours of the contact or referral, and overdue "
                             "now. Referrals sent in the period and closed with nobody "
                             "recording how they ended (cancelled after sending, or left "
                             "waiting once their need was met or closed).")),
        _no_outcome_table(found),
    ]
