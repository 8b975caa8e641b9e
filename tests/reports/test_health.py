"""The directory's health figures on the small world of tests/reports/world.py, against
answers worked out by hand. The suite runs on SQLite and on PostgreSQL (.ci/run): the
same numbers on both."""

from __future__ import annotations

import pytest

from navigator.reports import health
from navigator.reports.period import Filters
from tests.reports import world

APPROX = pytest.approx


@pytest.fixture
def made(app_context):
    return world.build()


def _tables(**filters) -> dict:
    return {table.key: table for table in health.tables(
        Filters(start=world.START, end=world.END, **filters))}


def _figures(table, *keys) -> dict:
    return {row["label"]: tuple(row[k] for k in keys) for row in table.rows}


COUNTS = ("listings", "confirmed_180", "confirmed_365")


def test_listings_confirmed_by_category(made):
    table = _tables()["confirmed-by-category"]
    # Food: a1, a2, a3, a4 and b3 (a5 is defunct); a1 and a2 within 180 days of the
    # last day, a3 too within 365; b3 was confirmed after the period.
    # Housing: b1, b2, b3; only b1 within 365 days.
    assert _figures(table, *COUNTS) == {"Food": (5, 2, 3), "Housing": (3, 0, 1)}
    food = table.rows[0]
    assert food["share_180"] == APPROX(2 / 5) and food["share_365"] == APPROX(3 / 5)


def test_listings_confirmed_by_organization(made):
    table = _tables()["confirmed-by-organization"]
    assert _figures(table, *COUNTS) == {
        "Eno Food Cooperative": (4, 2, 3), "Haw River Housing Trust": (3, 0, 1),
        "Total": (7, 2, 4)}
    assert table.total_row


def test_a_category_takes_in_the_terms_below_it(made):
    tables = _tables(category=world.FOOD)
    assert _figures(tables["confirmed-by-category"], *COUNTS) == {"Food": (5, 2, 3)}
    assert _figures(tables["confirmed-by-organization"], *COUNTS) == {
        "Eno Food Cooperative": (4, 2, 3), "Haw River Housing Trust": (1, 0, 0),
        "Total": (5, 2, 3)}
    pantries = _tables(category=world.PANTRY)["confirmed-by-category"]
    assert _figures(pantries, *COUNTS) == {"Food": (2, 2, 2)}


def test_pending_review_items_and_their_age(made):
    table = _tables()["pending-review"]
    figures = _figures(table, "waiting", "under_week", "week_to_month", "over_month")
    assert figures == {
        "Changes proposed by providers": (2, 1, 0, 1),  # 3 and 40 days old
        "Problems reported on listings": (1, 0, 1, 0),  # 10 days
        "Requests for a provider account": (1, 1, 0, 0),  # 1 day
        "Total": (4, 2, 1, 1)}
    medians = {row["label"]: row["median_days"] for row in table.rows}
    assert medians["Changes proposed by providers"] == APPROX(21.5, abs=0.01)
    assert medians["Problems reported on listings"] == APPROX(10, abs=0.01)
    assert medians["Total"] == APPROX(6.5, abs=0.01)  # of 1, 3, 10 and 40


def test_providers_time_to_answer(made):
    table = _tables()["answer-time"]
    # May: r1 answered in 1.5 days, r2 in 6 hours, r3 only by a navigator;
    # June: r4 in 3 days (its later "connected" is not an answer); r5 is in April.
    assert _figures(table, "sent", "answered") == {
        "May 2026": (3, 2), "June 2026": (1, 1), "Total": (4, 3)}
    medians = {row["label"]: row["median_days"] for row in table.rows}
    assert medians == {"May 2026": APPROX(0.875), "June 2026": APPROX(3.0),
                       "Total": APPROX(1.5)}
    assert table.rows[0]["share_answered"] == APPROX(2 / 3)


@pytest.mark.parametrize("filters, expected", [
    ({"team": "East"}, {"May 2026": (2, 1, 1.5), "June 2026": (1, 1, 3.0),
                        "Total": (3, 2, 2.25)}),
    ({"place": "27703"}, {"May 2026": (2, 1, 0.25), "Total": (2, 1, 0.25)}),
    ({"category": world.FOOD}, {"May 2026": (1, 1, 1.5), "Total": (1, 1, 1.5)}),
    ({"team": "Nobody's"}, {}),
])
def test_the_answer_time_follows_the_filters(made, filters, expected):
    table = _tables(**filters)["answer-time"]
    assert {row["label"]: (row["sent"], row["answered"], APPROX(row["median_days"]))
            for row in table.rows} == expected


def test_an_empty_directory_gives_empty_tables_and_a_queue_of_nothing(app_context):
    tables = _tables()
    assert tables["confirmed-by-category"].rows == []
    assert tables["confirmed-by-organization"].rows == []
    assert tables["answer-time"].rows == []
    assert [row["waiting"] for row in tables["pending-review"].rows] == [0, 0, 0, 0]
