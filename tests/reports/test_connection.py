"""Connection to care, against the figures worked out by hand for ``reports_world``."""

from __future__ import annotations

from datetime import date

import pytest

from navigator.reports import connection
from navigator.reports.period import Filters
from tests.reports.reports_world import HEALTH, HOUSING, SHELTER, make_world

MARCH = Filters(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def world(app_context):
    return make_world()


def _march(**kwargs) -> dict:
    return connection.figures(Filters(date(2026, 3, 1), date(2026, 3, 31), **kwargs))[None]


def test_the_connection_figures_of_march(world):
    row = connection.figures(MARCH)[connection.ALL]
    assert row == {
        "people": 3, "needs": 4, "handoff": 2, "handoff_rate": 0.5, "connected": 3,
        "connected_rate": 0.75, "referrals": 7, "asked": 4, "chosen": 3,
        "chosen_rate": 0.75, "timed": 3, "median_days": pytest.approx(4.0),
        "p90_days": pytest.approx(8.8)}


def test_a_category_counts_the_terms_below_it(world):
    row = _march(category=HOUSING)
    assert (row["people"], row["needs"], row["referrals"], row["connected"]) == (2, 2, 3, 2)
    assert row["timed"] == 2 and row["median_days"] == pytest.approx(3.0)
    assert _march(category=SHELTER)["needs"] == 1
    nothing = _march(category="no-such-term")
    assert (nothing["people"], nothing["needs"], nothing["referrals"]) == (0, 0, 0)


def test_a_team_counts_its_navigators_work(world):
    heart = _march(team="HEART")
    assert (heart["needs"], heart["referrals"], heart["asked"], heart["chosen"]) == (3, 5, 3, 3)
    diversion = _march(team="Diversion")
    assert (diversion["needs"], diversion["referrals"], diversion["handoff"]) == (1, 2, 1)


def test_a_place_matches_with_case_and_spaces_ignored(world):
    row = _march(place="27701 ")
    assert (row["people"], row["needs"], row["referrals"], row["timed"]) == (2, 3, 4, 2)
    assert _march(place="walltown")["needs"] == 1


def test_the_range_includes_both_its_days(world):
    april = connection.figures(Filters(date(2026, 4, 3), date(2026, 4, 3)))[None]
    assert (april["needs"], april["referrals"], april["timed"]) == (1, 1, 1)
    # r4's first contact is the record's creation, 04-01 09:00; connected 04-05 10:00
    assert april["median_days"] == pytest.approx(4 + 1 / 24)


def test_the_referrals_by_state_add_up(world):
    summary, states, categories = connection.tables(MARCH)
    assert summary.rows[0]["referrals"] == 7
    assert [(str(r["state"]), r["referrals"]) for r in states.rows] == [
        ("Draft", 1), ("Sent, waiting on the provider", 1), ("Accepted", 0),
        ("Declined", 1), ("Connected", 3), ("Not connected", 0), ("Cancelled", 1),
        ("Total", 7)]
    assert states.total_row and states.chart == ("state", "referrals")


def test_the_referrals_by_category_roll_up_to_the_top_or_below_the_filter(world):
    categories = connection.tables(MARCH)[2]
    assert [(str(r["category"]), r["referrals"], r["connected"]) for r in categories.rows] == [
        ("Health", 4, 1), ("Housing", 3, 2), ("Total", 7, 3)]
    assert categories.rows[0]["connected_rate"] == 0.25
    housing = connection.tables(Filters(date(2026, 3, 1), date(2026, 3, 31),
                                        category=HOUSING))[2]
    assert [(str(r["category"]), r["referrals"]) for r in housing.rows] == [
        ("Housing", 2), ("Shelter", 1), ("Total", 3)]
    health = connection.tables(Filters(date(2026, 3, 1), date(2026, 3, 31),
                                       category=HEALTH))[2]
    assert [(str(r["category"]), r["referrals"]) for r in health.rows] == [
        ("Counseling", 3), ("Health", 1), ("Total", 4)]


def test_an_empty_period_gives_empty_figures_not_an_error(world):
    tables = connection.tables(Filters(date(2025, 1, 1), date(2025, 1, 31)))
    assert tables[0].rows[0]["needs"] == 0 and tables[0].rows[0]["median_days"] is None
    assert tables[1].rows[-1]["referrals"] == 0


def test_the_columns_keep_the_tables_contract(world):
    for table in connection.tables(MARCH):
        keys = {c.key for c in table.columns}
        for column in table.columns:
            assert set(column.of) <= keys and (column.part_of is None or column.part_of in keys)
            if column.kind == "rate":
                assert len(column.of) == 2
        for row in table.rows:
            assert set(row) == keys
