"""Each segment's columns and stored data, written beside it and memory-mapped: a snapshot
opened from those files equals one read from Whoosh's stored fields, after a rebuild,
after the follower's commits and after Whoosh merges segments; an index without them
(or with a damaged one) is read from the stored fields as before."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.extensions import db
from navigator.search import SearchQuery, rebuild, search
from navigator.search.index import SearchIndex
from navigator.search.searching import _state
from navigator.search import segments
from navigator.search.segments import SUFFIX

pytestmark = pytest.mark.usefixtures("directory")

_ARRAYS = ("live", "lat", "lon", "has_point", "approximate", "accepting", "closed",
           "capacity", "assured", "min_age", "max_age", "has_ages", "spanish",
           "top_count", "hours_of", "hours_example")


def names(text: str = "") -> list[str]:
    return sorted(h.name for h in search(SearchQuery(text=text, per_page=100),
                                         log_search=False).hits)


def listings(directory) -> list[Service]:
    directory.term("BD", "Basic Needs")
    directory.term("BD-1800", "Food", parent="BD")
    directory.term("LH", "Health")
    directory.term("LH-1600", "Clinics", parent="LH")
    made = [
        directory.service("Soup kitchen", "Hot soup", at=directory.offset(35.99, -78.9, 1, 0),
                          terms=("BD-1800",), languages=("en", "es"), accepting=True,
                          hours=(("MO", "09:00", "17:00"),), areas=("Durham County",),
                          address="1 Main St", access=("wheelchair ramp",)),
        directory.service("Clinic", "Free clinic", at=directory.offset(35.99, -78.9, 3, 2),
                          terms=("LH-1600", "BD-1800"), min_age=18, assured=date(2026, 1, 5),
                          costs=(("free", None),), approximate=True),
        directory.service("Árbol food pantry", "Canned food", terms=("BD-1800",),
                          hours=(("TU", "10:00", "12:00"),), accepting=False),
        directory.service("Zebra hotline", "Call us", status="temporarily closed"),
    ]
    directory.commit()
    return made


def index_path() -> Path:
    return _state().index.path


def fresh(path: Path):
    """A snapshot of the index at ``path`` opened by a new process's index object."""
    return SearchIndex(path, documents=None, spatial_order=None).snapshot()


def from_stored_fields(path: Path, tmp_path: Path):
    """The same index read from Whoosh's stored fields (a copy without column files)."""
    copy = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(path, copy, ignore=shutil.ignore_patterns(f"*{SUFFIX}", "vectors"))
    snapshot = fresh(copy)
    assert all(part.mapped is None for part in snapshot.data.parts)
    return snapshot


def assert_same(mapped, read) -> None:
    a, b = mapped.columns, read.columns
    for name in _ARRAYS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    # Names in the same order, equal names tied (the ranks' numbers may differ).
    dense = [np.unique(c.name_rank[c.live], return_inverse=True)[1] for c in (a, b)]
    np.testing.assert_array_equal(*dense)
    assert a.values.keys() == b.values.keys()
    for key in a.values:
        assert a.values[key].values == b.values[key].values, key
        np.testing.assert_array_equal(a.values[key].docs, b.values[key].docs)
        np.testing.assert_array_equal(a.values[key].codes, b.values[key].codes)
    assert a.code_top == b.code_top
    assert list(mapped.data) == list(read.data)
    live = np.flatnonzero(a.live)
    assert mapped.data.ids(live) == read.data.ids(live)
    assert mapped.data.text_keys() == read.data.text_keys()


def assert_agrees_with_stored_data(snapshot) -> None:
    """Independently of how the columns are built: they say what each live document's
    stored data says, and only live documents have data."""
    reader = snapshot.searcher.reader()
    stored = [None if reader.is_deleted(n) else reader.stored_fields(n).get("data")
              for n in range(reader.doc_count_all())]
    assert list(snapshot.data) == stored
    columns = snapshot.columns
    live = [n for n, d in enumerate(stored) if d is not None]
    assert np.flatnonzero(columns.live).tolist() == live
    for n in live:
        d = stored[n]
        assert columns.accepting[n] == (d["accepting"] is True)
        if d["lat"] is not None and d["lon"] is not None:
            assert (columns.lat[n], columns.lon[n]) == (d["lat"], d["lon"])
        else:
            assert np.isnan(columns.lat[n]) and np.isnan(columns.lon[n])
        for term in d["terms"]:
            assert columns.values["terms"].mask(term)[n]
    ranked = sorted(live, key=lambda n: stored[n]["name"])
    assert sorted(live, key=lambda n: columns.name_rank[n]) == ranked
    for first, then in zip(ranked, ranked[1:]):
        assert ((columns.name_rank[first] == columns.name_rank[then])
                == (stored[first]["name"] == stored[then]["name"]))
    held = {t for n in live for t in stored[n]["terms"]}
    assert set(columns.values["terms"].index) == held
    assert snapshot.data.ids(np.array(live)) == [
        (stored[n]["service_id"], stored[n]["sal_id"]) for n in live]


