"""Crisis outcomes: how the crises that contacts followed ended, by month.

Counted from the contacts made in the range whose navigator recorded how the crisis
they follow ended (``Encounter.crisis_outcome``), by the month (UTC) of the contact. The
place and team filters apply (the resident's place, who recorded the contact); a contact
has no need category, so the category filter does not.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from navigator.extensions import db
from navigator.workflow.forms import CRISIS_LABELS
from navigator.workflow.models import CRISIS_OUTCOMES, Encounter

from . import scope
from .period import Filters
from .sql import month_of
from .tables import Column, Table



def months(filters: Filters) -> list[str]:
    """Every month the range touches, "2026-01" to "2026-12"."""
    found, year, month = [], filters.start.year, filters.start.month
    while (year, month) <= (filters.end.year, filters.end.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def counts(filters: Filters) -> dict[str, dict[str, int]]:
    """``{month: {outcome: contacts}}`` for the months with any."""
    month = month_of(Encounter.happened_at)
    found: dict = defaultdict(dict)
    for when, outcome, count in db.session.execute(
            select(month, Encounter.crisis_outcome, func.count())
            .where(Encounter.crisis_outcome.in_(CRISIS_OUTCOMES), *scope.encounters(filters))
            .group_by(month, Encounter.crisis_outcome)):
        found[when][outcome] = count
    return found


def _month_label(month: str):
    year, number = month.split("-")
    return format_date(date(int(year), int(number), 1), "MMMM y")


def tables(filters: Filters) -> list[Table]:
    found = counts(filters)
    rows = []
    for month in months(filters):
        row = {"month": _month_label(month)}
        row.update({o: found.get(month, {}).get(o, 0) for o in CRISIS_OUTCOMES})
        row["total"] = sum(row[o] for o in CRISIS_OUTCOMES)
        rows.append(row)
    total = {"month": _l("Total")}
    total.update({key: sum(r[key] for r in rows) for key in (*CRISIS_OUTCOMES, "total")})
    rows.append(total)
    columns = [Column("month", _l("Month"), "label")]
    columns += [Column(o, CRISIS_LABELS[o], part_of="total") for o in CRISIS_OUTCOMES]
    columns.append(Column("total", _l("Crisis outcomes recorded")))
    return [Table("crisis-outcomes", _l("Crisis outcomes by month"), columns, rows,
                  description=_l("Contacts following a crisis response whose navigator "
                                 "recorded how the crisis ended, by the month of the "
                                 "contact. The need category filter does not apply."),
                  total_row=True, chart=("month", "total"))]
