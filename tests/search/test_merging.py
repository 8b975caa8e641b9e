"""The follower's small commits merge segments only past ``merging.SEGMENTS``: the
index stays small in segments, and what it finds stays right."""

from __future__ import annotations

import pytest

from navigator.extensions import db
from navigator.search import SearchQuery, search
from navigator.search.merging import SEGMENTS
from navigator.search.searching import _state

pytestmark = pytest.mark.usefixtures("directory")


def names(text: str) -> list[str]:
    hits = search(SearchQuery(text=text, per_page=100), log_search=False).hits
    return sorted(hit.name for hit in hits)


def segments() -> list[tuple[int, int]]:
    """(documents written, documents live) of each segment of the index on disk."""
    return [(segment.doc_count_all(), segment.doc_count())
            for segment in _state().index._open()._segments()]


def word(n: int) -> str:
    """A word of its own for round ``n`` ("round1" would be searched as "round" "1")."""
    return "zeta" + "".join("bcdfghjklm"[int(digit)] for digit in str(n))


def test_many_small_commits_keep_few_segments_and_find_the_newest_text(directory):
    services = [directory.service(f"Pantry {n}", "Canned food") for n in range(4)]
    directory.commit()
    most = 0
    for round_ in range(3 * SEGMENTS):
        service = services[round_ % len(services)]
        service.description = f"Canned food, {word(round_)}"
        db.session.commit()  # one step of the (inline) follower: one new segment
        most = max(most, len(segments()))
    assert most <= SEGMENTS + 1
    assert names("canned") == [f"Pantry {n}" for n in range(4)]  # each once
    last = 3 * SEGMENTS - 1
    assert names(word(last)) == [services[last % 4].name]
    assert names(word(last - 4)) == []  # that text was replaced since


def test_a_segment_whose_listings_were_all_replaced_is_dropped(directory):
    pantry = directory.service("Pantry", "Canned food")
    directory.commit()
    for round_ in range(SEGMENTS):
        pantry.description = f"Canned food, {word(round_)}"
        db.session.commit()
    # The build's segment (with the words "did you mean" draws on) and the newest;
    # each step's segment went as soon as the next one replaced its listing.
    assert len(segments()) == 2
    assert sum(live for _, live in segments()) == 3  # the listing and two markers
    assert names("canned") == ["Pantry"]
