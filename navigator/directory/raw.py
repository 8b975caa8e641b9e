"""What the readers hand the importer: tables of raw values with where each row came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable


@dataclass
class RawTable:
    """Rows of one HSDS table as read from one file, before any checking.

    ``table`` is the canonical HSDS 3.0 table name (``service``, ``phone``...) or a
    Navigator extension (``navigator_service``...). ``label`` names the source in
    messages (``services.csv``). Each row is ``(where, values)``: ``where`` is the
    CSV line number or a JSON path, ``values`` align with ``columns``; a value is
    a string as read, a JSON scalar, or None.
    """

    table: str
    label: str
    columns: list[str]
    rows: Iterable[tuple[int | str, list[Any]]]
    #: Rows counted up front where known, for the progress bar.
    size: int | None = None


@dataclass(frozen=True, slots=True)  # a real export gives hundreds of thousands
class Problem:
    """One thing wrong with the input; ``str()`` gives ``file:row:column: message``."""

    label: str
    where: int | str | None
    column: str | None
    message: str
    #: "error", "warning", or "default" (a value an export left out, filled as it plainly
    #: means: see ``defaults``).
    severity: str = "error"
    #: The value as read, when the message is about one (for the report file).
    value: str | None = None

    def __str__(self) -> str:
        place = self.label
        if self.where not in (None, ""):
            place += f":{self.where}"
        if self.column:
            place += f":{self.column}"
        return f"{place}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
