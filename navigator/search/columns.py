"""What filters, ranking and facets read of every document, as arrays, built segment by
segment.

Each Whoosh segment's documents become one set of arrays (``segment_columns``), with
strings as codes into the segment's own tables: computed once when the segment is
written and kept beside it (``segments``), so that a process opening the index maps
them instead of reading every document's stored data. ``Columns`` combines the parts
of the live segments, leaving out deleted documents.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

#: Many-valued fields, one ``ValueColumn`` each. "code_tops" holds "code<US>top" pairs,
#: the top-level category of each of a document's codes.
VALUE_KEYS = ("terms", "languages", "cost", "access", "codes", "areas", "concepts", "tops",
              "code_tops")
_PAIR = "\x1f"
_FLOATS = ("lat", "lon", "capacity", "assured", "min_age", "max_age")
_FLAGS = ("present", "approximate", "accepting", "closed", "spanish")
_BYTES = ("text_key", "service_id", "sal_id")


class ValueColumn:
    """A many-valued field of every document (categories, languages...) as pairs."""

    def __init__(self, size: int, values_per_doc: Iterable[Iterable[str]]):
        index: dict[str, int] = {}
        docs, values = [], []
        for docnum, doc_values in enumerate(values_per_doc):
            for value in doc_values:
                docs.append(docnum)
                values.append(index.setdefault(value, len(index)))
        self._set(size, np.array(docs, dtype=np.int64), np.array(values, dtype=np.int64),
                  list(index))

    @classmethod
    def from_pairs(cls, size: int, docs: np.ndarray, codes: np.ndarray,
                   values: list[str]) -> ValueColumn:
        column = cls.__new__(cls)
        column._set(size, docs, codes, values)
        return column

    def _set(self, size: int, docs: np.ndarray, codes: np.ndarray, values: list[str]):
        self.size = size
        self.values = values
        self.index = {value: code for code, value in enumerate(values)}
        self.docs = docs
        self.codes = codes
        self._masks: dict[str, np.ndarray] = {}

    def mask(self, value: str) -> np.ndarray:
        """Documents holding ``value``."""
        found = self._masks.get(value)
        if found is None:
            found = np.zeros(self.size, dtype=bool)
            code = self.index.get(value)
            if code is not None:
                found[self.docs[self.codes == code]] = True
            self._masks[value] = found
        return found

    def any_of(self, values: Iterable[str]) -> np.ndarray:
        found = np.zeros(self.size, dtype=bool)
        for value in values:
            found |= self.mask(value)
        return found

    def all_of(self, values: Iterable[str]) -> np.ndarray:
        found = np.ones(self.size, dtype=bool)
        for value in values:
            found &= self.mask(value)
        return found

    def counts(self, selected: np.ndarray) -> dict[str, int]:
        """How many of the selected documents (a boolean mask) hold each value."""
        tally = np.bincount(self.codes[selected[self.docs]], minlength=len(self.values))
        return {self.values[code]: int(tally[code]) for code in np.flatnonzero(tally)}


# -- one segment ----------------------------------------------------------------------

def _number(value) -> float:
    return math.nan if value is None else value


def _strings(values: list[bytes]) -> np.ndarray:
    return np.array(values, dtype=f"S{max(1, max(map(len, values), default=1))}")


def segment_columns(rows: Iterable[dict | None]) -> tuple[dict[str, np.ndarray], dict]:
    """One segment's documents (their stored data; None: none) as arrays, and the
    tables of strings their codes point into. ``rows`` is read once, row by row."""
    lists: dict[str, list] = {k: [] for k in (*_FLOATS, *_FLAGS, *_BYTES, "name", "hours")}
    pair_docs = {k: [] for k in VALUE_KEYS}
    pair_codes = {k: [] for k in VALUE_KEYS}
    tables: dict[str, dict] = {k: {} for k in (*VALUE_KEYS, "hours")}
    for docnum, data in enumerate(rows):
        r = data if data is not None else {}
        point = r.get("lat") is not None and r.get("lon") is not None
        for key, value in (("present", data is not None),
                           ("lat", r.get("lat") if point else None),
                           ("lon", r.get("lon") if point else None),
                           ("approximate", point and bool(r.get("approximate"))),
                           ("accepting", r.get("accepting") is True),
                           ("closed", r.get("status") == "temporarily closed"),
                           ("capacity", r.get("capacity")),
                           ("assured", r.get("assured") or None),
                           ("min_age", r.get("min_age")), ("max_age", r.get("max_age")),
                           ("spanish", "es" in (r.get("languages") or ())),
                           ("text_key", (r.get("text_key") or "").encode("ascii")),
                           ("service_id", (r.get("service_id") or "").encode()),
                           ("sal_id", (r.get("sal_id") or "").encode()),
                           ("name", (r.get("name") or "").encode())):
            lists[key].append(value)
        # Documents with the same weekly hours share one answer to "open now?".
        signature = repr(r.get("hours") or ()) if data is not None else None
        lists["hours"].append(tables["hours"].setdefault(signature, len(tables["hours"])))
        tops = r.get("code_tops") or {}
        for key, values in (*((k, r.get(k) or ()) for k in VALUE_KEYS[:7]),
                            ("tops", sorted(set(tops.values()))),
                            ("code_tops", (f"{c}{_PAIR}{t}" for c, t in tops.items()))):
            table = tables[key]
            for value in values:
                pair_docs[key].append(docnum)
                pair_codes[key].append(table.setdefault(value, len(table)))
    arrays = {k: np.array(lists[k], dtype=np.float64) for k in _FLOATS}
    arrays.update({k: np.array(lists[k], dtype=bool) for k in _FLAGS})
    arrays.update({k: _strings(lists[k]) for k in _BYTES})
    # Names ranked within the segment (ties in score and distance are broken by name;
    # UTF-8 bytes sort as the strings do).
    arrays["name_table"], name = np.unique(_strings(lists["name"]), return_inverse=True)
    arrays["name"] = name.astype(np.int32)
    arrays["hours"] = np.array(lists["hours"], dtype=np.int32)
    for key in VALUE_KEYS:
        arrays[f"{key}.docs"] = np.array(pair_docs[key], dtype=np.int32)
        arrays[f"{key}.codes"] = np.array(pair_codes[key], dtype=np.int32)
    return arrays, {key: list(table) for key, table in tables.items()}


# -- the live segments together ---------------------------------------------------------

class Columns:
    """What filters, ranking and facets read of every document, as arrays.

    ``parts``: each segment's (arrays, tables) from ``segment_columns``, in document
    order; ``live``: which documents are live (stored data, not deleted).
    """

    def __init__(self, parts: Sequence[tuple[dict, dict]], live: np.ndarray):
        size = self.size = len(live)
        self.live = live
        starts = np.cumsum([0] + [len(a["present"]) for a, _ in parts])[:-1]

        def joined(name: str) -> np.ndarray:
            return np.concatenate([a[name] for a, _ in parts])

        self.lat, self.lon = joined("lat"), joined("lon")
        self.has_point = ~np.isnan(self.lat)
        #: Points placed at their ZIP code's centre (``Location.coordinates_approximate``).
        self.approximate = joined("approximate")
        self.accepting = joined("accepting")
        self.closed = joined("closed")
        #: Places open now (NaN when not told).
        self.capacity = joined("capacity")
        self.assured = joined("assured")
        self.min_age, self.max_age = joined("min_age"), joined("max_age")
        self.has_ages = ~np.isnan(self.min_age) | ~np.isnan(self.max_age)
        self.spanish = joined("spanish")
        self.name_rank = _name_rank(parts)
        self.values = {key: _values(size, parts, starts, key, live) for key in VALUE_KEYS}
        # Each code's top-level category, and each document's top-level categories.
        self.code_top = dict(v.split(_PAIR, 1) for v in self.values.pop("code_tops").values)
        self.top_count = np.bincount(self.values["tops"].docs, minlength=size)
        # Documents with the same weekly hours share one answer to "open now?".
        # (Removed and placeholder documents share one of their own: never asked.)
        signatures: dict[str | None, int] = {}
        hours = np.concatenate([_codes(signatures, tables["hours"])[a["hours"]]
                                for a, tables in parts])
        hours[~live] = -1
        _, self.hours_example, self.hours_of = np.unique(hours, return_index=True,
                                                         return_inverse=True)
        kinds = len(self.hours_example)
        self.open_minute = np.full(kinds, -1, dtype=np.int64)
        self.open_state = np.zeros(kinds, dtype=np.int8)

    def in_box(self, min_lat: float, min_lon: float, max_lat: float,
               max_lon: float) -> np.ndarray:
        """Documents whose point lies in the box (a cheap prefilter before distances)."""
        return ((self.lat >= min_lat) & (self.lat <= max_lat)
                & (self.lon >= min_lon) & (self.lon <= max_lon))


def _codes(index: dict, table: list) -> np.ndarray:
    """Each of a segment's codes as a code of ``index`` (added to it as first seen)."""
    return np.fromiter((index.setdefault(v, len(index)) for v in table), dtype=np.int64,
                       count=len(table))


