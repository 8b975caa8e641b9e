"""What an import found and did."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def defaults(self) -> list[Problem]:
        """Values filled or repaired where an export left them out or broke them."""
        return [p for p in self.problems if p.severity == "default"]

    @property
    def ok(self) -> bool:
        return self.written

    def tables_read(self) -> list[tuple[str, TableCount]]:
        """(table, its counts) for each table the package had rows of, parents first."""
        return [(table, count) for table in load_order()
                if (count := self.counts.get(table)) and count.read]


def sort_key(problem: Problem):
    where = problem.where
    return (problem.label, 0 if isinstance(where, int) else 1,
            where if isinstance(where, int) else str(where or ""), problem.column or "")


#: What varies between problems of one kind: quoted values, ids, numbers.
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|\b[0-9a-f]{8}-[0-9a-f-]{27}\b|\b\d+(?:\.\d+)?\b")
EXAMPLES = 3


def summary_lines(problems: list[Problem], prefix: str | None = None) -> list[str]:
    """One line per kind of problem (in one column, in any file): the first problem's
    words, how many rows, and the first few as examples."""
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        key = (problem.severity, problem.column, _VARYING.sub("…", problem.message))
        groups.setdefault(key, []).append(problem)
    lines = []
    for (severity, column, _), group in groups.items():
        first = group[0]
        head = f"{prefix or severity}: "
        if len(group) <= EXAMPLES:
            lines.extend(f"{head}{problem}" for problem in group)
            continue
        labels = list(dict.fromkeys(p.label for p in group))
        place = ", ".join(labels) + (f":{column}" if column else "")
        found = [p for p in group if p.where not in (None, "")][:EXAMPLES]
        if len(labels) == 1:
            examples = ", ".join(str(p.where) for p in found)
        else:
            examples = ", ".join(f"{p.label}:{p.where}" for p in found)
        lines.append(f"{head}{place}: {first.message} — {len(group)} rows"
                     + (f" (e.g. {examples})" if examples and len(group) > len(labels)
                        else ""))
    return lines


REPORT_COLUMNS = ("file", "row", "column", "value", "severity", "what was done")


def write_report_file(report: ImportReport, path: Path) -> int:
    """Every problem, default and repair of ``report``, one per CSV row, for a city's
    data team; return the number of rows."""
    rows = [*report.problems, *report.dependents]
    with Path(path).open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(REPORT_COLUMNS)
        for problem in rows:
            severity = "skipped" if problem in report.dependents else problem.severity
            writer.writerow((problem.label, "" if problem.where is None else problem.where,
                             problem.column or "", problem.value or "", severity,
                             problem.message))
    return len(rows)
