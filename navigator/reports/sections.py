"""The report sections, in the order the pages list them.

Each section's ``tables`` are worked out with Python's cycle collector paused
(``_collector_paused``). A year's figures make some hundred thousand rows, counts and
lists that live until the tables are made: on the way, the collector went through them
and the whole process's objects two or three times, which was a third to a half of the
equity page's time (0.3-0.5 s of 0.8-1.1 s on SQLite). They are not in reference
cycles: reference counting frees them once the tables are made, and the collector,
resumed, deals with whatever else the work left.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask_babel import lazy_gettext as _l

from . import connection, crisis, equity, follow_up, health, unmet
from .period import Filters
from .tables import Table


@dataclass(frozen=True)
class Section:
    key: str  # in the URL: /admin/reports/<key>
    title: object  # a lazy string
    tables: Callable[[Filters], list[Table]]


def _collector_paused(tables: Callable[[Filters], list[Table]]):
    """``tables`` run with the cycle collector paused (see the module's docstring); it is
    resumed after, unless something else had paused it (another request's report may
    resume it first: then it runs again, as before)."""
    @wraps(tables)
    def paused(filters: Filters) -> list[Table]:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return tables(filters)
        finally:
            if was_on:
                gc.enable()
    return paused


SECTIONS = tuple(Section(key, title, _collector_paused(tables)) for key, title, tables in (
    ("connection", _l("Connection to care"), connection.tables),
    ("follow-up", _l("Follow-up"), follow_up.tables),
    ("crisis", _l("Crisis outcomes"), crisis.tables),
    ("equity", _l("Equity"), equity.tables),
    ("unmet", _l("Unmet needs"), unmet.tables),
    ("directory", _l("Directory health"), health.tables),
))
BY_KEY = {section.key: section for section in SECTIONS}
