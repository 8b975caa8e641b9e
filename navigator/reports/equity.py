"""Equity: the connection and follow-up figures by ZIP or neighborhood and by each
optional, self-described field (household, gender, race, ethnicity), next to the people
served in each group, "not recorded" a group of its own.

The figures are ``connection.figures`` and ``follow_up.figures`` grouped by a
``groups.Grouping``: the same queries, joined to the grouping. The groups of one field
add up to everyone (a total row closes the table), but for race: a person counts in each
race they named.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from . import connection, follow_up
from .groups import GROUPINGS, Grouping, label, ordered
from .period import Filters
from .tables import Column, Table


def _table(key: str, title, columns: list[Column], by_group: dict, everyone: dict,
           grouping: Grouping, labels: dict) -> Table:
    group = Column("group", grouping.title, "label")
    rows = []
    for grp in ordered(by_group, labels, by_name=grouping.key in ("place", "gender")):
        rows.append({"group": label(grp, labels), **by_group[grp]})
    if grouping.adds_up:
        rows.append({"group": _l("Total"), **everyone})
    return Table(f"{key}-by-{grouping.key}", title, [group, *columns], rows,
                 total_row=grouping.adds_up, chart=("group", "people"),
                 description=_l("People served in each group, and the figures of the "
                                "records about them. A person counts in each race they "
                                "named; \"not recorded\" counts those who gave no answer."))


def everyone(filters: Filters) -> tuple[dict, dict]:
    """The connection and follow-up figures for everyone (the total rows)."""
    return (connection.figures(filters).get(connection.ALL)
            or connection.empty_row(connection.COLUMNS),
            follow_up.figures(filters).get(connection.ALL)
            or connection.empty_row(follow_up.COLUMNS))


def grouping_tables(filters: Filters, grouping: Grouping, everyone: tuple) -> list[Table]:
    dim, labels = grouping.query()
    return [
        _table("connection", _l("Connection to care by %(group)s", group=grouping.title),
               connection.COLUMNS, connection.figures(filters, dim), everyone[0],
               grouping, labels),
        _table("follow-up", _l("Follow-up by %(group)s", group=grouping.title),
               follow_up.COLUMNS, follow_up.figures(filters, dim), everyone[1],
               grouping, labels),
    ]


def tables(filters: Filters) -> list[Table]:
    totals = everyone(filters)
    return [table for grouping in GROUPINGS
            for table in grouping_tables(filters, grouping, totals)]
