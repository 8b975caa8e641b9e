"""The search of one app: its index, synonyms, geocoder and caches, and the functions
the package exports (``navigator.search`` is the door; see its docstring)."""

from __future__ import annotations

import atexit
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from flask import Flask, current_app
# In the request's language (see navigator.i18n.select_locale); English outside requests.
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from navigator.config import ROOT
from navigator.directory.categories import Category, category_counts
from navigator.directory.models import Address, Location
from navigator.directory.signals import directory_changed
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db
from . import sync
from .documents import build_documents, spatial_order
from .engine import ranked_listings as _ranked, run
from .geo import Place, PlaceNotFound, geocode_place, make_geocoder
from .index import SearchIndex
from .query import SearchQuery
from .results import Results
from .semantic import Semantic, make_semantic
from .search_log import SearchLogBuffer, log_row
from .synonyms import Synonyms, load_synonyms

log = logging.getLogger(__name__)
T = TypeVar("T")
EXTENSION = "navigator.search"
RESULTS_CACHE_SIZE = 512


@dataclass
class _State:
    index: SearchIndex
    #: The semantic stage, None when it is off.
    semantic: Semantic | None
    synonyms: Synonyms
    geocoder: object
    #: Searches not yet written to the search log.
    log: SearchLogBuffer
    #: Recent results of this process (see ``_cached``).
    results: dict = field(default_factory=dict)
    #: What is derived from the whole directory, by kind: (directory version, value).
    derived: dict = field(default_factory=dict)


def _state() -> _State:
    return current_app.extensions[EXTENSION]


def init_app(app: Flask) -> None:
    synonyms_path = app.config.get("NAVIGATOR_SYNONYMS",
                                   str(ROOT / "directory_data" / "synonyms.csv"))
    concepts_path = app.config.get("NAVIGATOR_CONCEPTS",
                                   str(ROOT / "directory_data" / "concepts.yaml"))

    def documents(service_ids: Iterable[str] | None):
        synonyms = load_synonyms(synonyms_path, concepts_path)
        with Session(db.engine) as session:
            return list(build_documents(session, synonyms, service_ids))

    def services_in_spatial_order():
        with Session(db.engine) as session:
            return spatial_order(session)

    def directory_addresses():
        # The geocoder knows the directory's own addresses, never a confidential one.
        with Session(db.engine) as session:
            return session.execute(
                select(Address.address_1, Address.city, Address.postal_code,
                       Location.latitude, Location.longitude,
                       Location.coordinates_approximate)
                .join(Location, Location.id == Address.location_id)
                .where(Location.confidential.is_not(True), Location.latitude.is_not(None))
            ).all()

    index_dir = Path(app.config["NAVIGATOR_INDEX_DIR"])
    semantic = make_semantic(app.config.get("NAVIGATOR_EMBEDDER", "use"),
                             Path(app.config.get("NAVIGATOR_VECTORS_DIR")
                                  or index_dir / "vectors"))
    if semantic is not None and app.config.get("NAVIGATOR_ENV") == "production":
        # Read the model's weights now (about a second), not in someone's first search;
        # with gunicorn --preload the workers share them.
        semantic.query_vector("warm up")
    index = SearchIndex(index_dir, documents, services_in_spatial_order,
                        semantic.store if semantic else None)
    app.extensions[EXTENSION] = _State(
        index=index,
        semantic=semantic,
        synonyms=load_synonyms(synonyms_path, concepts_path),
        geocoder=make_geocoder(app.config.get("NAVIGATOR_GEOCODER", "offline"),
                               addresses=directory_addresses),
        log=SearchLogBuffer(app, size=app.config.get("NAVIGATOR_SEARCH_LOG_BATCH", 50),
                             delay=0.0 if app.testing else
                             app.config.get("NAVIGATOR_SEARCH_LOG_DELAY", 2.0)),
    )
    atexit.register(app.extensions[EXTENSION].log.flush)
    _listen_once()
    directory_changed.connect(_rebuild_after_import, app)


def _listen_once() -> None:
    # db.session is shared by every app of the process: one set of listeners, each
    # acting on the current app's index.
    session = db.session
    if event.contains(session, "after_flush", sync.collect):
        return
    event.listen(session, "after_flush", sync.collect)
    event.listen(session, "after_rollback", sync.drop)
    event.listen(session, "after_soft_rollback", sync.drop)
    event.listen(session, "after_commit", _APPLY)


_APPLY = sync.make_apply(lambda: db.engine,
                         lambda ids: _state().index.update_services(ids),
                         lambda: _state().index.rebuild(),
                         lambda: _state().index.touch())


#: Listing texts an import's rebuild embeds before it returns (about 40 s): a 211's
#: export of a few thousand services is searched by meaning at once. A bigger import is
#: searchable by words at once, and `flask search reindex` embeds it all.
IMPORT_EMBED_LIMIT = 5000


def _rebuild_after_import(app: Flask, **extra) -> str | None:
    """Rebuild the index after an import; return a line for the person importing when
    the listings' meanings are still to be embedded."""
    state = app.extensions[EXTENSION]
    count = state.index.rebuild(embed_limit=IMPORT_EMBED_LIMIT)
    state.geocoder.forget_addresses()  # the import may have brought new addresses
    log.info("search index rebuilt after an import: %d documents", count)
    if state.index.unembedded:
        return (f"Search finds the {count} listing(s) by their words now; "
                f"`flask search reindex` embeds the meaning of the {state.index.unembedded} "
                "not embedded yet (about 8 s per 1,000) for searches in people's own "
                "words and in Spanish.")
    return None


