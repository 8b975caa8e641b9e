"""Read HSDS 3.0 API JSON (nested services, organizations...) into flat raw tables.

Top-level shapes: one object, a JSON list of objects, or an API page
(``{"total_items": ..., "contents": [...]}``). Each top-level object's kind is told
by its keys, first matching rule wins (see ``_KIND_HINTS``):

1. service_at_location: has ``location``, ``location_id``, ``service`` or ``service_id``;
2. location: has ``location_type``, ``addresses``, ``accessibility``, ``latitude``...;
3. taxonomy_term: has ``taxonomy_detail``, ``taxonomy_id``, ``taxonomy``, ``code``...;
4. service: has ``status``, ``organization``, ``organization_id``, ``program``,
   ``service_at_locations`` or another service-only field;
5. taxonomy: has ``version``;
6. organization: has ``services``, ``organization_identifiers``, ``programs``,
   ``locations``, ``website``, ``tax_status`` or another organization-only field;
7. otherwise, in a list or page, the kind every other recognised item has; else an error.

An object with neither ``id`` nor ``name`` is never recognised (the API root, say).
"""

from __future__ import annotations

from typing import Any

from navigator.extensions import db
from . import models  # noqa: F401  (registers the tables read below)
from .raw import Problem, RawTable

TABLES = (
    "organization", "program", "service", "service_at_location", "location", "address",
    "phone", "contact", "schedule", "service_area", "language", "accessibility", "cost_option",
    "required_document", "funding", "taxonomy", "taxonomy_term", "attribute", "metadata",
    "meta_table_description", "organization_identifier", "unit", "service_capacity",
)
COLUMNS = {name: [c.name for c in db.metadata.tables[name].columns] for name in TABLES}

# Nested key -> (table, owned). A child points at its parent (phone.service_id); an
# owned object is pointed at by its parent (service.organization_id = organization.id).
# Either way the link column is "<pointed-at table>_id".
NESTED: dict[str, dict[str, tuple[str, bool]]] = {
    "service": {
        "organization": ("organization", True), "program": ("program", True),
        "service_at_locations": ("service_at_location", False), "phones": ("phone", False),
        "schedules": ("schedule", False), "service_areas": ("service_area", False),
        "languages": ("language", False), "funding": ("funding", False),
        "cost_options": ("cost_option", False), "contacts": ("contact", False),
        "required_documents": ("required_document", False),
        "capacities": ("service_capacity", False),
    },
    "organization": {
        "services": ("service", False), "locations": ("location", False),
        "programs": ("program", False), "phones": ("phone", False),
        "contacts": ("contact", False), "funding": ("funding", False),
        "organization_identifiers": ("organization_identifier", False),
    },
    "service_at_location": {
        "service": ("service", True), "location": ("location", True),
        "contacts": ("contact", False), "phones": ("phone", False),
        "schedules": ("schedule", False),
    },
    "location": {
        "addresses": ("address", False), "phones": ("phone", False),
        "schedules": ("schedule", False), "languages": ("language", False),
        "accessibility": ("accessibility", False), "contacts": ("contact", False),
    },
    "contact": {"phones": ("phone", False)},
    "phone": {"languages": ("language", False)},
    "attribute": {"taxonomy_term": ("taxonomy_term", True)},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", True)},
    "service_capacity": {"unit": ("unit", True)},
}
# Any object may carry these; they link back by id and table name.
POLYMORPHIC = {
    "attributes": ("attribute", "link_id", "link_entity"),
    "metadata": ("metadata", "resource_id", "resource_type"),
}

_KIND_HINTS = (
    ("service_at_location", {"location", "location_id", "service", "service_id"}),
    ("location", {"location_type", "addresses", "accessibility", "latitude", "longitude",
                  "transportation", "external_identifier"}),
    ("taxonomy_term", {"taxonomy_detail", "taxonomy_id", "taxonomy", "code", "term_uri",
                       "parent_id"}),
    ("service", {"status", "organization", "organization_id", "program", "program_id",
                 "service_at_locations", "service_areas", "cost_options", "required_documents",
                 "capacities", "interpretation_services", "application_process", "fees",
                 "fees_description", "eligibility_description", "wait_time"}),
    ("taxonomy", {"version"}),
    ("organization", {"services", "organization_identifiers", "programs", "locations",
                      "website", "tax_status", "tax_id", "year_incorporated", "legal_status",
                      "logo", "parent_organization_id", "funding"}),
)


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _identifiable(obj: Any) -> bool:
    return isinstance(obj, dict) and bool({"id", "name"} & obj.keys())


