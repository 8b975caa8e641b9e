"""What an import found and did."""

from __future__ import annotations

import bisect
import csv
import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .raw import Problem
from .tables import load_order


@dataclass
class TableCount:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    #: Rows with a value filled or repaired (see ``defaults``, ``text_repair``).
    defaulted: int = 0


def sort_key(problem: Problem):
    where = problem.where
    return (problem.label, 0 if isinstance(where, int) else 1,
            where if isinstance(where, int) else str(where or ""), problem.column or "")


#: What varies between problems of one kind: quoted values, ids, numbers.
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|\b[0-9a-f]{8}-[0-9a-f-]{27}\b|\b\d+(?:\.\d+)?\b")
EXAMPLES = 3


class _Kind:
    """The defaults of one file, column and message: how many, and the first few in
    the order of ``sort_key`` (all of them, and those with a row): all a summary line
    shows."""

    __slots__ = ("count", "first", "placed")

    def __init__(self):
        self.count = 0
        self.first: list[tuple] = []  # (sort key, order made, problem), smallest first
        self.placed: list[tuple] = []  # the same, of problems with a row

    def later(self, key: tuple) -> bool:
        """True when a problem of ``key`` would be kept by neither list."""
        return (len(self.first) == EXAMPLES and len(self.placed) == EXAMPLES
                and key >= self.first[-1][0] and key >= self.placed[-1][0])

    def keep(self, entry: tuple) -> None:
        lists = (self.first, self.placed) if entry[2].where not in (None, "") else (
            self.first,)
        for kept in lists:
            if len(kept) < EXAMPLES:
                bisect.insort(kept, entry)
            elif entry < kept[-1]:
                kept.pop()
                bisect.insort(kept, entry)


class Defaults:
    """The values an import filled or repaired (problems of severity "default").

    A real export has hundreds of thousands, all alike: they are counted by file,
    column and message as they are made, keeping only the first few of each (what
    the summary shows); every one is kept only when ``every`` (for the report file).
    ``len()`` is how many there were."""

    def __init__(self, every: bool = False):
        self._kinds: dict[tuple[str, str | None, str], _Kind] = {}
        self._made = 0
        #: Every default in the order made, when asked for (``every``).
        self.every: list[Problem] | None = [] if every else None

    def add(self, label: str, where, column: str | None, message: str,
            value: str | None = None) -> None:
        kind = self._kinds.get((label, column, message))
        if kind is None:
            kind = self._kinds[(label, column, message)] = _Kind()
        kind.count += 1
        self._made += 1
        # The key of ``sort_key``, made without the problem: rows are read in order,
        # so past the first few a problem is rarely kept and seldom needs making.
        key = (label, 0, where, column or "") if isinstance(where, int) else (
            label, 1, str(where or ""), column or "")
        problem = None
        if not kind.later(key):
            problem = Problem(label, where, column, message, "default", value)
            kind.keep((key, self._made, problem))
        if self.every is not None:
            self.every.append(problem or Problem(label, where, column, message, "default",
                                                 value))

    def __len__(self) -> int:
        return self._made

    def groups(self) -> Iterable[tuple[tuple, int, list[tuple], list[tuple]]]:
        """(group key as ``summary_lines`` makes it, count, first few, first few with a
        row) of every kind; several kinds (files) may share a group key."""
        for (label, column, message), kind in self._kinds.items():
            yield (("default", column, _VARYING.sub("…", message)), kind.count,
                   kind.first, kind.placed)


