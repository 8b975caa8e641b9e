"""Follow-up figures, against the answers worked out by hand for ``reports_world``."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from navigator.reports import follow_up
from navigator.reports.period import Filters
from tests.reports.reports_world import HEALTH, make_world

MARCH = Filters(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def world(app_context):
    return make_world()


def test_the_follow_up_figures_of_march(world):
    row = follow_up.figures(MARCH)[None]
    # five follow-ups of March's contacts and referrals (February's is left out): two
    # done within 48 hours (one at 48 hours exactly), one after 72, one overdue, one due
    # in 2099
    assert {k: row[k] for k in ("people", "follow_ups", "done", "on_time", "overdue")} == {
        "people": 3, "follow_ups": 5, "done": 3, "on_time": 2, "overdue": 1}
    assert (row["on_time_rate"], row["overdue_rate"]) == (0.4, 0.2)
    # six referrals sent; f4 left pending with its need closed, f5 cancelled after sending
    assert (row["sent"], row["no_outcome"]) == (6, 2)
    assert row["no_outcome_rate"] == pytest.approx(1 / 3)


def test_overdue_is_counted_at_the_moment_asked(world):
    early = follow_up.figures(MARCH, now=datetime(2026, 3, 11))[None]
    assert early["overdue"] == 0
    assert follow_up.figures(MARCH, now=datetime(2099, 12, 1))[None]["overdue"] == 2


def test_the_team_is_who_recorded_the_contact_or_made_the_referral(world):
    heart = follow_up.figures(Filters(date(2026, 3, 1), date(2026, 3, 31), team="HEART"))
    diversion = follow_up.figures(Filters(date(2026, 3, 1), date(2026, 3, 31),
                                          team="Diversion"))
    assert (heart[None]["follow_ups"], heart[None]["on_time"], heart[None]["sent"]) == (3, 1, 4)
    assert (diversion[None]["follow_ups"], diversion[None]["on_time"]) == (2, 1)
    assert (diversion[None]["sent"], diversion[None]["no_outcome"]) == (2, 1)


def test_a_category_keeps_the_follow_ups_of_its_referrals(world):
    row = follow_up.figures(Filters(date(2026, 3, 1), date(2026, 3, 31), category=HEALTH))
    # f4 (Health) and f7 (Counseling): the contact's follow-up has no category
    assert (row[None]["follow_ups"], row[None]["overdue"], row[None]["sent"]) == (2, 1, 3)
    assert row[None]["no_outcome"] == 1


def test_the_tables(world):
    summary, no_outcome = follow_up.tables(MARCH)
    assert summary.rows[0]["follow_ups"] == 5
    assert [r["referrals"] for r in no_outcome.rows] == [1, 1, 4, 6]
    assert no_outcome.total_row
