"""Crisis outcomes: how crises ended, from the contacts that follow a crisis response, by month."""

from __future__ import annotations

from .period import Filters
from .tables import Table


def tables(filters: Filters) -> list[Table]:
    return []
