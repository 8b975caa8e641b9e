"""Read HSDS 1.x and 2.x files as the HSDS 3.0 tables they became.

211 systems still export 1.x packages: ``physical_addresses``, ``regular_schedules``,
``services_taxonomy`` and friends. Each is mapped to its 3.0 table by renaming
columns and filling what the old table implied (an address's type, a schedule's
weekly frequency).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from .raw import RawTable
from .values import is_uuid


@dataclass(frozen=True)
class Legacy:
    """How an old table becomes a 3.0 one."""

    target: str
    rename: dict[str, str] = field(default_factory=dict)
    #: Columns set to a constant (the old table's name implied them).
    constant: dict[str, str] = field(default_factory=dict)
    #: A target column made of several old ones joined with ", ".
    join: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Last step on each row (a dict of target columns).
    finish: Callable[[dict[str, Any]], None] | None = None
    #: Old columns that ``finish`` reads and that have no 3.0 column.
    consumed: tuple[str, ...] = ()
    #: 3.0 columns that ``finish`` may fill although the old table has no such column.
    produces: tuple[str, ...] = ()


def _holiday(row: dict[str, Any]) -> None:
    closed = str(row.pop("closed", "") or "").strip().lower() in ("true", "t", "yes", "y", "1")
    if closed:
        row["opens_at"] = row["closes_at"] = None
    row.setdefault("description", "Closed" if closed else "Holiday hours")


_ADDRESS_LINES = {"address_2": ("address_2", "address_3", "address_4")}

LEGACY: dict[str, Legacy] = {
    "physical_address": Legacy("address", constant={"address_type": "physical"},
                               join=_ADDRESS_LINES),
    "postal_address": Legacy("address", constant={"address_type": "postal"},
                             join=_ADDRESS_LINES),
    "regular_schedule": Legacy("schedule", rename={"weekday": "byday"},
                               constant={"freq": "WEEKLY"}),
    "holiday_schedule": Legacy("schedule", rename={"start_date": "valid_from",
                                                   "end_date": "valid_to"},
                               finish=_holiday, consumed=("closed",), produces=("description",)),
    "services_taxonomy": Legacy("attribute",
                                rename={"service_id": "link_id", "taxonomy_id": "taxonomy_term_id",
                                        "taxonomy_detail": "value"},
                                constant={"link_entity": "service"}),
    "service_attribute": Legacy("attribute", rename={"service_id": "link_id"},
                                constant={"link_entity": "service"}),
    "accessibility_for_disabilities": Legacy("accessibility",
                                             rename={"accessibility": "description"}),
    "payment_accepted": Legacy("cost_option", rename={"payment": "option"}),
    "eligibility": Legacy("service_eligibility", rename={"eligibility": "eligibility_description"}),
}

#: File names (singular, lower case) that mean a legacy table.
LEGACY_NAMES = {
    "physical_address": "physical_address", "postal_address": "postal_address",
    "regular_schedule": "regular_schedule", "holiday_schedule": "holiday_schedule",
    "services_taxonomy": "services_taxonomy", "service_taxonomy": "services_taxonomy",
    "service_attribute": "service_attribute", "payment_accepted": "payment_accepted",
    "payments_accepted": "payment_accepted", "eligibility": "eligibility",
    "eligibilitie": "eligibility", "accessibility_for_disabilitie": "accessibility_for_disabilities",
    "accessibility_for_disabilities": "accessibility_for_disabilities",
}

#: Old column names still found in files that carry 3.0 table names; used only
#: when the 3.0 column is absent.
COLUMN_ALIASES: dict[str, dict[str, str]] = {
    "organization": {"url": "website"},
    "language": {"language": "name"},
    "service_area": {"service_area": "name"},
    "taxonomy_term": {"term": "name", "vocabulary": "taxonomy"},
    "taxonomy": {"title": "name"},
}

#: Values a 3.0 table needs that older files never had; used only when the column
#: is absent. A callable computes the value from the row.
MISSING_COLUMN_DEFAULTS: dict[str, dict[str, Any]] = {
    "location": {"location_type": "physical"},
    "taxonomy_term": {"description": lambda row: row.get("name")},
    "attribute": {"link_entity": "service"},
}


def is_legacy_terms(columns: list[str]) -> bool:
    """True when a ``taxonomy.csv`` holds 1.x terms rather than 3.0 taxonomies."""
    return bool({"parent_id", "parent_name", "vocabulary"} & set(columns))


def adapt(raw: RawTable, legacy_name: str | None = None) -> RawTable:
    """``raw`` as its 3.0 table: legacy tables mapped, old column names renamed."""
    rule = LEGACY.get(legacy_name) if legacy_name else None
    table = rule.target if rule else raw.table
    columns = list(raw.columns)
    if rule:
        columns = [rule.rename.get(c, c) for c in columns]
    for old, new in COLUMN_ALIASES.get(table, {}).items():
        if old in columns and new not in columns:
            columns[columns.index(old)] = new
    joined = rule.join if rule else {}
    constant = dict(rule.constant) if rule else {}
    defaults = {k: v for k, v in MISSING_COLUMN_DEFAULTS.get(table, {}).items()
                if k not in columns}
    if rule is None and not defaults:
        return RawTable(table, raw.label, columns, raw.rows, raw.size)

    extra = [c for c in (*constant, *defaults, *(rule.produces if rule else ()))
             if c not in columns]
    consumed = set(rule.consumed) if rule else set()
    out_columns = [c for c in columns if c not in consumed
                   and not any(c in parts[1:] for parts in joined.values())]
    out_columns += extra

    def rows() -> Iterator[tuple[int | str, list[Any]]]:
        for where, values in raw.rows:
            row = dict(zip(columns, values))
            ident = str(row.get("id") or "").strip()
            if rule and ident and not is_uuid(ident):
                # 1.x numbers each file from 1: physical and postal address 1 (or
                # regular and holiday schedule 1) are different 3.0 rows.
                row["id"] = f"{legacy_name}:{ident}"
            for target, parts in joined.items():
                pieces = [str(row.pop(p)).strip() for p in parts if row.get(p)]
                row[target] = ", ".join(p for p in pieces if p) or None
            row.update(constant)
            for name, default in defaults.items():
                row[name] = default(row) if callable(default) else default
            if rule and rule.finish:
                rule.finish(row)
            yield where, [row.get(c) for c in out_columns]

    return RawTable(table, raw.label, out_columns, rows(), raw.size)
