"""The index read as arrays (``navigator.search.vectors``) gives exactly what Whoosh gives:
the same postings, field lengths, matches and scores, over several segments with
deleted documents, as incremental updates leave the index."""

from __future__ import annotations

import random

import numpy as np
import pytest

from navigator.extensions import db
from navigator.search import rebuild
from navigator.search.searching import _state
from navigator.search.engine import understand
from navigator.search.columns import ValueColumn
from navigator.search.vectors import read_field_lengths, read_postings
from tests.search.search_reference import assert_scored_as_whoosh

WORDS = ("shelter housing rent deposit eviction counseling therapy detox recovery meals "
         "pantry groceries clothing dental clinic legal immigration medicaid veterans youth "
         "seniors diapers transport laundry showers crisis").split()
QUERIES = ("shelter", "rent eviction help", "food pantry groceries", "detox recovery",
           "shleter", "councelling", "comida", "ayuda con la renta", "a place to sleep",
           "dental clinic medicaid veterans youth", "the", "narcan", "kicked out")


@pytest.fixture
def segmented(directory):
    """A generated directory whose index has several segments and deleted documents."""
    rng = random.Random(11)
    directory.rng = rng
    directory.term("BD", "Basic Needs")
    directory.term("BD-1800", "Food", parent="BD")
    directory.term("BH", "Housing")
    directory.term("BH-1800", "Emergency Shelter", parent="BH")
    codes = ("BD-1800", "BH-1800", "BD", "BH")

    def add(count: int, start: int):
        made = []
        for n in range(start, start + count):
            made.append(directory.service(
                f"{' '.join(rng.sample(WORDS, rng.randint(1, 3))).title()} {n}",
                " ".join(rng.choices(WORDS, k=rng.randint(3, 30))),
                terms=tuple(rng.sample(codes, rng.randint(0, 2))),
                languages=("es",) if rng.random() < 0.3 else (),
                at=directory.offset(35.99, -78.9, rng.uniform(-20, 20), rng.uniform(-20, 20))))
        return made

    services = add(150, 0)
    directory.commit()
    rebuild()  # one segment, in spatial order
    for batch in range(3):  # then changes, each commit a segment of its own
        services += add(10, 150 + 10 * batch)
        for service in rng.sample(services, 5):
            service.name = f"{service.name} renamed"
        rng.choice(services).status = "inactive"
        directory.commit()
    snapshot = _state().index.snapshot()
    assert len(list(snapshot.searcher.leaf_searchers())) > 1
    assert snapshot.searcher.reader().has_deletions()
    return snapshot


def test_queries_score_exactly_as_whoosh(segmented):
    synonyms = _state().synonyms
    matched = 0
    for text in QUERIES:
        query = understand(segmented, synonyms, text).query
        if query is not None:
            matched += assert_scored_as_whoosh(segmented, query)
    assert matched > 300  # the queries really match (a comparison of nothing proves nothing)


def test_postings_and_lengths_read_as_whoosh(segmented):
    for leaf, _ in segmented.searcher.leaf_searchers():
        reader = leaf.reader()
        for field in ("name", "body", "es", "codes"):
            for text in reader.lexicon(field):
                ids, weights = read_postings(reader, field, text)
                matcher = reader.postings(field, text)
                expected = []
                while matcher.is_active():
                    expected.append((matcher.id(), matcher.weight()))
                    matcher.next()
                assert ids.tolist() == [i for i, _ in expected], (field, text)
                assert weights.tolist() == [w for _, w in expected], (field, text)
            if leaf.schema[field].scorable:
                lengths = read_field_lengths(reader, field)
                assert lengths.tolist() == [reader.doc_field_length(n, field, 0) or 0
                                            for n in range(reader.doc_count_all())]


def test_value_columns_count_and_filter_as_sets():
    rng = random.Random(3)
    rows = [set(rng.sample("abcdefg", rng.randint(0, 4))) for _ in range(500)]
    column = ValueColumn(len(rows), rows)
    selected = np.array([rng.random() < 0.5 for _ in rows])
    expected = {}
    for row, chosen in zip(rows, selected):
        for value in row if chosen else ():
            expected[value] = expected.get(value, 0) + 1
    assert column.counts(selected) == expected
    assert column.any_of(["a", "z"]).tolist() == [bool(r & {"a", "z"}) for r in rows]
    assert column.all_of(["a", "b"]).tolist() == [{"a", "b"} <= r for r in rows]
    assert not column.mask("never").any()


def test_changed_listing_is_scored_from_the_new_snapshot(segmented, directory):
    service = directory.service("Zebrafinch respite", "respite care", at=(35.99, -78.9))
    directory.commit()
    snapshot = _state().index.snapshot()
    assert snapshot is not segmented
    query = understand(snapshot, _state().synonyms, "zebrafinch").query
    assert assert_scored_as_whoosh(snapshot, query) == 1
    service.status = "inactive"
    db.session.commit()
    snapshot = _state().index.snapshot()
    assert assert_scored_as_whoosh(snapshot, query) == 0
