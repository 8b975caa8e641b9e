"""The table every report section returns, and the small-number rule.

A ``Table`` is plain data: columns that say what each cell is, rows of raw values. The
pages, charts and CSV files show it only through ``suppressed(table)``, which applies
the small-number rule; only the internal page, for admins, shows raw counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from numbers import Real


@dataclass(frozen=True)
class Column:
    """One column. ``kind``:

    - ``"label"``: what the row is about (a month, a category, a ZIP): never suppressed;
    - ``"count"``: a number of people or records; 1 to 10 is suppressed;
    - ``"rate"``: ``numerator / denominator``, two count columns of the same row named by
      ``of``; suppressed when either is;
    - ``"days"``: a duration figure (median, 90th percentile) over the count column
      named by ``of[0]``; suppressed when that count is.

    ``part_of`` names a count column of the same row that this column is a part of (the
    parts plus any unshown rest add up to it), so that a suppressed part cannot be
    recovered by subtraction.
    """

    key: str
    label: str
    kind: str = "count"
    of: tuple[str, ...] = ()
    part_of: str | None = None


@dataclass
class Table:
    """One report table. ``rows`` are dicts keyed by column key, raw (unsuppressed)
    values: ints for counts, floats (0..1) for rates, floats for days, None for nothing
    to show. When ``total_row`` is true, the last row is the column totals of the rows
    above it (for every count column). ``chart`` names the label and value columns a
    bar chart draws, or is None for no chart."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    description: str = ""
    total_row: bool = False
    chart: tuple[str, str] | None = None


#: The largest count a public table may not show: 1 to ``SMALL_MAX`` is suppressed.
SMALL_MAX = 10
#: What a count from 1 to 10 shows, and a rate or duration built on one.
SMALL = "<11"
#: What a cell withheld so that a small count cannot be worked out by subtraction shows
#: (the complementary suppression), and a rate or duration built on one.
WITHHELD = "*"


def is_suppressed(value) -> bool:
    return isinstance(value, str) and value in (SMALL, WITHHELD)


def suppressed(table: Table) -> Table:
    """The table as every page, chart and CSV file shows it: a copy whose cells are the
    raw values or ``SMALL`` / ``WITHHELD``.

    - A count from 1 to ``SMALL_MAX`` is ``SMALL``; 0 is shown.
    - Complementary suppression: in each group of cells that add up (a count column and
      its ``part_of`` parts, in a row; each count column with its total, when the table
      has a ``total_row``), a group with exactly one suppressed cell gets its smallest
      non-zero shown cell ``WITHHELD`` too, until no group has exactly one.
    - A rate is suppressed when either of its counts is, a duration when its count is:
      ``SMALL`` when one is a small count, else ``WITHHELD``.
    """
    counts = [c.key for c in table.columns if c.kind == "count"]
    rows = [dict(row) for row in table.rows]
    for row in rows:
        for key in counts:
            row[key] = _whole(row.get(key))
            if isinstance(row[key], int) and 1 <= row[key] <= SMALL_MAX:
                row[key] = SMALL
    groups = _groups(table, len(rows))
    while _withhold_one(rows, groups):
        pass
    for row, raw in zip(rows, table.rows):
        for column in table.columns:
            if column.kind in ("rate", "days"):
                row[column.key] = _derived(row, raw, column)
    return replace(table, rows=rows)


def _groups(table: Table, row_count: int) -> list[list[tuple[int, str]]]:
    """The groups of cells (row index, column key) that add up to a total."""
    groups = []
    counts = {c.key for c in table.columns if c.kind == "count"}
    for total in counts:
        parts = [c.key for c in table.columns if c.part_of == total and c.key in counts]
        if parts:
            groups += [[(i, total)] + [(i, p) for p in parts] for i in range(row_count)]
    if table.total_row and row_count > 1:
        groups += [[(i, key) for i in range(row_count)] for key in sorted(counts)]
    return groups


def _withhold_one(rows: list[dict], groups) -> bool:
    """Withhold one more cell in the first group that has exactly one suppressed; False
    when no group has."""
    for group in groups:
        hidden = [cell for cell in group if is_suppressed(rows[cell[0]].get(cell[1]))]
        if len(hidden) != 1:
            continue
        shown = [cell for cell in group if _positive(rows[cell[0]].get(cell[1]))]
        if not shown:
            continue  # every other cell is 0 (or nothing): the hidden one is the total's
        row, key = min(shown, key=lambda cell: (rows[cell[0]][cell[1]], cell))
        rows[row][key] = WITHHELD
        return True
    return False


def _whole(value):
    """A count as an int, whatever number type the database gave (PostgreSQL's SUM of a
    bigint is a Decimal): a count of another type would slip past the rule."""
    if isinstance(value, (Real, Decimal)) and not isinstance(value, bool):
        try:
            return int(value) if value == int(value) else value
        except (OverflowError, ValueError):  # infinite, not a number
            return value
    return value


def _positive(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _derived(row: dict, raw: dict, column: Column):
    """A rate or duration cell: its raw value, unless a count it is built on is hidden."""
    sources = [row.get(key) for key in (column.of[:1] if column.kind == "days" else column.of)]
    if SMALL in sources:
        return SMALL
    if WITHHELD in sources:
        return WITHHELD
    return raw.get(column.key)
