"""Connection to care: needs opened, referrals by state and category, warm handoffs, connection and its timing, the resident's choice."""

from __future__ import annotations

from .period import Filters
from .tables import Table


def tables(filters: Filters) -> list[Table]:
    return []
