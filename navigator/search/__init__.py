"""Search: one feature, one face. Other features import only this module, never one
of its submodules, and nothing outside this package touches Whoosh or the index's
own keys (``tests/test_architecture.py`` holds every module to it).

- ``search(query) -> Results`` of typed ``Hit``s: words, place, filters, facets and
  ranking; ``ranked_listings(query)``: every match, best first, without pages;
- ``search_query_from(request.args, ...)``: a ``SearchQuery`` from a query string (a
  bad parameter raises ``BadParameter``, or is set aside on the public pages), and the
  readers of single parameters (``read_number``, ...) that the API uses too;
- ``place_for(near=..., lat=..., lon=...)``: a ``Place`` from a ZIP, address,
  neighborhood or the browser's position (raises ``PlaceNotFound``); distances in
  miles (``km_to_miles``, ``miles_text``), and the words said instead of one for a
  listing placed at its ZIP code's centre (``approximate_place_text``, for a hit
  whose ``approximate`` is true; it ranks by its ZIP distance, never under
  ``ZIP_DISTANCE_FLOOR_KM``); the service areas that cover a place
  (``covering_areas``, ``area_key``);
- ``categories(lang)``, ``taxonomy_names(lang)``, ``related_categories(codes)``: the
  directory's categories, kept until it changes; ``guess_language(text)``;
- ``categories_of(texts)``: the categories (term ids) logged words point to, as search
  reads them, for the unmet-needs report; ``log_categories(pairs)``: what the search
  log keeps of them for each (words, filters JSON) (``SearchLog.categories``, NULL when
  too long to index; ``read_log_categories(pairs)``: the text whatever its length; read
  when a search is logged; ``fill_log_categories(connection)`` and ``flask search
  log-categories`` fill or refresh them), and ``categories_in_log(text)`` the
  categories that text holds;
- ``rebuild()`` and ``follow_step()``: keep this host's index current with the
  directory's change log (every commit of the directory is in it: see
  ``follower``); ``health()``: whether this host can answer searches, for
  ``/healthz``; a search on a host without a readable index raises ``IndexNotReady``
  (a 503: a request never builds an index); ``directory_stamp()``: the change the
  index has applied; ``cli``: the ``flask search`` commands (``reindex``, ``follow``,
  ``status``: every host's replica, ``prune``: the change log's old rows).
"""

from __future__ import annotations

from .analysis import guess_language
from .areas import area_key, covering_areas
from .commands import commands as cli
from .engine import ZIP_DISTANCE_FLOOR_KM
from .geo import (
    KM_PER_MILE, Place, PlaceNotFound, approximate_place_text, km_to_miles, miles_text,
)
from .index import IndexNotReady
from .log_meaning import (
    categories_in_log, fill as fill_log_categories, log_categories, read_log_categories,
)
from .models import SearchLog
from .meaning import categories_of
from .query import SearchQuery
from .query_string import (
    ACCESS, COSTS, BadParameter, boolean as read_boolean, integer as read_integer,
    number as read_number, search_query_from, text as read_text,
)
from .results import Hit, Results
from .searching import (
    categories, directory_stamp, follow_step, health, index_changes, init_app, place_for,
    ranked_listings, rebuild, related_categories, search, taxonomy_names,
)

__all__ = [
    "ACCESS", "COSTS", "BadParameter", "Hit", "IndexNotReady", "KM_PER_MILE", "Place",
    "PlaceNotFound", "Results", "SearchLog", "SearchQuery", "ZIP_DISTANCE_FLOOR_KM",
    "approximate_place_text", "area_key", "categories", "categories_in_log", "categories_of",
    "cli", "covering_areas", "directory_stamp", "fill_log_categories", "follow_step",
    "guess_language", "health", "index_changes", "init_app", "km_to_miles", "log_categories",
    "miles_text", "place_for", "ranked_listings", "read_boolean", "read_integer",
    "read_log_categories", "read_number", "read_text", "rebuild", "related_categories", "search",
    "search_query_from", "taxonomy_names",
]