def segment_names(path: Path) -> set[str]:
    index = SearchIndex(path, documents=None, spatial_order=None)
    with index._open().reader() as reader:
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        return {leaf.segment().segment_id() for leaf, _ in leaves}


def column_files(path: Path) -> set[str]:
    live = SearchIndex(path, documents=None, spatial_order=None).folder.live()
    return {p.name[:-len(SUFFIX)] for p in live.glob(f"*{SUFFIX}")}


def test_a_snapshot_mapped_from_column_files_equals_one_read_from_stored_fields(
        directory, tmp_path):
    soup, clinic, pantry, _ = listings(directory)
    rebuild()
    path = index_path()
    assert column_files(path) == segment_names(path)
    mapped = fresh(path)
    assert all(part.mapped is not None for part in mapped.data.parts)
    assert_same(mapped, from_stored_fields(path, tmp_path))
    assert_agrees_with_stored_data(mapped)

    # The follower's commits: each new segment gets its file, merged-away segments
    # lose theirs, and deleted documents are left out.
    seen, merged = segment_names(path), False
    for round_ in range(8):
        soup.name = f"Soup kitchen {round_}"
        pantry.accepting_referrals = bool(round_ % 2)
        db.session.commit()
        now = segment_names(path)
        merged |= bool(seen - now)
        seen = now
        assert column_files(path) == now
    clinic.status = "inactive"  # leaves the index
    db.session.commit()
    assert merged, "no segment was merged away"
    assert names("soup") == ["Soup kitchen 7"]
    assert names("clinic") == []
    mapped = fresh(path)
    assert all(part.mapped is not None for part in mapped.data.parts)
    assert_same(mapped, from_stored_fields(path, tmp_path))
    assert_agrees_with_stored_data(mapped)
    # The process that wrote them searches the same.
    assert_same(_state().index.snapshot(), mapped)


def test_an_index_without_column_files_is_read_from_stored_fields(directory, tmp_path):
    listings(directory)
    rebuild()
    path = index_path()
    before = {text: names(text) for text in ("", "food", "soup", "clinic")}
    live = _state().index.folder.live()
    for file in live.glob(f"*{SUFFIX}"):
        file.unlink()
    _state().index.close()
    assert {text: names(text) for text in before} == before
    assert all(part.mapped is None for part in _state().index.snapshot().data.parts)

    # A change then writes only its new segment's file (a commit costs only its own
    # segments); the old segments are still read from their stored fields, and the two
    # kinds combine.
    old = segment_names(path)
    soup = db.session.scalars(select(Service).where(Service.name == "Soup kitchen")).one()
    soup.name = "Soup cafe"
    db.session.commit()
    assert names("cafe") == ["Soup cafe"]
    now = segment_names(path)
    assert column_files(path) == now - old != set() and now & old
    mixed = fresh(path)
    assert sum(part.mapped is None for part in mixed.data.parts) == len(now & old)
    assert_same(mixed, from_stored_fields(path, tmp_path))
    assert_agrees_with_stored_data(mixed)


def test_a_damaged_column_file_is_read_from_stored_fields(directory, tmp_path, caplog):
    listings(directory)
    rebuild()
    path = index_path()
    expected = from_stored_fields(path, tmp_path)
    for file in _state().index.folder.live().glob(f"*{SUFFIX}"):
        file.write_bytes(file.read_bytes()[:100])
    snapshot = fresh(path)
    assert all(part.mapped is None for part in snapshot.data.parts)
    assert "unreadable" in caplog.text
    assert_same(snapshot, expected)


def test_the_arrays_every_search_reads_lie_together_before_the_rest(directory):
    """A cold first search reads them ahead in one stretch, and the stored data a
    page at a time (``segments._advise``)."""
    listings(directory)
    rebuild()
    files = list(_state().index.folder.live().glob(f"*{SUFFIX}"))
    assert files
    for file in files:
        with open(file, "rb") as handle:
            header = segments._header(handle.fileno(), file.stat().st_size)
        offsets = {name: offset for name, (_, _, offset) in header["arrays"].items()}
        cold = [offsets[name] for name in segments._COLD if name in offsets]
        hot = [offset for name, offset in offsets.items() if name not in segments._COLD]
        assert cold and hot and max(hot) < min(cold)
        assert header["blob"] < min(hot)
