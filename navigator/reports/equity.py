"""Equity: the connection and follow-up figures by ZIP or neighborhood and by each
optional, self-described field (household, gender, race, ethnicity), next to the people
served in each group, "not recorded" a group of its own.

The figures are the counts of ``connection`` and ``follow_up`` taken once per resident
(``per_resident``) and added up into each grouping's groups (``groups``): the same
queries as the other pages, run once for all five groupings. The groups of one field add
up to everyone (a total row closes the table), but for race: a person counts in each
race they named.
"""

from __future__ import annotations

from itertools import chain
from operator import itemgetter

import numpy as np
from flask_babel import lazy_gettext as _l

from . import connection, follow_up, per_resident
from .groups import FIELDS, FREE_TEXT, GROUPINGS, Grouping, Residents, label, ordered
from .period import Filters
from .tables import Column, Table


class Rows:
    """One figure's rows of counts for each resident (``counting``), added up into the
    groups of each grouping with NumPy: the counts as a matrix, the lists of days as
    one array. Added up row by row in Python, a year's residents into five groupings'
    groups took most of the page's time."""

    def __init__(self, per_resident: dict, residents: Residents, empty: dict):
        """``empty``: a row with none counted, each list's key there (a row of
        ``per_resident`` may lack a list it has nothing in)."""
        rows = list(per_resident.values())
        self.counts = [k for k, v in empty.items() if v.__class__ is int]
        lists = [k for k, v in empty.items() if v.__class__ is list]
        self.rest = {k: v for k, v in empty.items() if k not in self.counts + lists}
        # a tuple even for one key (itemgetter of one key gives the bare value)
        counts = itemgetter(*self.counts, *self.counts[:1])
        self.matrix = np.array(list(map(counts, rows)), dtype=np.int64).reshape(
            len(rows), len(self.counts) + 1)[:, :-1]
        #: each list's values, all residents' one after the other, and whose they are
        self.lists = {}
        for key in lists:
            theirs = [row.get(key, ()) for row in rows]
            sizes = np.fromiter(map(len, theirs), np.intp, len(theirs))
            self.lists[key] = (np.array(list(chain.from_iterable(theirs)), dtype=float),
                               np.repeat(np.arange(len(theirs)), sizes))
        self.profiles = residents.profiles(per_resident)

    def by_group(self, grouping: Grouping) -> dict:
        """``{group: row}``: the sums of the rows of each group's residents."""
        at = FIELDS.index(grouping.key)
        # the residents by their groups in this grouping: a tuple, as a person who named
        # several races counts in each
        theirs = [profile[at] for profile in self.profiles]
        kinds = list(dict.fromkeys(theirs))
        kind = np.fromiter(map({k: n for n, k in enumerate(kinds)}.__getitem__, theirs),
                           np.intp, len(theirs))
        sums = np.zeros((len(kinds), len(self.counts)), dtype=np.int64)
        np.add.at(sums, kind, self.matrix)
        totals: dict = {}
        for n, groups in enumerate(kinds):
            for group in groups:
                totals[group] = totals[group] + sums[n] if group in totals else sums[n]
        rows = {group: self._row(total) for group, total in totals.items()}
        for key, (values, owners) in self.lists.items():
            for n, part in enumerate(self._split(values, kind[owners], len(kinds))):
                for group in kinds[n]:
                    rows[group][key].extend(part)
        return rows

    def total(self) -> dict:
        row = self._row(self.matrix.sum(axis=0))
        for key, (values, _) in self.lists.items():
            row[key] = np.sort(values).tolist()
        return row

    def _row(self, sums) -> dict:
        return {**self.rest, **dict(zip(self.counts, sums.tolist())),
                **{key: [] for key in self.lists}}

    @staticmethod
    def _split(values, kind, kinds: int) -> list[list]:
        """``values`` by their ``kind`` (0 to ``kinds`` - 1), as lists, each in order:
        the medians sort them again, which then costs next to nothing."""
        order = np.lexsort((values, kind))
        bounds = np.searchsorted(kind[order], np.arange(kinds + 1))
        ordered_values = values[order]
        return [ordered_values[bounds[n]:bounds[n + 1]].tolist() for n in range(kinds)]


def _table(key: str, title, module, rows: Rows, labels: dict, grouping: Grouping) -> Table:
    found = {group: module.finish(row) for group, row in rows.by_group(grouping).items()}
    shown = [{"group": label(g, labels), **found[g]}
             for g in ordered(found, labels, by_name=grouping.key in FREE_TEXT)]
    if grouping.adds_up:
        shown.append({"group": _l("Total"), **module.finish(rows.total())})
    return Table(f"{key}-by-{grouping.key}", title,
                 [Column("group", grouping.title, "label"), *module.COLUMNS], shown,
                 total_row=grouping.adds_up, chart=("group", "people"),
                 description=_l("People served in each group, and the figures of the "
                                "records about them. A person counts in each race they "
                                "named; \"not recorded\" counts those who gave no answer."))


def tables(filters: Filters, groupings=GROUPINGS) -> list[Table]:
    residents, linked, followed = per_resident.counts(filters)
    linked = Rows(linked, residents, connection.empty_counts())
    followed = Rows(followed, residents, follow_up.empty_counts())
    found = []
    for grouping in groupings:
        labels = residents.labels[grouping.key]
        found.append(_table("connection", _l("Connection to care by %(group)s",
                                             group=grouping.title),
                            connection, linked, labels, grouping))
        found.append(_table("follow-up", _l("Follow-up by %(group)s", group=grouping.title),
                            follow_up, followed, labels, grouping))
    return found
