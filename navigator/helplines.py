"""The help bar's phone numbers (``directory_data/help_lines.csv``), read once."""

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

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]


def load(path: Path = HELP_LINES) -> list[HelpLine]:
    with open(path, newline="", encoding="utf-8") as file:
        return [HelpLine(row["tel"].strip(), row["number"].strip(),
                         {"en": row["label_en"].strip(), "es": row["label_es"].strip()})
                for row in csv.DictReader(file) if row.get("tel")]


def init_app(app: Flask) -> None:
    lines = load(Path(app.config.get("NAVIGATOR_HELP_LINES", HELP_LINES)))
    app.jinja_env.globals["help_lines"] = lines
