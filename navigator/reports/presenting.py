"""A report's cells as people read them (numbers in the page's language) and as CSV.

Both take a table as ``tables.suppressed`` returns it (or, on the internal page, raw):
a cell is a number, ``None`` (nothing to show) or one of the suppression marks, which
are shown as they are, in every language.
"""

from __future__ import annotations

import csv
import io

from flask_babel import format_decimal, format_percent, format_number
from flask_babel import lazy_gettext as _l

from .tables import SMALL, WITHHELD, Column, Table, is_suppressed

#: Shown for a cell with nothing to show (a rate of nothing, a median of no durations).
NOTHING = "–"
#: What the marks mean, for the note under every table.
MARKS = {
    SMALL: _l("from 1 to 10, or a rate or time built on such a small number"),
    WITHHELD: _l("withheld so that a small number cannot be worked out from the totals"),
}


def cell_text(column: Column, value) -> str:
    """A cell as the page shows it, in the request's language."""
    if value is None:
        return NOTHING
    if is_suppressed(value) or column.kind == "label":
        return str(value)
    if column.kind == "rate":
        return format_percent(value, "#,##0%")
    if column.kind == "days":
        return format_decimal(value, "#,##0.0")
    return format_number(value)


def numeric(value) -> float | None:
    """A cell's number, or None for a mark or nothing (what a chart can draw)."""
    if value is None or isinstance(value, (str, bool)):
        return None
    return float(value)


def marks_used(table: Table) -> list[str]:
    """The suppression marks the table shows, in the order ``MARKS`` explains them."""
    found = {value for row in table.rows for value in row.values() if is_suppressed(value)}
    return [mark for mark in MARKS if mark in found]


def csv_value(column: Column, value) -> str:
    """A cell of the CSV file: plain numbers (a rate from 0 to 1 with four decimals, a
    duration in days with one), the marks as they are, text that a spreadsheet shows as
    text and never runs as a formula."""
    if value is None:
        return ""
    if is_suppressed(value):
        return value
    if column.kind == "rate":
        return f"{value:.4f}"
    if column.kind == "days":
        return f"{value:.1f}"
    if column.kind == "count":
        return str(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(table: Table) -> str:
    """The table as CSV: a heading row of column labels, then its rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(column.label) for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_value(column, row.get(column.key)) for column in table.columns])
    return out.getvalue()
