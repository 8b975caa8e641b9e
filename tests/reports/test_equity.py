"""Equity: the connection and follow-up figures by group, against ``reports_world``."""

from __future__ import annotations

from datetime import date

import pytest

from navigator.reports import equity
from navigator.reports.groups import GROUPINGS
from navigator.reports.period import Filters
from tests.reports.reports_world import HEALTH, HOUSING, make_world

MARCH = Filters(date(2026, 3, 1), date(2026, 3, 31))
KEYS = ("people", "needs", "handoff", "connected", "referrals", "asked", "chosen", "timed")
FOLLOW_UP_KEYS = ("people", "follow_ups", "done", "on_time", "overdue", "sent", "no_outcome")


@pytest.fixture
def world(app_context):
    return make_world()


def _tables(key: str, filters: Filters = MARCH):
    return equity.tables(filters, [g for g in GROUPINGS if g.key == key])


def _rows(table, keys) -> dict:
    return {str(r["group"]): tuple(r[k] for k in keys) for r in table.rows}


def test_a_person_counts_in_each_race_they_named(world):
    connection, follow_up = _tables("race")
    assert _rows(connection, KEYS) == {
        "Black or African American": (2, 3, 2, 2, 4, 3, 2, 2),
        "White": (1, 1, 1, 1, 2, 1, 0, 1),
        "Not recorded": (1, 1, 0, 1, 3, 1, 1, 1)}
    black, white, not_recorded = connection.rows
    assert (black["median_days"], black["p90_days"]) == (pytest.approx(3.0), pytest.approx(3.8))
    assert (white["median_days"], not_recorded["median_days"]) == (2.0, 10.0)
    assert black["chosen_rate"] == pytest.approx(2 / 3) and white["chosen_rate"] == 0
    assert not connection.total_row  # race groups overlap: no total
    assert _rows(follow_up, FOLLOW_UP_KEYS) == {
        "Black or African American": (2, 3, 2, 2, 1, 4, 2),
        "White": (1, 1, 1, 1, 0, 2, 1),
        "Not recorded": (1, 2, 1, 0, 0, 2, 0)}


def test_rare_words_are_another_answer_and_the_groups_add_up(world):
    connection, follow_up = _tables("place")
    assert _rows(connection, ("people", "needs", "referrals", "timed")) == {
        "27701": (2, 3, 4, 2), "Another answer": (1, 1, 3, 1), "Total": (3, 4, 7, 3)}
    assert connection.total_row and connection.rows[-1]["median_days"] == pytest.approx(4.0)
    assert _rows(follow_up, ("people", "follow_ups", "overdue")) == {
        "27701": (2, 3, 1), "Another answer": (1, 2, 0), "Total": (3, 5, 1)}


def test_gender_in_the_persons_words_is_named_only_when_common(world):
    connection = _tables("gender")[0]
    assert _rows(connection, ("people", "needs")) == {
        "Prefer not to say": (1, 1), "Woman": (1, 2), "Not recorded": (1, 1),
        "Total": (3, 4)}


def test_household_and_ethnicity_groups_in_their_order(world):
    household = _tables("household")[0]
    assert _rows(household, ("people", "referrals")) == {
        "Lives alone": (1, 2), "With children": (1, 2), "Not recorded": (1, 3),
        "Total": (3, 7)}
    ethnicity = _tables("ethnicity")[1]
    assert _rows(ethnicity, ("people", "follow_ups", "sent")) == {
        "Hispanic or Latino": (1, 1, 2), "Not Hispanic or Latino": (1, 2, 2),
        "Not recorded": (1, 2, 2), "Total": (3, 5, 6)}


def test_every_grouping_gives_two_tables_with_people_charted(world):
    tables = equity.tables(MARCH)
    assert len(tables) == 2 * len(GROUPINGS)
    assert len({t.key for t in tables}) == len(tables)
    for table in tables:
        assert table.chart == ("group", "people")
        keys = {c.key for c in table.columns}
        assert all(set(row) == keys for row in table.rows)


def test_the_filters_apply_to_the_groups(world):
    diversion = Filters(date(2026, 3, 1), date(2026, 3, 31), team="Diversion")
    connection = _tables("race", diversion)[0]
    assert _rows(connection, ("needs", "referrals")) == {
        "Black or African American": (1, 2), "White": (1, 2), "Not recorded": (0, 0)}


@pytest.mark.parametrize("scope", [
    {}, {"team": "Diversion"}, {"category": HOUSING}, {"place": "27701"},
    {"team": "HEART", "category": HEALTH}])
def test_the_total_rows_are_the_other_pages_figures(world, scope):
    """The equity page counts each resident's records in its own queries (and its
    people served from them); its totals are the connection and follow-up pages'."""
    from navigator.reports import connection, follow_up

    filters = Filters(MARCH.start, MARCH.end, **scope)
    linked, followed = _tables("household", filters)
    assert {k: v for k, v in linked.rows[-1].items() if k != "group"} == \
        connection.figures(filters)[None]
    assert {k: v for k, v in followed.rows[-1].items() if k != "group"} == \
        follow_up.figures(filters)[None]
    assert linked.rows[-1]["people"] > 0
