"""The relevance yardstick (``bench/relevance_bench.py``) as a regression guard.

Each directory of ``relevance_cases.py`` — Durham's sample and the fictional Riverbend
directory (``other_city/``) — is imported once (a module fixture, one directory at a
time) and removed afterwards: every table emptied and the (then empty) index rebuilt, as
``conftest.durham`` does, so later tests start from an empty database and an index that
matches it. Then: the directory imported cleanly, every listing is found by its own
name, and the yardstick's nDCG@10 over all cases has not fallen more than 0.02 below
what it measured when the floor was last set.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from navigator.search import SearchQuery, follow_step, search
from tests.bench_modules import load_bench_module
from tests.database_state import empty_database, empty_database_and_index

relevance_bench = load_bench_module("relevance_bench")
CASES, DIRECTORIES, GROUPS = (relevance_bench.CASES, relevance_bench.DIRECTORIES,
                              relevance_bench.GROUPS)

#: nDCG@10 over all cases of each directory, as measured when last set; a change to search
#: may not lower it by more than TOLERANCE. Raise these as search improves (run
#: ``bench/relevance_bench.py`` and copy its "all" row).
FLOOR = {"durham": 0.855, "riverbend": 0.852}
TOLERANCE = 0.02
HIDDEN_STATUSES = ("inactive", "defunct")


def services(name: str) -> dict[str, dict[str, str]]:
    with (DIRECTORIES[name] / "services.csv").open(encoding="utf-8-sig", newline="") as f:
        return {row["name"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module", params=list(CASES))
def imported(request, app):
    """(directory name, the import's output), the directory imported for the module."""
    name = request.param
    with app.app_context():
        empty_database()  # the import's rebuild, below, makes the index match
        result = app.test_cli_runner().invoke(
            args=["directory", "import", str(DIRECTORIES[name])])
        assert result.exit_code == 0, result.output
        follow_step()  # the rebuild the import left to the host's follower
        app.extensions["navigator.search"].geocoder._entries = None  # as a new process
    try:
        yield name, result.output
    finally:
        with app.app_context():
            empty_database_and_index()


@pytest.fixture
def directory(imported, app):
    with app.app_context():
        yield imported[0]


# -- the cases, without a database ----------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_every_graded_service_is_in_its_directory(name):
    """A misspelt name would grade nothing and lower the score for nothing."""
    listed = services(name)
    for case in CASES[name]:
        unknown = [s for s in case.relevant if s not in listed]
        assert not unknown, f"{case.text!r}: not in {name}'s services.csv: {unknown}"
        hidden = [s for s in case.relevant if listed[s]["status"] in HIDDEN_STATUSES]
        assert not hidden, f"{case.text!r}: inactive or defunct services graded: {hidden}"


@pytest.mark.parametrize("name", list(CASES))
def test_each_directory_has_enough_cases_in_every_group(name):
    cases = CASES[name]
    assert len(cases) >= 40
    counts = Counter(case.group for case in cases)
    assert all(counts[group] >= 6 for group in GROUPS), counts
    texts = [case.text for case in cases]
    assert len(texts) == len(set(texts)), "a case is written twice"


def test_nothing_fits_scores_only_an_empty_answer():
    case = relevance_bench.Case("tattoo removal", "nothing_fits")
    assert relevance_bench.ndcg(case, [], total=0) == 1.0
    assert relevance_bench.ndcg(case, ["Dental care"], total=1) == 0.0


def test_ndcg_is_one_for_the_ideal_order_and_counts_a_service_once():
    case = relevance_bench.Case("x", "english", relevant={"a": 3, "b": 1, "c": 2})
    assert relevance_bench.ndcg(case, ["a", "c", "b"], total=3) == pytest.approx(1.0)
    assert relevance_bench.ndcg(case, ["a", "a", "c", "b"], total=4) < 1.0
    assert relevance_bench.ndcg(case, ["z"], total=1) == 0.0


# -- each directory, imported ---------------------------------------------------------------


def test_the_directory_imported_without_warnings(imported):
    name, output = imported
    assert "Imported, with 0 warning(s)." in output, output


def test_every_listing_is_found_by_its_own_name(directory):
    shown = {n: row for n, row in services(directory).items()
             if row["status"] not in HIDDEN_STATUSES}
    missed = []
    for name in shown:
        results = search(SearchQuery(text=name, per_page=10, now=relevance_bench.NOW),
                         log_search=False)
        if name not in [hit.name for hit in results.hits]:
            missed.append(name)
    assert not missed, f"not in the first 10 results for their own name: {missed}"


def test_hidden_listings_are_never_found(directory):
    results = search(SearchQuery(per_page=1000, now=relevance_bench.NOW), log_search=False)
    found = {hit.name for hit in results.hits}
    listed = services(directory)
    assert found == {n for n, row in listed.items() if row["status"] not in HIDDEN_STATUSES}


def test_relevance_does_not_fall_below_the_floor(directory):
    scored = relevance_bench.score_cases(CASES[directory])
    summary = relevance_bench.by_group(scored)
    overall = summary["all"][0]
    table = "\n".join(f"  {group}: {value:.3f} ({count} cases)"
                      for group, (value, count) in summary.items())
    assert overall >= FLOOR[directory] - TOLERANCE, (
        f"{directory}: nDCG@10 {overall:.3f} is below the floor {FLOOR[directory]:.3f} "
        f"- {TOLERANCE}\n{table}")
