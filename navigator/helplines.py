"""The help bar's phone numbers (``directory_data/help_lines.csv``), read once, and which
of them answer each kind of crisis (its ``crisis`` column: the kinds of
``navigator.search``'s crisis concepts, space-separated). The three-digit ones (911,
988, 211) are the short help bar of the results and service pages, where a phone's
screen has room for one line above the first result."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from navigator.config import ROOT

HELP_LINES = ROOT / "directory_data" / "help_lines.csv"


@dataclass(frozen=True)
class HelpLine:
    tel: str  # for the tel: link
    number: str  # as people read it
    labels: dict[str, str]
    crises: frozenset[str] = frozenset()

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]

    @property
    def short(self) -> bool:
        """A three-digit number (911, 988, 211): dialled from memory, and shown alone
        where the page has room for one line only."""
        return len(self.tel) == 3 and self.tel.isdigit()


def load(path: Path = HELP_LINES) -> list[HelpLine]:
    with open(path, newline="", encoding="utf-8") as file:
        return [HelpLine(row["tel"].strip(), row["number"].strip(),
                         {"en": row["label_en"].strip(), "es": row["label_es"].strip()},
                         frozenset((row.get("crisis") or "").split()))
                for row in csv.DictReader(file) if row.get("tel")]


def init_app(app: Flask) -> None:
    lines = load(Path(app.config.get("NAVIGATOR_HELP_LINES", HELP_LINES)))

    def crisis_lines(kind: str | None) -> list[HelpLine]:
        """The lines that answer this kind of crisis, in the file's order."""
        return [line for line in lines if kind in line.crises] if kind else []

    app.jinja_env.globals.update(help_lines=lines, crisis_lines=crisis_lines,
                                 short_help_lines=[line for line in lines if line.short])
