"""Horizontal bar charts drawn on the server as SVG, from the cells a page shows.

A chart is an image with a title and a description (``role="img"``, named by its
``<title>``, described by its ``<desc>``); the page puts the same figures in a table
beside it, so nothing is only in the picture. It needs no script. Each bar has its label
above it and its value after it; a suppressed value is a hatched, outlined stub labelled
with its mark ("<11"), never a bar of its true length. Colours are dark on white (text
over 12:1, bars over 7:1: WCAG's 4.5:1 for text, 3:1 for graphics).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from .presenting import cell_text, numeric
from .tables import Table, is_suppressed

WIDTH = 400
#: Room left of and after the longest bar: its value is written after it.
BAR_SPACE = 290
STUB = 14
ROW = 46
TOP = 8
TEXT = "#1b1b1b"
BAR = "#1d5a8a"
#: A label longer than this is cut (with "…") in the picture; the table has it whole.
LABEL_CHARACTERS = 44


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as the page shows it
    length: float | None  # in SVG units; None for a suppressed value or nothing
    hidden: bool  # suppressed: drawn as a hatched stub


def bars(table: Table) -> list[Bar]:
    """The chart's bars: one per row (the total row left out), scaled so that the largest
    value (or 100% for a rate) fills the width."""
    label_key, value_key = table.chart
    column = next(c for c in table.columns if c.key == value_key)
    rows = table.rows[:-1] if table.total_row else table.rows
    values = [numeric(row.get(value_key)) for row in rows]
    top = max([v for v in values if v is not None] + [1.0 if column.kind == "rate" else 0.0])
    found = []
    for row, value in zip(rows, values):
        hidden = is_suppressed(row.get(value_key))
        length = None if value is None else (value / top * BAR_SPACE if top else 0.0)
        found.append(Bar(str(row.get(label_key, "")), cell_text(column, row.get(value_key)),
                         length, hidden))
    return found


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[:LABEL_CHARACTERS - 1] + "…"


def bar_chart(table: Table, chart_id: str) -> Markup:
    """The table's chart as inline SVG (an empty string when it has none or no rows)."""
    if not table.chart or not table.rows:
        return Markup("")
    drawn = bars(table)
    if not drawn:
        return Markup("")
    height = TOP + ROW * len(drawn) + 4
    column = next(c for c in table.columns if c.key == table.chart[1])
    described = _("Bar chart of %(value)s for each %(label)s. The same figures are in "
                  "the table that follows.", value=str(column.label).lower(),
                  label=str(next(c for c in table.columns
                                 if c.key == table.chart[0]).label).lower())
    if any(bar.hidden for bar in drawn):
        described += " " + _("A short hatched bar stands for a number not shown: \"<11\" "
                             "is from 1 to 10, \"*\" is withheld.")
    parts = [Markup(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{text}" '
        'stroke-width="2"/></pattern></defs>').format(
            w=WIDTH, h=height, id=chart_id, title=str(table.title), desc=described,
            text=TEXT)]
    for index, bar in enumerate(drawn):
        y = TOP + index * ROW
        parts.append(Markup('<text x="0" y="{y}" fill="{text}" font-size="16">{label}'
                            '</text>').format(y=y + 14, text=TEXT, label=_short(bar.label)))
        if bar.hidden:
            parts.append(Markup(
                '<rect x="1" y="{y}" width="{w}" height="18" fill="url(#{id}-hatch)" '
                'stroke="{text}" stroke-width="1.5"/>').format(
                    y=y + 20, w=STUB, id=chart_id, text=TEXT))
            end = STUB + 1
        elif bar.length:
            parts.append(Markup('<rect x="0" y="{y}" width="{w:.1f}" height="18" '
                                'fill="{bar}"/>').format(y=y + 20, w=bar.length, bar=BAR))
            end = bar.length
        else:
            end = 0
        parts.append(Markup('<text x="{x:.1f}" y="{y}" fill="{text}" font-size="16" '
                            'font-weight="bold">{value}</text>').format(
                                x=end + 6, y=y + 34, text=TEXT, value=bar.text))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
