"""The SVG bar charts: drawn from the suppressed cells, named and described, labels
escaped, numbers in the page's language."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from navigator.i18n import in_language
from navigator.reports.charts import BAR_SPACE, bar_chart, bars
from navigator.reports.tables import Column, Table, suppressed

SVG = "{http://www.w3.org/2000/svg}"


def _table(rows, value_kind="count") -> Table:
    return Table("k", "Things <by> place", [
        Column("label", "Place", "label"), Column("n", "People"),
        Column("share", "Share", "rate", of=("n", "all")), Column("all", "All")],
        rows=rows, chart=("label", "share" if value_kind == "rate" else "n"))


ROWS = [{"label": "<script>alert(1)</script>", "n": 40, "all": 80, "share": 0.5},
        {"label": "Walltown", "n": 3, "all": 60, "share": 0.05},
        {"label": "Old West Durham & Trinity Park", "n": 20, "all": 20, "share": 1.0}]


def test_the_chart_is_a_named_described_image_of_the_shown_values(app_context):
    svg = str(bar_chart(suppressed(_table(ROWS)), "chart-k"))
    root = ElementTree.fromstring(svg)  # well-formed, labels escaped
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-k-title"
    assert root.get("aria-describedby") == "chart-k-desc"
    assert root.find(f"{SVG}title").text == "Things <by> place"
    assert "table that follows" in root.find(f"{SVG}desc").text
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<script>alert(1)</script>" in texts and "<script>" not in svg
    # Walltown's 3 is a hatched stub labelled "<11", never a bar of its length.
    assert texts[2:4] == ["Walltown", "<11"]
    stubs = [r for r in root.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(")]
    assert len(stubs) == 1 and stubs[0].get("stroke")
    assert "hatched" in root.find(f"{SVG}desc").text


def test_bars_are_scaled_to_the_largest_and_a_rate_to_100_percent(app_context):
    counted = bars(_table(ROWS))
    assert [b.length for b in counted] == [BAR_SPACE, BAR_SPACE * 3 / 40, BAR_SPACE / 2]
    rated = bars(_table([dict(r, share=r["share"] / 2) for r in ROWS], "rate"))
    assert [b.length for b in rated] == [BAR_SPACE / 4, BAR_SPACE * 0.025, BAR_SPACE / 2]
    assert [b.text for b in rated] == ["25%", "2%", "50%"]


def test_the_total_row_is_not_a_bar_and_no_rows_no_chart(app_context):
    table = _table(ROWS + [{"label": "Total", "n": 63, "all": 160, "share": 0.4}])
    table.total_row = True
    assert [b.label for b in bars(table)][-1] == "Old West Durham & Trinity Park"
    assert str(bar_chart(_table([]), "x")) == ""
    table.chart = None
    assert str(bar_chart(table, "x")) == ""


def test_the_chart_speaks_spanish(app_context):
    with app_context.test_request_context():
        with in_language("es"):
            svg = str(bar_chart(_table([{"label": "Centro", "n": 1234, "all": 2000,
                                         "share": 0.617}]), "c"))
    assert "Gráfico de barras" in svg
    assert re.search(r">1\.234<", svg)
