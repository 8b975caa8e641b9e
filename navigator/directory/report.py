"""What an import found and did."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .raw import Problem


@dataclass
class TableCount:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    skipped: int = 0


@dataclass
class ImportReport:
    """What an import found and did; ``ok`` is False when nothing was written."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, TableCount] = field(default_factory=lambda: defaultdict(TableCount))
    #: Rows skipped under ``skip_invalid`` because a row they need was skipped.
    dependents: list[Problem] = field(default_factory=list)
    written: bool = False
    geocoded: int = 0
    #: The input is not a package that can be read at all: no rows to fix or skip.
    unreadable: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return self.written


def sort_key(problem: Problem):
    where = problem.where
    return (problem.label, 0 if isinstance(where, int) else 1,
            where if isinstance(where, int) else str(where or ""), problem.column or "")
