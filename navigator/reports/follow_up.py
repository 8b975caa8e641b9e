"""Follow-up: done within 48 hours of the contact or referral, overdue now, referrals closed with no outcome."""

from __future__ import annotations

from .period import Filters
from .tables import Table


def tables(filters: Filters) -> list[Table]:
    return []
