"""Crisis outcomes by month, against ``reports_world``."""

from __future__ import annotations

from datetime import date

import pytest

from navigator.reports import crisis
from navigator.reports.period import Filters
from tests.reports.reports_world import make_world


@pytest.fixture
def world(app_context):
    return make_world()


def test_the_outcomes_by_month_with_a_total(world):
    table = crisis.tables(Filters(date(2026, 2, 1), date(2026, 4, 30)))[0]
    assert [str(r["month"]) for r in table.rows] == [
        "February 2026", "March 2026", "April 2026", "Total"]
    february, march, april, total = table.rows
    assert (february["de_escalated_on_scene"], february["total"]) == (1, 1)
    assert (march["de_escalated_on_scene"], march["emergency_department"],
            march["police_involvement"], march["total"]) == (1, 1, 0, 2)
    assert april["total"] == 0
    assert (total["de_escalated_on_scene"], total["emergency_department"],
            total["total"]) == (2, 1, 3)
    assert table.total_row and table.chart == ("month", "total")
    assert all(c.part_of == "total" for c in table.columns[1:-1])


def test_the_place_and_team_filters(world):
    march = Filters(date(2026, 3, 1), date(2026, 3, 31), team="Diversion")
    assert crisis.counts(march) == {
        "2026-03": {"emergency_department": 1, "de_escalated_on_scene": 1}}
    assert crisis.counts(Filters(date(2026, 2, 1), date(2026, 3, 31), place="Walltown")) == {
        "2026-03": {"emergency_department": 1}}
    assert crisis.counts(Filters(date(2026, 3, 1), date(2026, 3, 31), team="HEART")) == {}


def test_the_months_of_a_range_across_a_year():
    assert crisis.months(Filters(date(2025, 11, 20), date(2026, 2, 1))) == [
        "2025-11", "2025-12", "2026-01", "2026-02"]