def name_group(group_id: str, parts) -> None:
    """Rank the names of segments written together (a rebuild writes two) in one table,
    kept with the first of them: a process opening the index then orders their names
    without comparing strings (which took ~100 ms at 100,000 listings)."""
    table = np.unique(np.concatenate([arrays["name_table"] for arrays, _ in parts]))
    for arrays, tables in parts:
        arrays["name_in_group"] = np.searchsorted(table, arrays["name_table"]).astype(np.int32)
        tables["name_group"] = group_id
    parts[0][0]["name_group_table"] = table


def _name_rank(parts) -> np.ndarray:
    """Each document's place in the order of all names (equal names, equal places).

    The biggest group of segments ranked together is the base; the names of the
    others (the follower's small segments) are placed between its names."""
    groups: dict = {}  # group: [its table of names, its parts' numbers]
    for n, (arrays, tables) in enumerate(parts):
        key = tables.get("name_group", n)
        entry = groups.setdefault(key, [None, []])
        entry[1].append(n)
        entry[0] = arrays.get("name_group_table" if key != n else "name_table", entry[0])
    for key in [key for key, (table, _) in groups.items() if table is None]:
        # Its table went with a segment merged away: each of its segments ranks alone.
        for n in groups.pop(key)[1]:
            groups[n] = [parts[n][0]["name_table"], [n]]
    ordered = sorted(groups.items(), key=lambda item: -len(item[1][0]))
    base, rest = ordered[0][1][0], [table for _, (table, _) in ordered[1:]]
    ranks = [np.arange(len(base), dtype=np.float64)]
    if rest:
        names, where = np.unique(np.concatenate(rest), return_inverse=True)
        at = np.searchsorted(base, names)
        same = at < len(base)
        same[same] = base[at[same]] == names[same]
        # Between the base's names at - 1 and at, in their own order.
        between = at - 0.5 + 0.5 * np.arange(1, len(names) + 1) / (len(names) + 1)
        placed = np.where(same, at, between)[where]
        ends = np.cumsum([len(table) for table in rest])
        ranks += [placed[end - len(table):end] for table, end in zip(rest, ends)]
    by_part = {}
    for rank, (key, (_, members)) in zip(ranks, ordered):
        for n in members:
            arrays = parts[n][0]
            # A part ranked alone indexes its own table, one of a group the group's.
            local = arrays["name"] if key == n else arrays["name_in_group"][arrays["name"]]
            by_part[n] = rank[local]
    return np.concatenate([by_part[n] for n in range(len(parts))])


def _values(size: int, parts, starts: np.ndarray, key: str, live: np.ndarray) -> ValueColumn:
    """The segments' pairs of one field, of live documents only, with the values in the
    order they first appear (as one pass over the live documents would find them)."""
    index: dict[str, int] = {}
    docs = np.concatenate([a[f"{key}.docs"] + np.int32(start)
                           for (a, _), start in zip(parts, starts)])
    codes = np.concatenate([_codes(index, tables[key])[a[f"{key}.codes"]]
                            for a, tables in parts]).astype(np.int32)
    values = list(index)
    keep = live[docs]
    if not keep.all():
        docs, codes = docs[keep], codes[keep]
        first = np.full(len(values), len(codes))  # where each value is first held now
        np.minimum.at(first, codes, np.arange(len(codes)))
        order = np.argsort(first, kind="stable")[:np.count_nonzero(first < len(codes))]
        recode = np.zeros(len(values), dtype=np.int32)
        recode[order] = np.arange(len(order), dtype=np.int32)
        codes = recode[codes]
        values = [values[code] for code in order]
    return ValueColumn.from_pairs(size, docs, codes, values)
