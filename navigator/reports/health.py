"""Directory health: listings confirmed lately, pending review items and their age, providers' time to answer a referral."""

from __future__ import annotations

from .period import Filters
from .tables import Table


def tables(filters: Filters) -> list[Table]:
    return []
