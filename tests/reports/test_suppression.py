"""The small-number rule: counts from 1 to 10 are "<11", rates and times built on one
too, and enough other cells are withheld ("*") that none can be worked out by
subtraction from a total."""

from __future__ import annotations

from itertools import product

from navigator.reports.tables import SMALL, WITHHELD, Column, Table, suppressed


def _table(rows, columns=None, total_row=False) -> Table:
    columns = columns or [Column("label", "Label", "label"), Column("all", "All"),
                          Column("a", "A", part_of="all"), Column("b", "B", part_of="all"),
                          Column("share_a", "Share A", "rate", of=("a", "all")),
                          Column("days_a", "Median days", "days", of=("a",))]
    return Table("t", "T", columns, rows=rows, total_row=total_row)


def _row(label, all_, a, b, days=2.5):
    return {"label": label, "all": all_, "a": a, "b": b,
            "share_a": a / all_ if all_ else None, "days_a": days}


def test_a_cell_of_three_shows_small_and_its_row_cannot_reveal_it():
    shown = suppressed(_table([_row("x", 40, 3, 37)])).rows[0]
    assert shown["a"] == SMALL == "<11"
    # 40 - 37 would give 3: B is withheld, the total stays.
    assert shown["b"] == WITHHELD
    assert shown["all"] == 40
    assert shown["share_a"] == SMALL  # a rate built on a small count
    assert shown["days_a"] == SMALL  # a time over a small count
    assert shown["label"] == "x"


def test_counts_of_eleven_and_more_and_zero_are_shown():
    shown = suppressed(_table([_row("x", 61, 11, 50), _row("y", 0, 0, 0, None)])).rows
    assert shown[0] == _row("x", 61, 11, 50)
    assert shown[1] == _row("y", 0, 0, 0, None)


def test_each_small_count_from_one_to_ten():
    for value in range(1, 11):
        shown = suppressed(_table([_row("x", value, value, 0)])).rows[0]
        assert shown["all"] == shown["a"] == SMALL
        assert shown["b"] == 0  # zero is shown: nothing to hide


def test_a_count_of_any_number_type_is_suppressed():
    """PostgreSQL's SUM of a bigint is a Decimal; a count may come as a float too."""
    from decimal import Decimal

    shown = suppressed(_table([_row("x", Decimal(40), Decimal(3), 37.0)])).rows[0]
    assert (shown["all"], shown["a"], shown["b"]) == (40, SMALL, WITHHELD)


def test_the_original_table_is_left_as_it_was():
    table = _table([_row("x", 40, 3, 37)])
    suppressed(table)
    assert table.rows[0]["a"] == 3


def test_a_total_row_cannot_reveal_a_small_cell():
    table = _table([_row("x", 40, 3, 37), _row("y", 50, 20, 30),
                    _row("Total", 90, 23, 67)], total_row=True)
    shown = suppressed(table).rows
    assert shown[0]["a"] == SMALL
    # Column A: 23 - 20 would give 3, so y's A is withheld; row y: 50 - 30 would give
    # that back, so y's B is too; column B then has two hidden cells, as row x does.
    assert shown[1]["a"] == WITHHELD and shown[1]["b"] == WITHHELD
    assert shown[0]["b"] == WITHHELD
    assert shown[1]["share_a"] == WITHHELD
    assert [r["all"] for r in shown] == [40, 50, 90]
    assert shown[2]["a"] == 23 and shown[2]["b"] == 67
    _no_cell_recoverable(table, suppressed(table))


def test_the_smallest_other_cell_is_withheld_and_the_rule_repeats():
    """Multi-step: withholding in one group leaves another with one hidden cell."""
    columns = [Column("label", "Label", "label"), Column("n", "N")]
    rows = [{"label": k, "n": n} for k, n in (("a", 5), ("b", 40), ("c", 25), ("d", 0))]
    table = Table("t", "T", columns, rows=rows + [{"label": "Total", "n": 70}],
                  total_row=True)
    shown = [r["n"] for r in suppressed(table).rows]
    # 5 is small; the smallest other non-zero (25) goes; 0 stays; the total stays.
    assert shown == [SMALL, 40, WITHHELD, 0, 70]


def test_a_total_that_is_the_only_other_cell_is_withheld_and_so_is_its_column():
    columns = [Column("label", "Label", "label"), Column("all", "All"),
               Column("a", "A", part_of="all")]
    rows = [{"label": "x", "all": 30, "a": 4}, {"label": "y", "all": 45, "a": 12},
            {"label": "z", "all": 60, "a": 15}, {"label": "Total", "all": 135, "a": 31}]
    table = Table("t", "T", columns, rows=rows, total_row=True)
    shown = suppressed(table).rows
    assert shown[0]["a"] == SMALL
    # Row x: the total is the only other non-zero cell of its group.
    assert shown[0]["all"] == WITHHELD
    assert shown[1]["a"] == WITHHELD  # column A's next smallest
    # column All now hides x's: its next smallest (45) goes, and row y then hides both.
    assert shown[1]["all"] == WITHHELD
    assert shown[3] == {"label": "Total", "all": 135, "a": 31}
    _no_cell_recoverable(table, suppressed(table))


def test_every_group_has_zero_or_at_least_two_hidden_cells_on_many_tables():
    for a, b, c in product((0, 1, 3, 10, 11, 25), repeat=3):
        rows = [_row("x", a + b, a, b), _row("y", b + c, b, c), _row("z", a + c, c, a)]
        total = {"label": "Total", "all": sum(r["all"] for r in rows),
                 "a": sum(r["a"] for r in rows), "b": sum(r["b"] for r in rows),
                 "share_a": None, "days_a": None}
        table = _table(rows + [total], total_row=True)
        _no_cell_recoverable(table, suppressed(table))


def _no_cell_recoverable(raw: Table, shown: Table) -> None:
    """Each group of cells that adds up hides none, or two or more; every raw small
    count is hidden."""
    rows = shown.rows
    groups = [[(i, "all"), (i, "a"), (i, "b")] for i in range(len(rows))]
    groups += [[(i, key) for i in range(len(rows))] for key in ("all", "a", "b")]
    if not any(c.key == "b" for c in shown.columns):
        groups = [[cell for cell in group if cell[1] != "b"] for group in groups]
        groups = [g for g in groups if len(g) > 1]
    for group in groups:
        hidden = [cell for cell in group if rows[cell[0]][cell[1]] in (SMALL, WITHHELD)]
        assert len(hidden) != 1, (group, rows)
    for i, row in enumerate(raw.rows):
        for key in ("all", "a", "b"):
            if isinstance(row.get(key), int) and 1 <= row[key] <= 10:
                assert rows[i][key] == SMALL
