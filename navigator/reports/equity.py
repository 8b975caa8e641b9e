"""Equity: the connection and follow-up figures by ZIP or neighborhood and by each
optional, self-described field (household, gender, race, ethnicity), next to the people
served in each group, "not recorded" a group of its own.

The figures are ``connection.counts`` and ``follow_up.counts`` taken once per resident
and added up into each grouping's groups (``groups``): the same queries as the other
pages, run once for all five groupings. The groups of one field add up to everyone (a
total row closes the table), but for race: a person counts in each race they named.
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import lazy_gettext as _l

from . import connection, follow_up
from .counting import add_into, empty_row, people_served
from .groups import FIELDS, FREE_TEXT, GROUPINGS, Grouping, Residents, label, ordered
from .period import Filters
from .sql import category_terms
from .tables import Column, Table


def by_profile(per_resident: dict, residents: Residents) -> dict:
    """The residents' rows of counts added up by profile (``Residents.profile``): the
    residents who answered alike, summed once for every grouping."""
    sums: dict = {}
    for resident_id, row in per_resident.items():
        add_into(sums.setdefault(residents.profile(resident_id), {}), row)
    return sums


def by_group(profiles: dict, grouping: Grouping, columns, finish) -> dict:
    """``{group: figures}`` of one grouping, from the counts by profile."""
    at = FIELDS.index(grouping.key)
    sums: dict = defaultdict(lambda: empty_row(columns))
    for profile, row in profiles.items():
        for group in profile[at]:
            add_into(sums[group], row)
    return {group: finish(row) for group, row in sums.items()}


def _table(key: str, title, module, profiles: dict, labels: dict,
           grouping: Grouping) -> Table:
    found = by_group(profiles, grouping, module.COLUMNS, module.finish)
    rows = [{"group": label(g, labels), **found[g]}
            for g in ordered(found, labels, by_name=grouping.key in FREE_TEXT)]
    if grouping.adds_up:
        total = empty_row(module.COLUMNS)
        for row in profiles.values():
            add_into(total, row)
        rows.append({"group": _l("Total"), **module.finish(total)})
    return Table(f"{key}-by-{grouping.key}", title,
                 [Column("group", grouping.title, "label"), *module.COLUMNS], rows,
                 total_row=grouping.adds_up, chart=("group", "people"),
                 description=_l("People served in each group, and the figures of the "
                                "records about them. A person counts in each race they "
                                "named; \"not recorded\" counts those who gave no answer."))


def tables(filters: Filters, groupings=GROUPINGS) -> list[Table]:
    residents = Residents()
    people = people_served(filters, category_terms(filters), per_resident=True)
    linked = by_profile(connection.counts(filters, True, people), residents)
    followed = by_profile(follow_up.counts(filters, True, people=people), residents)
    found = []
    for grouping in groupings:
        labels = residents.labels[grouping.key]
        found.append(_table("connection", _l("Connection to care by %(group)s",
                                             group=grouping.title),
                            connection, linked, labels, grouping))
        found.append(_table("follow-up", _l("Follow-up by %(group)s", group=grouping.title),
                            follow_up, followed, labels, grouping))
    return found
