"""The table every report section returns, and (to come) the small-number rule.

A ``Table`` is plain data: columns that say what each cell is, rows of raw values. The
pages, charts and CSV files show it only through ``suppressed(table)``, which applies
the small-number rule; only the internal page, for admins, shows raw counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
