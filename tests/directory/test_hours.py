"""Opening hours from HSDS schedules: open now, next opening, week view, DST."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from navigator.directory import hours as hours_module
from navigator.directory.hours import OpeningHours, Rule

NY = ZoneInfo("America/New_York")
UTC = timezone.utc
WEEKDAYS = "MO,TU,WE,TH,FR"
# June 2026: Mon 1, Thu 4, Fri 5, Sat 6, Sun 7, Mon 8; the last Friday is the 26th.


def sched(byday: str | None = WEEKDAYS, opens: str | None = "09:00",
          closes: str | None = "17:00", freq: str | None = "WEEKLY", **fields) -> SimpleNamespace:
    """A schedule look-alike with HSDS 3.0 attributes."""
    values = dict(valid_from=None, valid_to=None, dtstart=None, until=None, count=None,
                  wkst=None, interval=None, bymonthday=None, description=None, notes=None,
                  timezone=None)
    values.update(fields)
    return SimpleNamespace(
        freq=freq, byday=byday, opens_at=time.fromisoformat(opens) if opens else None,
        closes_at=time.fromisoformat(closes) if closes else None, **values)


def hours(*schedules, tz: str = "America/New_York") -> OpeningHours:
    """Opening hours from the given schedules."""
    return OpeningHours.from_schedules(schedules, tz=tz)


def at(text: str) -> datetime:
    """A local (New York) aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=NY)