def rebuild() -> int:
    """Rebuild the whole index from the database; return the number of documents."""
    return _state().index.rebuild()


def directory_version() -> object:
    """An object that changes whenever the searchable listings do (the open index
    snapshot): what is derived from the directory may be kept until it changes."""
    with _state().index.reading:
        return _state().index.snapshot()


def directory_stamp() -> tuple[int, float]:
    """Like ``directory_version`` but the same in every process: the index generation
    and when it was written (seconds since the epoch), for HTTP validators."""
    with _state().index.reading:
        return _state().index.stamp()


def ranked_listings(query: SearchQuery) -> list[tuple[str, str | None]]:
    """(service id, service_at_location id or None) of every match of ``query``, best
    first, as the site ranks them (pages ignored); not logged."""
    state = _state()
    with state.index.reading:
        return _reading(state, lambda snapshot: _cached(
            state, snapshot, "ranked", query,
            lambda: _ranked(snapshot, state.synonyms, query, state.semantic)))


def index_exists() -> bool:
    return _state().index.exists()


def index_changes(service_ids: Iterable[str]) -> None:
    """Re-index these services now (changes committed through the ORM need no call)."""
    _state().index.update_services(service_ids)


def place_for(near: str | None = None, lat: float | None = None,
              lon: float | None = None) -> Place | None:
    """The place of a search, or None when none was given."""
    if lat is not None and lon is not None:
        return Place(lat=lat, lon=lon, label="your location", source="browser",
                     approximate=False, zip_code=None)
    if not near or not near.strip():
        return None
    place = geocode_place(near.strip(), _state().geocoder)
    if place is None:
        raise PlaceNotFound(_(
            "We could not find “%(place)s”. Try a ZIP code (like 27701), "
            "a street address, or a Durham neighborhood.", place=near.strip()[:80]))
    return place


def search(query: SearchQuery, *, log_search: bool = True) -> Results:
    """Run ``query``; record it, anonymously, for the unmet-needs report."""
    state = _state()
    timezone_name = current_app.config.get("NAVIGATOR_TIMEZONE", "America/New_York")
    # One search at a time per process: Whoosh reads its files through shared file
    # objects (seek, then read), which threads would interleave. Searching is CPU work
    # under the GIL, so threads lose nothing by taking turns.
    with state.index.reading:
        results = _reading(state, lambda snapshot: _cached(
            state, snapshot, "results", query,
            lambda: run(snapshot, state.synonyms, query, timezone_name, state.semantic)))
    if log_search:
        state.log.add(log_row(query, results))
    return results


def _reading(state: _State, answer: Callable[[Any], T]) -> T:
    """``answer(snapshot)`` on the open index; when the files were damaged under an open
    searcher, the index is reopened (rebuilt if unreadable) and asked once more. The
    caller holds ``state.index.reading``."""
    try:
        return answer(state.index.snapshot())
    except Exception:
        log.exception("search failed on the open index; reopening it")
        state.index.close()
        return answer(state.index.snapshot())


def _cached(state: _State, snapshot, kind: str, query: SearchQuery,
            compute: Callable[[], T]) -> T:
    """The same search (a page of ``"results"``, or the whole ``"ranked"`` list) on the
    same index within the same minute is computed once.

    Category tiles and common words repeat all day, and API clients page through one
    search; "open now" changes by the minute, so the minute is part of the key, as is
    the index snapshot (a change starts afresh).
    """
    if query.now is not None or not current_app.config.get("NAVIGATOR_SEARCH_CACHE", True):
        return compute()
    minute = int(time.time() // 60)
    key = (id(snapshot), minute, kind, query)
    cache = state.results
    if cache.get("snapshot") is not snapshot or cache.get("minute") != minute:
        cache.clear()
        cache.update(snapshot=snapshot, minute=minute)
    found = cache.get(key)
    if found is None:
        found = compute()
        if len(cache) < RESULTS_CACHE_SIZE:
            cache[key] = found
    return found


def _derived(kind: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, kept until the directory changes (``directory_version``)."""
    state, version = _state(), directory_version()
    found = state.derived.get(kind)
    if found is None or found[0] is not version:
        found = state.derived[kind] = (version, compute())
    return found[1]


def _tree() -> TaxonomyTree:
    return _derived(("taxonomy",), lambda: TaxonomyTree.load(db.session))


def categories(lang: str) -> list[Category]:
    """The directory's top-level categories with their counts of visible services, named
    in ``lang``."""
    return _derived(("categories", lang), lambda: category_counts(lang))


def related_categories(codes: Iterable[str]) -> list[str]:
    """The top-level categories (term ids) of the taxonomy codes a person's words pointed
    at (``Results.expansion``), in the order of ``codes``."""
    tree = _tree()
    ids = {code: term for term, code in tree.codes.items() if code}
    return list(dict.fromkeys(tree.top(ids[c]) for c in codes if c in ids))


def taxonomy_names(lang: str) -> dict[str, str]:
    """Term id -> name in ``lang`` (English where there is no translation)."""
    tree = _tree()
    if lang == "es":
        return {**tree.names, **tree.spanish}
    return tree.names