def detect_kind(obj: Any) -> str | None:
    """The HSDS table a top-level object belongs to, or None when its keys do not tell."""
    if not _identifiable(obj):
        return None
    return next((kind for kind, hints in _KIND_HINTS if hints & obj.keys()), None)


class _Flattener:
    """Walks nested objects, collecting one merged row per (table, id)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.rows: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.by_id: dict[tuple[str, Any], dict[str, Any]] = {}
        self.problems: list[Problem] = []
        self.warned: set[tuple[str, str]] = set()

    def error(self, where: str, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.label, where, column, message))

    def visit(self, obj: Any, table: str, where: str, links: dict[str, Any]) -> Any:
        """Add ``obj`` and everything nested in it; return its id."""
        if not isinstance(obj, dict):
            self.error(where, None, f"expected a {table} object, got {type(obj).__name__}")
            return None
        nested = NESTED.get(table, {})
        row: dict[str, Any] = {}
        for key, value in obj.items():
            if key in COLUMNS[table]:
                if isinstance(value, (dict, list)):
                    self.error(where, key, f"expected a single value, got {type(value).__name__}")
                    value = None
                row[key] = value
            elif key not in nested and key not in POLYMORPHIC and (table, key) not in self.warned:
                self.warned.add((table, key))
                self.problems.append(
                    Problem(self.label, None, f"{table}.{key}", "unknown field, ignored", "warning")
                )
        for column, value in links.items():
            if column in COLUMNS[table] and _empty(row.get(column)) and not _empty(value):
                row[column] = value
        # Owned objects first, in NESTED order, so that the row knows its links (and a
        # program embedded in a service inherits the organization named just before it).
        for key, (child, owned) in nested.items():
            if owned and obj.get(key) is not None:
                inherited = {c: v for c, v in row.items() if c.endswith("_id")}
                child_id = self.visit(obj[key], child, f"{where}.{key}", inherited)
                if _empty(row.get(f"{child}_id")) and not _empty(child_id):
                    row[f"{child}_id"] = child_id
        row_id = row.get("id")
        self.store(table, where, row)
        for key, value in obj.items():
            if key in POLYMORPHIC:
                child, id_column, table_column = POLYMORPHIC[key]
                child_links = {id_column: row_id, table_column: table}
            elif key in nested and not nested[key][1]:
                child, child_links = nested[key][0], {f"{table}_id": row_id}
            else:
                continue
            if value is None:
                continue
            if isinstance(value, dict):  # a lone object where HSDS has a list
                value = [value]
            if not isinstance(value, list):
                self.error(where, key, f"expected a list of {child} objects")
                continue
            for index, item in enumerate(value):
                self.visit(item, child, f"{where}.{key}[{index}]", child_links)
        return row_id

    def store(self, table: str, where: str, row: dict[str, Any]) -> None:
        """Add a row, or merge it into the earlier row of the same id (first value wins)."""
        row_id = row.get("id")  # never a dict or list: visit() has cleared those
        earlier = self.by_id.get((table, row_id)) if row_id is not None else None
        if earlier is None:
            if row_id is not None:
                self.by_id[(table, row_id)] = row
            self.rows.setdefault(table, []).append((where, row))
            return
        for column, value in row.items():
            if _empty(earlier.get(column)) and (column not in earlier or not _empty(value)):
                earlier[column] = value

    def tables(self) -> list[RawTable]:
        """One RawTable per table seen, columns in the models' order."""
        result = []
        for table in TABLES:
            rows = self.rows.get(table)
            if not rows:
                continue
            seen = set().union(*(row.keys() for _, row in rows))
            columns = [c for c in COLUMNS[table] if c in seen]
            values = [(where, [row.get(c) for c in columns]) for where, row in rows]
            result.append(RawTable(table, self.label, columns, values, len(values)))
        return result


def read_json(data: Any, label: str) -> tuple[list[RawTable], list[Problem]]:
    """Flatten parsed HSDS JSON (object, list or API page) into raw tables and problems."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items = [(f"$.contents[{i}]", item) for i, item in enumerate(data["contents"])]
    elif isinstance(data, list):
        items = [(f"$[{i}]", item) for i, item in enumerate(data)]
    else:
        items = [("$", data)]
    kinds = [detect_kind(item) for _, item in items]
    known = {kind for kind in kinds if kind}
    fallback = known.pop() if len(known) == 1 and len(items) > 1 else None
    flattener = _Flattener(label)
    for (where, item), kind in zip(items, kinds):
        kind = kind or (fallback if _identifiable(item) else None)
        if kind is None:
            flattener.error(where, None, "not a recognisable HSDS service, organization, "
                            "service_at_location, location, taxonomy_term or taxonomy object")
            continue
        flattener.visit(item, kind, where, {})
    return flattener.tables(), flattener.problems
