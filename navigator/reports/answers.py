"""Directory health: how long providers take to answer the referrals sent to them."""

from __future__ import annotations

from datetime import date
from statistics import median

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from navigator.auth.models import User
from navigator.extensions import db
from navigator.workflow.models import Need, Referral, ReferralEvent, Resident

from .period import Filters
from .sql import category_terms, days_between, in_range, month_of, same_place
from .tables import Column, Table

#: What a provider's answer to a referral is: the first move to one of these.
ANSWERS = ("accepted", "declined")


def first_answer():
    """A referral's first answer by a provider (when it was), to select with the
    referral's events and their users joined (``with_answers``), grouped by referral."""
    return func.min(case((User.role == "provider", ReferralEvent.occurred_at)))


def with_answers(query):
    """``query`` (of referrals) with each one's answering events and their users joined,
    one row per referral: plain joins that SQLite walks by the events' referral index
    and PostgreSQL hashes."""
    return (query.outerjoin(ReferralEvent, and_(ReferralEvent.referral_id == Referral.id,
                                                ReferralEvent.to_status.in_(ANSWERS)))
            .outerjoin(User, User.id == ReferralEvent.user_id)
            .group_by(Referral.id))


def sent_referrals(filters: Filters, *columns):
    """``columns`` of the referrals sent in the period, within the filters: the need's
    category, the resident's place and the team of the navigator who made it."""
    query = select(*columns).where(in_range(Referral.sent_at, filters))
    terms = category_terms(filters)
    if terms is not None:
        query = query.where(Referral.need_id.in_(
            select(Need.id).where(Need.taxonomy_term_id.in_(terms))))
    if filters.place:
        query = query.where(Referral.resident_id.in_(
            select(Resident.id).where(same_place(Resident.place, filters))))
    if filters.team:
        creator = aliased(User)
        query = query.where(Referral.created_by.in_(
            select(creator.id).where(creator.team == filters.team)))
    return query


def answer_time_table(filters: Filters) -> Table:
    """By month of sending: referrals sent, those a provider answered, and the median
    days from sending to that answer."""
    table = Table(
        "answer-time", _("Providers' time to answer a referral"),
        [Column("label", _("Month sent"), "label"),
         Column("sent", _("Referrals sent")),
         Column("answered", _("Answered by the provider"), part_of="sent"),
         Column("share_answered", _("Share answered"), "rate", of=("answered", "sent")),
         Column("median_days", _("Median days to answer"), "days", of=("answered",))],
        description=_("Referrals sent in the period, by month, and the days from sending "
                      "to the provider's first answer (accepted or declined)."),
        total_row=True, chart=("label", "median_days"))
    # One row per referral sent (its month, and the days to its answer or None), read
    # in one pass: the first answer is looked up once, for the counts and the medians.
    counts: dict[str, list[int]] = {}
    durations: dict[str, list[float]] = {}
    for month_key, days in db.session.execute(with_answers(sent_referrals(
            filters, month_of(Referral.sent_at),
            days_between(first_answer(), Referral.sent_at)))):
        tally = counts.setdefault(month_key, [0, 0])
        tally[0] += 1
        if days is not None:
            tally[1] += 1
            durations.setdefault(month_key, []).append(float(days))
    for month_key, (sent_count, answered) in sorted(counts.items()):
        table.rows.append(_row(_month_label(month_key), sent_count, answered,
                               durations.get(month_key, [])))
    if table.rows:
        table.rows.append(_row(_("Total"), sum(r["sent"] for r in table.rows),
                               sum(r["answered"] for r in table.rows),
                               [d for days in durations.values() for d in days]))
    return table


def _month_label(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return format_date(date(year, month, 1), "MMMM yyyy")


def _row(label: str, sent: int, answered: int, durations: list[float]) -> dict:
    return {"label": label, "sent": sent, "answered": answered,
            "share_answered": answered / sent if sent else None,
            "median_days": median(durations) if durations else None}
