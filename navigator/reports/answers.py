"""Directory health: how long providers take to answer the referrals sent to them."""

from __future__ import annotations

from datetime import date
from statistics import median

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from navigator.auth.models import User
from navigator.extensions import db
from navigator.workflow.models import Need, Referral, ReferralEvent, Resident

from .period import Filters
from .sql import category_terms, days_between, in_range, month_of, same_place
from .tables import Column, Table

#: What a provider's answer to a referral is: the first move to one of these.
ANSWERS = ("accepted", "declined")


def first_answers():
    """Each referral's first answer by a provider: (referral_id, answered_at)."""
    return (select(ReferralEvent.referral_id.label("referral_id"),
                   func.min(ReferralEvent.occurred_at).label("answered_at"))
            .join(User, User.id == ReferralEvent.user_id)
            .where(ReferralEvent.to_status.in_(ANSWERS), User.role == "provider")
            .group_by(ReferralEvent.referral_id).subquery("first_answer"))


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
    answer = first_answers()
    month = month_of(Referral.sent_at).label("month")
    counts = db.session.execute(
        sent_referrals(filters, month, func.count(Referral.id), func.count(answer.c.answered_at))
        .outerjoin(answer, answer.c.referral_id == Referral.id)
        .group_by(month).order_by(month)).all()
    durations: dict[str, list[float]] = {}
    for month_key, days in db.session.execute(
            sent_referrals(filters, month,
                           days_between(answer.c.answered_at, Referral.sent_at))
            .join(answer, answer.c.referral_id == Referral.id)):
        durations.setdefault(month_key, []).append(float(days))
    for month_key, sent, answered in counts:
        table.rows.append(_row(_month_label(month_key), sent, answered,
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
