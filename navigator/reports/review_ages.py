"""Directory health: what waits in the admins' review queue now, and for how long."""

from __future__ import annotations

from datetime import timedelta
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import DateTime, func, literal, select

from navigator.extensions import db
from navigator.review.models import AccessRequest, ListingReport, Proposal

from .period import utc_now_naive
from .sql import days_between
from .tables import Column, Table

#: The age groups, in days: under a week, a week to a month, over a month.
WEEK, MONTH = 7, 30


def _kinds():
    """Each kind of review item, its label and the status of one that waits."""
    return ((Proposal, _("Changes proposed by providers"), "pending"),
            (ListingReport, _("Problems reported on listings"), "new"),
            (AccessRequest, _("Requests for a provider account"), "pending"))


def pending_review_table() -> Table:
    """The items waiting now, by kind, by age and with their median age (whatever the
    period chosen: the queue is today's)."""
    table = Table(
        "pending-review", _("Waiting for review now, and for how long"),
        [Column("label", _("Kind of item"), "label"),
         Column("waiting", _("Items waiting")),
         Column("under_week", _("Under 7 days"), part_of="waiting"),
         Column("week_to_month", _("7 to 30 days"), part_of="waiting"),
         Column("over_month", _("Over 30 days"), part_of="waiting"),
         Column("median_days", _("Median days waiting"), "days", of=("waiting",))],
        description=_("Items in the admins' review queue today, whatever the period "
                      "chosen, by how long each has waited."),
        total_row=True, chart=("label", "waiting"))
    now = utc_now_naive()
    every_age: list[float] = []
    for model, label, status in _kinds():
        age = days_between(literal(now, DateTime()), model.created_at)
        waiting, under_week, over_month = db.session.execute(
            select(func.count(),
                   func.count(model.id).filter(model.created_at > now - timedelta(days=WEEK)),
                   func.count(model.id).filter(
                       model.created_at < now - timedelta(days=MONTH)))
            .where(model.status == status)).one()
        ages = [float(a) for a in db.session.scalars(
            select(age).where(model.status == status))]
        every_age += ages
        table.rows.append(_row(label, waiting, under_week, over_month, ages))
    total = [sum(row[key] for row in table.rows)
             for key in ("waiting", "under_week", "over_month")]
    table.rows.append(_row(_("Total"), *total, every_age))
    return table


def _row(label: str, waiting: int, under_week: int, over_month: int,
         ages: list[float]) -> dict:
    return {"label": label, "waiting": waiting, "under_week": under_week,
            "week_to_month": waiting - under_week - over_month, "over_month": over_month,
            "median_days": median(ages) if ages else None}
