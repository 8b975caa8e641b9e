"""What a search asks for: words, a place, filters, an order and a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .geo import Place

#: Radii (km) counted in the distance facet, unless a query names its own.
DISTANCE_BANDS_KM = (2, 5, 10, 25, 50)


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    place: Place | None = None
    radius_km: float | None = None
    taxonomy_term_ids: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    cost: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    age: float | None = None
    open_now: bool = False
    accepting: bool = False
    sort: str = "relevance"  # or "distance"
    page: int = 1
    per_page: int = 20
    locale: str = "en"
    now: datetime | None = None
    #: Radii counted in the distance facet.
    distance_bands_km: tuple[float, ...] = DISTANCE_BANDS_KM
