"""Unmet needs: searches that found nothing, needs with no suitable service, referrals declined for no capacity or not eligible, by month."""

from __future__ import annotations

from .period import Filters
from .tables import Table


def tables(filters: Filters) -> list[Table]:
    return []