def utc(text: str) -> datetime:
    """A UTC aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_open_at_opening_time_inclusive():
    assert hours(sched()).is_open_at(at("2026-06-01T09:00")) is True


def test_closed_at_closing_time_exclusive():
    h = hours(sched())
    assert h.is_open_at(at("2026-06-01T16:59:59")) is True
    assert h.is_open_at(at("2026-06-01T17:00")) is False


def test_closed_before_opening_and_on_weekend():
    h = hours(sched())
    assert h.is_open_at(at("2026-06-01T08:59:59")) is False
    assert h.is_open_at(at("2026-06-06T12:00")) is False


def test_naive_moment_is_local_wall_time():
    assert hours(sched()).is_open_at(datetime(2026, 6, 1, 9, 30)) is True


def test_past_midnight_belongs_to_previous_day():
    h = hours(sched("TH", "20:00", "02:00"))
    assert h.is_open_at(at("2026-06-04T19:59")) is False
    assert h.is_open_at(at("2026-06-04T23:00")) is True
    assert h.is_open_at(at("2026-06-05T01:00")) is True
    assert h.is_open_at(at("2026-06-05T03:00")) is False
    assert h.is_open_at(at("2026-06-04T01:00")) is False  # no Wednesday rule


def test_past_midnight_status_closes_next_day():
    status = hours(sched("TH", "20:00", "02:00")).status_at(at("2026-06-04T22:00"))
    assert status.open is True
    assert status.closes_at == at("2026-06-05T02:00")


def test_closing_at_midnight_runs_to_end_of_day():
    h = hours(sched("MO", "18:00", "00:00"))
    assert h.is_open_at(at("2026-06-01T23:59:59")) is True
    assert h.is_open_at(at("2026-06-02T00:00")) is False
    assert h.status_at(at("2026-06-01T20:00")).closes_at == at("2026-06-02T00:00")


def test_24_hour_service_open_through_2359():
    h = hours(sched(None, "00:00", "23:59"))
    for moment in ("2026-06-01T23:59:30", "2026-06-02T00:00", "2026-06-06T12:00"):
        assert h.is_open_at(at(moment)) is True


def test_24_7_status_never_closes():
    h = hours(sched("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"))
    status = h.status_at(at("2026-06-03T23:59:30"))
    assert status.open is True
    assert status.closes_at is None and status.always_open is True
    assert h.is_always_open(at("2026-06-03T12:00")) is True


def test_24_hour_weekdays_close_saturday_midnight():
    h = hours(sched(WEEKDAYS, "00:00", "23:59"))
    status = h.status_at(at("2026-06-01T10:00"))
    assert status.closes_at == at("2026-06-06T00:00")
    assert status.always_open is False
    assert h.is_always_open(at("2026-06-01T10:00")) is False


def test_valid_to_in_past_never_opens():
    h = hours(sched(valid_to=date(2026, 1, 31)))
    assert h.is_open_at(at("2026-06-01T10:00")) is False
    status = h.status_at(at("2026-06-01T10:00"))
    assert status.open is False and status.opens_at is None


def test_valid_from_in_future_opens_that_day():
    h = hours(sched(valid_from=date(2026, 6, 3)))
    assert h.is_open_at(at("2026-06-02T10:00")) is False
    assert h.is_open_at(at("2026-06-03T10:00")) is True
    assert h.status_at(at("2026-06-01T10:00")).opens_at == at("2026-06-03T09:00")


def test_valid_to_is_inclusive_for_the_day_an_opening_starts():
    h = hours(sched("TH", "20:00", "02:00", valid_to=date(2026, 6, 4)))
    assert h.is_open_at(at("2026-06-04T21:00")) is True
    assert h.is_open_at(at("2026-06-05T01:00")) is True  # began on the last valid day
    assert h.is_open_at(at("2026-06-11T21:00")) is False


def test_until_bounds_like_valid_to():
    h = hours(sched(until=date(2026, 6, 2)))
    assert h.is_open_at(at("2026-06-02T10:00")) is True
    assert h.is_open_at(at("2026-06-03T10:00")) is False


def test_monthly_first_monday():
    h = hours(sched("1MO", "10:00", "12:00", freq="MONTHLY"))
    assert h.is_open_at(at("2026-06-01T11:00")) is True
    assert h.is_open_at(at("2026-06-08T11:00")) is False
    assert h.is_open_at(at("2026-07-06T11:00")) is True


def test_monthly_last_friday():
    h = hours(sched("-1FR", "10:00", "12:00", freq="MONTHLY"))
    assert h.is_open_at(at("2026-06-26T11:00")) is True
    assert h.is_open_at(at("2026-06-19T11:00")) is False
    assert h.is_open_at(at("2026-05-29T11:00")) is True  # a month with five Fridays
    assert h.is_open_at(at("2026-05-22T11:00")) is False


def test_monthly_bymonthday_positive_and_negative():
    h = hours(sched(None, "10:00", "12:00", freq="MONTHLY", bymonthday="15,-1"))
    assert h.is_open_at(at("2026-06-15T11:00")) is True
    assert h.is_open_at(at("2026-06-30T11:00")) is True
    assert h.is_open_at(at("2026-05-31T11:00")) is True
    assert h.is_open_at(at("2026-06-29T11:00")) is False


def test_monthly_byday_and_bymonthday_must_both_match():
    h = hours(sched("FR", "10:00", "12:00", freq="MONTHLY", bymonthday="13"))
    assert h.is_open_at(at("2026-02-13T11:00")) is True
    assert h.is_open_at(at("2026-04-13T11:00")) is False  # a Monday
    assert h.is_open_at(at("2026-06-12T11:00")) is False  # a Friday, not the 13th


def test_monthly_without_freq_is_recognised_from_ordinal():
    h = hours(sched("1MO", "10:00", "12:00", freq=None))
    assert h.is_open_at(at("2026-06-01T11:00")) is True
    assert h.is_open_at(at("2026-06-08T11:00")) is False


def test_monthly_next_opening_within_eight_days_only():
    h = hours(sched("1MO", "10:00", "12:00", freq="MONTHLY"))
    assert h.status_at(at("2026-05-28T12:00")).opens_at == at("2026-06-01T10:00")
    assert h.status_at(at("2026-06-02T12:00")).opens_at is None


def test_dst_spring_forward_short_night():
    h = hours(sched("SU", "01:00", "03:00"))  # 2026-03-08: 02:00 EST jumps to 03:00 EDT
    assert h.is_open_at(utc("2026-03-08T06:30")) is True  # 01:30 EST
    assert h.is_open_at(utc("2026-03-08T06:59:59")) is True
    assert h.is_open_at(utc("2026-03-08T07:00")) is False  # 03:00 EDT
    status = h.status_at(utc("2026-03-08T06:30"))
    assert status.closes_at == at("2026-03-08T03:00")
    assert status.closes_at.utcoffset() == timedelta(hours=-4)
    assert status.closes_at - utc("2026-03-08T06:30") == timedelta(minutes=30)


def test_dst_fall_back_repeated_hour_open_both_times():
    h = hours(sched("SU", "01:00", "03:00"))  # 2026-11-01: 02:00 EDT falls back to 01:00 EST
    assert h.is_open_at(utc("2026-11-01T05:30")) is True  # 01:30 EDT
    assert h.is_open_at(utc("2026-11-01T06:30")) is True  # 01:30 EST
    assert h.is_open_at(utc("2026-11-01T07:59")) is True  # 02:59 EST
    assert h.is_open_at(utc("2026-11-01T08:00")) is False  # 03:00 EST
    assert h.status_at(utc("2026-11-01T06:30")).closes_at.utcoffset() == timedelta(hours=-5)


def test_24_7_open_across_dst_changes():
    h = hours(sched(None, "00:00", "23:59"))
    for moment in ("2026-03-08T07:00", "2026-03-08T06:59", "2026-11-01T05:30",
                   "2026-11-01T06:30"):
        assert h.is_open_at(utc(moment)) is True
    assert h.status_at(utc("2026-03-08T07:00")).always_open is True


def test_utc_now_converted_to_local_summer_and_winter():
    h = hours(sched())
    assert h.is_open_at(utc("2026-06-01T13:30")) is True  # 09:30 EDT
    assert h.is_open_at(utc("2026-06-01T12:30")) is False  # 08:30 EDT
    assert h.is_open_at(utc("2026-01-05T14:00")) is True  # 09:00 EST
    assert h.is_open_at(utc("2026-01-05T13:59")) is False
    assert h.is_open_at(utc("2026-06-01T21:30")) is False  # 17:30 EDT


def test_time_zone_parameter():
    h = hours(sched(), tz="America/Los_Angeles")
    assert h.is_open_at(utc("2026-06-01T16:30")) is True  # 09:30 PDT
    assert h.is_open_at(utc("2026-06-01T13:30")) is False


def test_status_from_saturday_opens_monday():
    status = hours(sched()).status_at(at("2026-06-06T12:00"))
    assert status.open is False and status.closes_at is None
    assert status.opens_at == at("2026-06-08T09:00")
    assert status.opens_at.weekday() == 0


def test_status_before_opening_opens_today():
    status = hours(sched()).status_at(at("2026-06-02T07:00"))
    assert status.opens_at == at("2026-06-02T09:00")


def test_status_while_open_closes_today():
    status = hours(sched()).status_at(utc("2026-06-02T14:00"))
    assert status.open is True
    assert status.closes_at == at("2026-06-02T17:00")
    assert status.opens_at is None


def test_status_follows_back_to_back_and_overlapping_rules():
    h = hours(sched("MO", "09:00", "12:00"), sched("MO", "11:00", "17:00"),
              sched("MO", "17:00", "21:00"))
    assert h.status_at(at("2026-06-01T10:00")).closes_at == at("2026-06-01T21:00")


def test_no_schedules_is_unknown():
    h = hours()
    assert h.is_open_at(at("2026-06-01T10:00")) is None
    assert h.status_at(at("2026-06-01T10:00")) == hours_module.Status(None)


def test_schedule_without_times_is_unknown_not_closed():
    h = hours(sched(opens=None, closes=None, description="Call for hours"))
    assert h.is_open_at(at("2026-06-01T10:00")) is None
    assert h.status_at(at("2026-06-01T10:00")).open is None


def test_day_with_unknown_hours_next_to_known_days():
    h = hours(sched(), sched("SA", None, None))
    assert h.is_open_at(at("2026-06-06T10:00")) is None
    assert h.is_open_at(at("2026-06-07T10:00")) is False
    assert h.is_open_at(at("2026-06-05T10:00")) is True


def test_closed_holiday_overrides_regular_hours():
    holiday = sched(None, None, None, valid_from=date(2026, 6, 1), valid_to=date(2026, 6, 1),
                    description="Closed")
    h = hours(sched(), holiday)
    assert h.is_open_at(at("2026-06-01T10:00")) is False
    assert h.is_open_at(at("2026-06-02T10:00")) is True
    assert h.status_at(at("2026-05-31T10:00")).opens_at == at("2026-06-02T09:00")
    assert h.week(date(2026, 6, 1))[0].closed is True


def test_week_lists_seven_days_with_today_marked():
    week = hours(sched(), sched("TH", "20:00", "02:00")).week(date(2026, 6, 1),
                                                              today=date(2026, 6, 3))
    assert [d.day for d in week] == [date(2026, 6, 1) + timedelta(days=i) for i in range(7)]
    assert [d.is_today for d in week] == [False, False, True, False, False, False, False]
    assert week[0].intervals == [(at("2026-06-01T09:00"), at("2026-06-01T17:00"))]
    assert week[3].intervals == [(at("2026-06-04T09:00"), at("2026-06-04T17:00")),
                                 (at("2026-06-04T20:00"), at("2026-06-05T02:00"))]
    assert week[5].intervals == [] and week[5].closed
    assert week[6].closed


def test_week_marks_unknown_hours():
    week = hours(sched(), sched("SA", None, None)).week(date(2026, 6, 1))
    assert week[5].hours_unknown is True and week[5].closed is False
    assert week[6].hours_unknown is False


def test_week_24_hour_day_ends_at_midnight():
    week = hours(sched(None, "00:00", "23:59")).week(date(2026, 6, 1))
    assert week[0].intervals == [(at("2026-06-01T00:00"), at("2026-06-02T00:00"))]


def test_equal_times_midnight_is_all_day_other_equal_times_unknown():
    assert hours(sched(None, "00:00", "00:00")).is_open_at(at("2026-06-01T23:59:59")) is True
    assert hours(sched(None, "09:00", "09:00")).is_open_at(at("2026-06-01T12:00")) is None


def test_missing_closing_time_open_to_end_of_day():
    h = hours(sched("MO", "09:00", None))
    assert h.is_open_at(at("2026-06-01T23:30")) is True
    assert h.is_open_at(at("2026-06-02T00:30")) is False
    assert h.status_at(at("2026-06-01T10:00")).closes_at == at("2026-06-02T00:00")


def test_empty_byday_weekly_means_every_day():
    h = hours(sched(""))
    assert all(h.is_open_at(at(f"2026-06-0{d}T10:00")) for d in range(1, 8))


def test_unknown_byday_tokens_ignored():
    h = hours(sched("MO, XX"))
    assert h.is_open_at(at("2026-06-01T10:00")) is True
    assert h.is_open_at(at("2026-06-02T10:00")) is False
    assert hours(sched("XX,ZZ")).is_open_at(at("2026-06-01T10:00")) is False


def test_full_day_names_accepted():
    h = hours(sched("Monday, Wednesday"))
    assert h.is_open_at(at("2026-06-03T10:00")) is True
    assert h.is_open_at(at("2026-06-02T10:00")) is False


def test_fortnightly_interval_counts_from_dtstart():
    h = hours(sched("MO", interval=2, dtstart=date(2026, 6, 1)))
    assert h.is_open_at(at("2026-06-01T10:00")) is True
    assert h.is_open_at(at("2026-06-08T10:00")) is False
    assert h.is_open_at(at("2026-06-15T10:00")) is True
    assert h.is_open_at(at("2026-05-18T10:00")) is False  # before dtstart


def test_time_strings_with_offsets_read_as_wall_clock():
    s = sched()
    s.opens_at, s.closes_at = "09:00-05:00", "17:00Z"
    h = hours(s)
    assert h.is_open_at(at("2026-06-01T09:30")) is True
    assert h.is_open_at(at("2026-06-01T17:30")) is False


def test_real_schedule_model_without_database():
    from navigator.directory.models import Schedule

    row = Schedule(freq="WEEKLY", byday="MO,FR", opens_at=time(8), closes_at=time(12),
                   valid_to=date(2026, 12, 31))
    h = OpeningHours.from_schedules([row])
    assert h.is_open_at(at("2026-06-05T08:00")) is True
    assert h.is_open_at(at("2027-01-01T08:00")) is False


def test_weekly_check_needs_no_recurrence_expansion(monkeypatch):
    h = hours(sched(valid_from=date(2026, 1, 1)), sched("TH", "20:00", "02:00"))

    def forbidden(self, day):
        raise AssertionError("expanded a weekly rule on the hot path")

    monkeypatch.setattr(Rule, "occurs_on", forbidden)
    assert h.is_open_at(at("2026-06-01T10:00")) is True
    assert h.is_open_at(at("2026-06-05T01:00")) is True


@pytest.mark.parametrize("moment, expected", [
    ("2026-06-01T08:59", False), ("2026-06-01T09:00", True), ("2026-06-05T16:59", True),
    ("2026-06-05T17:00", False), ("2026-06-07T12:00", False),
])
def test_is_open_matches_status(moment, expected):
    h = hours(sched())
    assert h.is_open_at(at(moment)) is expected
    assert h.status_at(at(moment)).open is expected