@dataclass
class ImportReport:
    """What an import found and did; ``ok`` is False when nothing was written."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, TableCount] = field(default_factory=lambda: defaultdict(TableCount))
    #: Rows skipped under ``skip_invalid`` because a row they need was skipped.
    dependents: list[Problem] = field(default_factory=list)
    written: bool = False
    geocoded: int = 0
    #: Organizations made up for services whose organization the import lacked:
    #: (id as written in the file, placeholder's id).
    placeholders: list[tuple[str, str]] = field(default_factory=list)
    #: What ``--replace`` deletes that rows outside the directory point at
    #: (``replacing.Unlink``): provider accounts, residents' reports.
    unlinks: list = field(default_factory=list)
    #: The replacement would unlink those rows and was not confirmed: nothing written.
    unconfirmed: bool = False
    #: The input is not a package that can be read at all: no rows to fix or skip.
    unreadable: bool = False
    #: Values filled or repaired where an export left them out or broke them, counted
    #: as they are made (``problems`` holds the errors and warnings).
    defaults: Defaults = field(default_factory=Defaults)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.written

    def tables_read(self) -> list[tuple[str, TableCount]]:
        """(table, its counts) for each table the package had rows of, parents first."""
        return [(table, count) for table in load_order()
                if (count := self.counts.get(table)) and count.read]


@dataclass
class _Group:
    """Problems of one kind, as a summary line shows them."""

    position: tuple  # where its first problem comes in the report's order
    count: int = 0
    labels: set = field(default_factory=set)
    first: list = field(default_factory=list)  # (sort key, order, problem), sorted
    placed: list = field(default_factory=list)  # the same, of problems with a row


def summary_lines(problems: list[Problem], prefix: str | None = None,
                  defaults: Defaults | None = None) -> list[str]:
    """One line per kind of problem (in one column, in any file): the first problem's
    words, how many rows, and the first few as examples. ``problems`` are in the
    order of ``sort_key``; ``defaults`` join them where their first one comes."""
    groups: dict[tuple, _Group] = {}
    for order, problem in enumerate(problems):
        key = (problem.severity, problem.column, _VARYING.sub("…", problem.message))
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group((sort_key(problem), 0, order))
        group.count += 1
        group.labels.add(problem.label)
        entry = (order, order, problem)
        if len(group.first) < EXAMPLES:
            group.first.append(entry)
        if len(group.placed) < EXAMPLES and problem.where not in (None, ""):
            group.placed.append(entry)
    for key, count, first, placed in (defaults.groups() if defaults is not None else ()):
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group((first[0][0], 1, first[0][1]))
        group.position = min(group.position, (first[0][0], 1, first[0][1]))
        group.count += count
        group.labels.update(entry[2].label for entry in first)
        group.first = sorted(group.first + first)[:EXAMPLES]
        group.placed = sorted(group.placed + placed)[:EXAMPLES]
    lines = []
    for (severity, column, _), group in sorted(groups.items(), key=lambda g: g[1].position):
        head = f"{prefix or severity}: "
        if group.count <= EXAMPLES:
            lines.extend(f"{head}{problem}" for _, _, problem in group.first)
            continue
        labels = sorted(group.labels)
        place = ", ".join(labels) + (f":{column}" if column else "")
        found = [problem for _, _, problem in group.placed]
        if len(labels) == 1:
            examples = ", ".join(str(p.where) for p in found)
        else:
            examples = ", ".join(f"{p.label}:{p.where}" for p in found)
        lines.append(f"{head}{place}: {group.first[0][2].message} — {group.count} rows"
                     + (f" (e.g. {examples})" if examples and group.count > len(labels)
                        else ""))
    return lines


REPORT_COLUMNS = ("file", "row", "column", "value", "severity", "what was done")


def write_report_file(report: ImportReport, path: Path) -> int:
    """Every problem, default and repair of ``report``, one per CSV row, for a city's
    data team; return the number of rows."""
    every = report.defaults.every
    if every is None:
        raise ValueError("the import kept no defaults row by row: give it every=True")
    # The defaults were made in reading order: merged into the sorted problems, a
    # problem goes before a default of the same row and column.
    problems = heapq.merge(report.problems, sorted(every, key=sort_key), key=sort_key)
    rows = 0
    with Path(path).open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(REPORT_COLUMNS)
        for severity, listed in ((None, problems), ("skipped", report.dependents)):
            for problem in listed:
                writer.writerow((problem.label, "" if problem.where is None else problem.where,
                                 problem.column or "", problem.value or "",
                                 severity or problem.severity, problem.message))
                rows += 1
    return rows
