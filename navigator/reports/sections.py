"""The report sections, in the order the pages list them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from . import connection, crisis, equity, follow_up, health, unmet
from .period import Filters
from .tables import Table


@dataclass(frozen=True)
class Section:
    key: str  # in the URL: /admin/reports/<key>
    title: object  # a lazy string
    tables: Callable[[Filters], list[Table]]


SECTIONS = (
    Section("connection", _l("Connection to care"), connection.tables),
    Section("follow-up", _l("Follow-up"), follow_up.tables),
    Section("crisis", _l("Crisis outcomes"), crisis.tables),
    Section("equity", _l("Equity"), equity.tables),
    Section("unmet", _l("Unmet needs"), unmet.tables),
    Section("directory", _l("Directory health"), health.tables),
)
BY_KEY = {section.key: section for section in SECTIONS}
