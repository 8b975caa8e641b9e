"""Each report section's tables are worked out with Python's cycle collector paused
(``navigator.reports.sections``), which is resumed after, whatever happens."""

from __future__ import annotations

import gc

import pytest

from navigator.reports import connection, crisis, equity, follow_up, health, unmet
from navigator.reports.sections import SECTIONS, _collector_paused


def _collector_state(filters):
    return [gc.isenabled()]


def test_the_collector_is_paused_during_the_tables_and_resumed_after():
    assert gc.isenabled()
    assert _collector_paused(_collector_state)(None) == [False]
    assert gc.isenabled()


def test_a_failure_resumes_it_too():
    def failing(filters):
        raise LookupError("no such table")

    with pytest.raises(LookupError):
        _collector_paused(failing)(None)
    assert gc.isenabled()


def test_a_collector_paused_elsewhere_stays_paused():
    gc.disable()
    try:
        assert _collector_paused(_collector_state)(None) == [False]
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_every_section_is_paused():
    assert [section.tables.__wrapped__ for section in SECTIONS] == [
        connection.tables, follow_up.tables, crisis.tables, equity.tables, unmet.tables,
        health.tables]
