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
from navigator.directory.changes import WRITTEN
from navigator.directory.models import Address, Location
from navigator.directory.signals import directory_changed
from navigator.directory.taxonomy_tree import TaxonomyTree
from navigator.extensions import db
from .documents import build_documents, spatial_order
from .engine import ranked_listings as _ranked, run
from .follower import Follower, follows_inline
from .geo import Place, PlaceNotFound, geocode_place, make_geocoder
from .index import Applied, IndexNotReady, SearchIndex
from .inline import InlineFollowing
from .query import SearchQuery
from .replicas import Heartbeat, replica_name
from .results import Results
from .semantic import Semantic, make_semantic
from .search_log import SearchLogBuffer, log_row
from .synonyms import Synonyms, load_synonyms

log = logging.getLogger(__name__)
T = TypeVar("T")
EXTENSION = "navigator.search"
RESULTS_CACHE_SIZE = 512
#: Seconds between a web process's follower thread's looks at the change log (besides
#: the wake-ups of its own commits and, on PostgreSQL, notifications).
INLINE_POLL = 5.0


@dataclass
class _State:
    index: SearchIndex
    #: Applies the directory's change log to ``index``.
    follower: Follower
    #: One host: each commit of this process brings the index up to date itself, and a
    #: web process runs the follower in a thread; None: only ``flask search follow``
    #: writes the index.
    inline: InlineFollowing | None
    #: The semantic stage, None when it is off.
    semantic: Semantic | None
    synonyms: Synonyms
    geocoder: object
    #: Searches not yet written to the search log.
    log: SearchLogBuffer
    #: Records this host's row of ``search_replica``.
    replica: Heartbeat
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

    def documents(service_ids: Iterable[str] | None, session: Session | None = None):
        synonyms = load_synonyms(synonyms_path, concepts_path)
        if session is not None:
            return list(build_documents(session, synonyms, service_ids))
        with Session(db.engine) as fresh:
            return list(build_documents(fresh, synonyms, service_ids))

    def services_in_spatial_order(session: Session | None = None):
        if session is not None:
            return spatial_order(session)
        with Session(db.engine) as fresh:
            return spatial_order(fresh)

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
    follower = Follower(index, lambda: db.engine, log_embed_limit=lambda: IMPORT_EMBED_LIMIT)
    replica = Heartbeat(replica_name(app.config), index, lambda: db.engine)
    inline = None
    if follows_inline(app.config):
        inline = InlineFollowing(
            follower, replica, follow_step, poll=INLINE_POLL,
            thread=app.config.get("NAVIGATOR_SEARCH_FOLLOW_THREAD", not app.testing))
        app.before_request(lambda: inline.start(app))
    app.extensions[EXTENSION] = _State(
        index=index,
        follower=follower,
        inline=inline,
        semantic=semantic,
        synonyms=load_synonyms(synonyms_path, concepts_path),
        geocoder=make_geocoder(app.config.get("NAVIGATOR_GEOCODER", "offline"),
                               addresses=directory_addresses),
        log=SearchLogBuffer(app, size=app.config.get("NAVIGATOR_SEARCH_LOG_BATCH", 50),
                             delay=0.0 if app.testing else
                             app.config.get("NAVIGATOR_SEARCH_LOG_DELAY", 2.0)),
        replica=replica,
    )
    atexit.register(app.extensions[EXTENSION].log.flush)
    # db.session is shared by every app of the process: one listener, acting on the
    # current app's index.
    if not event.contains(db.session, "after_commit", _follow_commit):
        event.listen(db.session, "after_commit", _follow_commit)
    directory_changed.connect(_after_import, app)


def _follow_commit(session) -> None:
    """after_commit: with one host following inline, a commit that changed the
    directory brings the index up to date (``inline.InlineFollowing``)."""
    if session.info.pop(WRITTEN, None) is None:
        return
    state = _state()
    if state.inline is not None:
        state.inline.after_commit(session, current_app._get_current_object())


#: Listing texts an import's rebuild embeds before it returns (about 40 s): a 211's
#: export of a few thousand services is searched by meaning at once. A bigger import is
#: searchable by words at once, and `flask search reindex` embeds it all.
IMPORT_EMBED_LIMIT = 5000


def _after_import(app: Flask, **extra) -> str | None:
    """After an import (whose commit logged a rebuild, which the follower applies):
    return a line for the person importing when the index is still to be rebuilt, or
    when the listings' meanings are still to be embedded."""
    state = app.extensions[EXTENSION]
    state.geocoder.forget_addresses()  # the import may have brought new addresses
    if state.inline is None:
        return None
    return state.inline.after_import(db.session) or unembedded_line()


def unembedded_line() -> str | None:
    """What to run when this process's last build left listing texts unembedded."""
    index = _state().index
    if not index.unembedded:
        return None
    return (f"Search finds the {index.built} listing(s) by their words now; "
            f"`flask search reindex` embeds the meaning of the {index.unembedded} "
            "not embedded yet (about 8 s per 1,000) for searches in people's own "
            "words and in Spanish.")


def rebuild(embed_limit: int | None = None) -> int:
    """Build the whole index afresh beside the live one and swap it in; return the
    number of documents."""
    return _state().follower.rebuild(embed_limit)


def follow_step(timeout: float | None = None) -> int:
    """Apply the change log to this host's index once (building it when missing);
    return how many changes were applied. This host's ``search_replica`` row is
    recorded after it (at once when the index changed). ``timeout``: seconds to wait for
    the host's index writer lock (``WriterBusy`` after them); None: as long as it takes."""
    state, applied = _state(), 0
    try:
        applied = state.follower.step(timeout=timeout)
    finally:
        state.replica.beat(changed=applied > 0)
    return applied


def directory_stamp() -> Applied:
    """(change id, commit time in seconds since the epoch) of the newest change of the
    directory's log that this host's index has applied: the same on every host that
    has applied the same changes."""
    with _state().index.reading:
        return _state().index.stamp()


def health() -> dict:
    """Whether this host can answer searches (``Follower.health``), for ``/healthz``."""
    state = _state()
    with state.index.reading:
        return state.follower.health()


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
    """Bring the index up to date now (changes committed through ``db.session`` are in
    the change log, which the follower applies: no call is needed for them)."""
    del service_ids  # every change is in the log, whatever the caller says it touched
    _state().follower.step(build_missing=False)


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
    except IndexNotReady:
        raise
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
    the change the index has applied (a change starts afresh) and the index's generation
    (a rebuild too: it may hold rows written behind the change log).
    """
    if query.now is not None or not current_app.config.get("NAVIGATOR_SEARCH_CACHE", True):
        return compute()
    minute = int(time.time() // 60)
    version = (snapshot.applied, snapshot.folder)
    key = (version, minute, kind, query)
    cache = state.results
    if cache.get("version") != version or cache.get("minute") != minute:
        cache.clear()
        cache.update(version=version, minute=minute)
    found = cache.get(key)
    if found is None:
        found = compute()
        if len(cache) < RESULTS_CACHE_SIZE:
            cache[key] = found
    return found


def _derived(kind: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, kept until the index applies another change of the directory or
    is rebuilt (as ``_cached``)."""
    state = _state()
    try:
        with state.index.reading:
            snapshot = state.index.snapshot()
            version = (snapshot.applied, snapshot.folder)
    except IndexNotReady:  # kept for no longer than this request
        return compute()
    found = state.derived.get(kind)
    if found is None or found[0] != version:
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

