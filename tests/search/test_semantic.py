"""The semantic stage of search, with the real default model (USE multilingual, from its
package) and vectors on disk beside a real index: what it adds, what it never adds, and
how its vectors are kept."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from flask import current_app

from navigator.extensions import db
from navigator.search import SearchQuery, rebuild, search
from navigator.search.embedding import make_embedder, normalized
from navigator.search.engine import run
from navigator.search.semantic import make_semantic
from navigator.search.searching import _state
from navigator.search.vector_store import VectorStore
from tests.fictional_directory import MONDAY_MORNING

TUTORING = "After-school tutoring"


def find(text: str, **options):
    options.setdefault("per_page", 100)
    return search(SearchQuery(text=text, now=MONDAY_MORNING, **options), log_search=False)


def words_only(text: str, **options):
    """The same search with the semantic stage off."""
    state = _state()
    with state.index.reading:
        return run(state.index.snapshot(), state.synonyms,
                   SearchQuery(text=text, per_page=100, now=MONDAY_MORNING, **options),
                   semantic=None)


def names(results) -> list[str]:
    return [h.name for h in results.hits]


@pytest.fixture
def schools(directory):
    directory.service(TUTORING, "Homework help and reading practice for students in "
                      "grades 1 to 8, weekday afternoons.", languages=("en",))
    directory.service("GED math class", "Math preparation for adults studying for the GED.")
    directory.service("Youth soccer league", "Soccer for children on Saturday mornings.")
    directory.service("Free tax preparation", "Volunteers file federal and state returns.")
    directory.commit()
    return directory


def test_a_listing_near_in_meaning_joins_what_the_words_found(schools):
    text = "my son is failing math class"
    assert TUTORING not in names(words_only(text))
    found = names(find(text))
    assert "GED math class" in found and TUTORING in found
    assert "Free tax preparation" not in found  # not near enough to be a candidate


def test_filters_apply_to_listings_the_meaning_brings(schools):
    # The tutoring program speaks English only; an Spanish-speaking search filters it
    # out as it would a match of the words.
    assert TUTORING not in names(find("my son is failing math class", languages=("es",)))
    assert TUTORING not in names(find("my son is failing math class", age=40.0,
                                      accepting=True))


def test_nothing_is_brought_when_the_words_understood_nothing(schools):
    # Nearest neighbours always exist; with no word or concept understood the page
    # says honestly that nothing fits.
    assert find("qwertyuiop zxcvbnm").total == 0


def test_listing_vectors_are_embedded_once_per_text(schools, monkeypatch):
    store = _state().semantic.store
    embedded = []
    real = store.embedder

    class Counting:
        name, floor = real.name, real.floor

        def embed(self, texts, *, query=False):
            embedded.extend(texts)
            return real.embed(texts, query=query)

    monkeypatch.setattr(store, "embedder", Counting())
    rebuild()
    assert embedded == []  # every text already had its vector
    tutoring = next(s for s in db.session.scalars(db.select(_service_model()))
                    if s.name == TUTORING)
    tutoring.description = "Homework help for students in grades 1 to 12."
    db.session.commit()
    assert len(embedded) == 1 and "grades 1 to 12" in embedded[0]
    # A rebuild keeps one chunk holding exactly the live texts' vectors.
    rebuild()
    table = store.table()
    assert len(table.chunks) == 1 and len(table.rows) == 4
    assert len(embedded) == 1


def test_search_works_by_words_when_the_vectors_are_gone(schools):
    state = _state()
    for path in state.semantic.store.folder.iterdir():
        path.unlink()
    state.index.close()
    assert "GED math class" in names(find("math class"))
    rebuild()  # embeds them again
    assert len(state.semantic.store.table().rows) == 4


def test_the_vectors_follow_the_embedders_name(tmp_path):
    embedder = WordCounts()
    store = VectorStore(tmp_path, embedder)
    assert store.add({"00" * 16: "food pantry", "11" * 16: "rent help"}) == 2
    assert store.add({"00" * 16: "food pantry"}) == 0
    other = VectorStore(tmp_path, type("Other", (WordCounts,), {"name": "other"})())
    assert other.add({"00" * 16: "food pantry"}) == 1
    assert store.folder != other.folder


class WordCounts:
    """A small embedder of the MODULE:ATTRIBUTE kind: letters counted, normalized."""

    name = "word-counts"
    floor = 0.0

    def embed(self, texts, *, query=False):
        return normalized([[t.count(c) for c in "abcdefghijklmnopqrstuvwxyz"] or [0]
                           for t in texts])


def test_the_embedder_setting():
    assert make_embedder("off") is None
    assert isinstance(make_embedder("tests.search.test_semantic:WordCounts"), WordCounts)
    with pytest.raises(ValueError, match="NAVIGATOR_EMBEDDER"):
        make_embedder("word2vec")


def test_the_semantic_stage_keeps_blas_on_one_thread(tmp_path):
    """Each search's similarities are one matrix product: on more BLAS threads, the
    others spin between searches and take a core's time from the other workers."""
    from threadpoolctl import threadpool_info, threadpool_limits

    threadpool_limits(limits=2, user_api="blas")
    assert make_semantic("tests.search.test_semantic:WordCounts", tmp_path) is not None
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_a_missing_package_leaves_search_by_words(caplog):
    with caplog.at_level(logging.WARNING, logger="navigator.search.embedding"):
        assert make_embedder("navigator_no_such_package.models:Model") is None
    assert "semantic search is off" in caplog.text


def test_vectors_are_float32_and_normalized(app_context):
    vectors = _state().semantic.embedder.embed(["food pantry", "despensa de comida"])
    assert vectors.dtype == np.float32 and vectors.shape == (2, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # One space for both languages: a Spanish phrase is near its English meaning.
    rent = _state().semantic.embedder.embed(["help paying my rent"])[0]
    assert vectors[1] @ vectors[0] > vectors[1] @ rent
    assert current_app.config["NAVIGATOR_EMBEDDER"] == "use"


def _service_model():
    from navigator.directory.models import Service
    return Service


def test_many_small_changes_are_merged_into_one_chunk(tmp_path, monkeypatch):
    store = VectorStore(tmp_path, WordCounts())
    monkeypatch.setattr("navigator.search.vector_store.MAX_CHUNKS", 3)
    for i in range(4):
        store.add({f"{i:032x}": f"listing {i} " + "x" * i})
    table = store.table()
    assert len(table.chunks) == 1 and len(table.rows) == 4
    # A damaged chunk (keys and rows out of step) is skipped, not read wrongly.
    (chunk,) = store.folder.glob("*.keys.npy")
    np.save(chunk, np.zeros((2, 16), dtype=np.uint8))
    assert store.table().chunks == ()


def test_a_big_import_is_searchable_by_words_before_every_text_is_embedded(schools):
    state = _state()
    for path in state.semantic.store.folder.iterdir():
        path.unlink()
    rebuild(embed_limit=1)  # as after an import bigger than the limit
    # None embedded, not a share: the few with a vector would outrank the rest.
    assert len(state.semantic.store.table().rows) == 0 and state.index.unembedded == 4
    assert "GED math class" in names(find("math class"))
    rebuild()  # flask search reindex: all of them
    assert len(state.semantic.store.table().rows) == 4 and state.index.unembedded == 0
    for path in state.semantic.store.folder.iterdir():
        path.unlink()
    rebuild(embed_limit=4)  # within the limit: all at once
    assert len(state.semantic.store.table().rows) == 4 and state.index.unembedded == 0
