"""Equity: the connection and follow-up figures by neighborhood or ZIP and by the optional self-described household, gender, race and ethnicity, beside the people served in each group."""

from __future__ import annotations

from .period import Filters
from .tables import Table


def tables(filters: Filters) -> list[Table]:
    return []
