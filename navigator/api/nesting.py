"""HSDS 3.0 objects from the database: rows of one table with the rows nested in them.

A shape lists what an object carries (a service's phones, a service_at_location's
location...). Nested rows are read for a whole batch of parents at once, one query per
nested kind, so a page of a thousand services costs the same few queries as one.

Only the official HSDS 3.0 columns are written, and the extensions the OpenAPI
document describes (``EXTENSIONS``: a service's ``accepting_referrals``, and its
``capacities`` as HSDS 3.1 nests them); an empty value is left out (the schemas type
every field without ``null``). A confidential location (a
domestic-violence shelter) keeps its name and hours but never its address, point,
phones, contacts or change history: the rule of the public page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Iterable, Iterator

from sqlalchemy import Table, select

from navigator.directory.exporter import cell
from navigator.directory.tables import TABLES
from navigator.extensions import db

#: Ids per ``IN (...)``: well under SQLite's limit on bound parameters.
CHUNK = 500

#: What a confidential location never shows (Navigator's public rule: no address, no
#: directions, no phones; its history would hold the old address).
CONFIDENTIAL_HIDDEN = frozenset({
    "latitude", "longitude", "transportation", "external_identifier",
    "external_identifier_type", "addresses", "phones", "contacts", "metadata",
})


@dataclass(frozen=True)
class Nest:
    """Rows of ``table`` nested under ``key``.

    ``child``: the child's column holding the parent's id (a list: phones of a service);
    ``parent``: the parent's column holding the child's id (one object: its organization);
    ``entity``: the child's column naming the parent's table (attributes, metadata);
    ``unset``: child columns that must be empty (a service's own schedules, not those of
    one of its places).
    """

    key: str
    table: str
    child: str | None = None
    parent: str | None = None
    shape: tuple["Nest", ...] = ()
    entity: str | None = None
    unset: tuple[str, ...] = ()


def attributes(*, with_taxonomy: bool = False) -> Nest:
    term = (Nest("taxonomy_detail", "taxonomy", parent="taxonomy_id"),) if with_taxonomy else ()
    return Nest("attributes", "attribute", child="link_id", entity="link_entity",
                shape=(Nest("taxonomy_term", "taxonomy_term", parent="taxonomy_term_id",
                            shape=term),))


METADATA = Nest("metadata", "metadata", child="resource_id", entity="resource_type")
ATTRIBUTES = attributes(with_taxonomy=True)
#: A service's capacity (beds, slots) with its unit, as HSDS 3.1 nests it.
CAPACITIES = Nest("capacities", "service_capacity", child="service_id",
                  shape=(Nest("unit", "unit", parent="unit_id"),))
PHONE = (Nest("languages", "language", child="phone_id"),)
CONTACT = (Nest("phones", "phone", child="contact_id", shape=PHONE),)

LOCATION = (
    Nest("languages", "language", child="location_id"),
    Nest("addresses", "address", child="location_id"),
    Nest("contacts", "contact", child="location_id", shape=CONTACT),
    Nest("accessibility", "accessibility", child="location_id"),
    Nest("phones", "phone", child="location_id", shape=PHONE),
    Nest("schedules", "schedule", child="location_id", unset=("service_at_location_id",)),
    attributes(), METADATA,
)
SERVICE_LIST = (
    Nest("organization", "organization", parent="organization_id"),
    Nest("program", "program", parent="program_id"),
)
#: The service of a place, with what a navigator calling it needs: its capacity.
PLACE_SERVICE = (*SERVICE_LIST, CAPACITIES)
#: A place of a service, inside the service (so without the service again).
PLACE = (
    Nest("contacts", "contact", child="service_at_location_id", shape=CONTACT),
    Nest("phones", "phone", child="service_at_location_id", shape=PHONE),
    Nest("schedules", "schedule", child="service_at_location_id"),
    Nest("location", "location", parent="location_id", shape=LOCATION),
    attributes(), METADATA,
)
SERVICE_FULL = (
    Nest("phones", "phone", child="service_id", shape=PHONE),
    Nest("schedules", "schedule", child="service_id", unset=("service_at_location_id",)),
    Nest("service_areas", "service_area", child="service_id"),
    Nest("service_at_locations", "service_at_location", child="service_id", shape=PLACE),
    Nest("languages", "language", child="service_id"),
    Nest("organization", "organization", parent="organization_id"),
    Nest("funding", "funding", child="service_id"),
    Nest("cost_options", "cost_option", child="service_id"),
    Nest("program", "program", parent="program_id"),
    Nest("required_documents", "required_document", child="service_id"),
    Nest("contacts", "contact", child="service_id", shape=CONTACT),
    CAPACITIES, ATTRIBUTES, METADATA,
)
SERVICE_AT_LOCATION_LIST = (
    Nest("location", "location", parent="location_id"),
    Nest("service", "service", parent="service_id", shape=SERVICE_LIST),
)
SERVICE_AT_LOCATION_FULL = (
    *PLACE,
    Nest("service", "service", parent="service_id", shape=PLACE_SERVICE),
)


def organization_full(services: tuple[Nest, ...]) -> tuple[Nest, ...]:
    """A whole organization; its services in the shape given (``full_service``)."""
    return (
        Nest("funding", "funding", child="organization_id"),
        Nest("contacts", "contact", child="organization_id", shape=CONTACT),
        Nest("phones", "phone", child="organization_id", shape=PHONE),
        Nest("locations", "location", child="organization_id", shape=LOCATION),
        Nest("programs", "program", child="organization_id"),
        Nest("organization_identifiers", "organization_identifier", child="organization_id"),
        ATTRIBUTES, METADATA,
        Nest("services", "service", child="organization_id", shape=services),
    )


TAXONOMY = (METADATA,)
TAXONOMY_TERM = (Nest("taxonomy_detail", "taxonomy", parent="taxonomy_id"), METADATA)


def json_value(value: Any) -> Any:
    """A database value as HSDS JSON writes it."""
    if isinstance(value, datetime):
        return cell(value)  # UTC with a Z, as the datapackage export writes it
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


#: What the API writes beyond the official HSDS 3.0 columns (documented as extensions
#: in ``/api/openapi.json``): Navigator's own columns, and the HSDS 3.1 tables whole.
EXTENSIONS = {"service": ("accepting_referrals",)}
HSDS_3_1 = ("unit", "service_capacity")


def _written(table: str) -> tuple[tuple[str, bool], ...]:
    """The columns written, each with whether its values need ``json_value`` (dates,
    times, decimals): the rest go to JSON as they are read."""
    spec = TABLES[table]
    columns = spec.columns if table in HSDS_3_1 else [
        c for c in spec.columns if not c.local or c.name in EXTENSIONS.get(table, ())]
    return tuple((c.name, c.kind in _CONVERTED) for c in columns)


_CONVERTED = frozenset({"date", "datetime", "time", "decimal", "number"})
_WRITTEN = {name: _written(name) for name in TABLES if TABLES[name].official or
            name in HSDS_3_1}


def chunks(values: list, size: int | None = None) -> Iterator[list]:
    """``values`` in lists of ``size`` (``CHUNK``, as it is when called)."""
    size = size or CHUNK
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _rows(table: Table, column: str, values: Iterable, extra=()) -> list[dict]:
    """Rows whose ``column`` is one of ``values``, in a stable order."""
    values = sorted({v for v in values if v is not None})
    found: list[dict] = []
    # Core on the session's connection: the ORM's execution path costs more than the
    # query itself here (a full page runs some thirty of them).
    connection = db.session.connection()
    for chunk in chunks(values):
        query = (select(table).where(table.c[column].in_(chunk), *extra)
                 .order_by(table.c[column], table.c.id))
        result = connection.execute(query)
        keys = tuple(result.keys())
        found.extend(dict(zip(keys, row)) for row in result)
    return found


def _nest(table: str, rows: list[dict], shape: tuple[Nest, ...]) -> None:
    """Fill each row (a dict of raw columns) with its nested objects, in place."""
    if not rows or not shape:
        return
    ids = [row["id"] for row in rows]
    for nest in shape:
        child_table = db.metadata.tables[nest.table]
        if nest.parent is not None:
            children = _rows(child_table, "id", (row.get(nest.parent) for row in rows))
            _nest(nest.table, children, nest.shape)
            by_id = {child["id"]: _hsds(nest.table, child, nest.shape) for child in children}
            for row in rows:
                found = by_id.get(row.get(nest.parent))
                if found is not None:
                    row[nest.key] = found
            continue
        extra = [child_table.c[nest.entity] == table] if nest.entity is not None else []
        # ``unset`` is checked here, not in SQL: SQLite would look the rows up by the
        # index of the empty column (most rows) instead of by the parent's id.
        children = [child for child in _rows(child_table, nest.child, ids, extra)
                    if all(child[column] is None for column in nest.unset)]
        _nest(nest.table, children, nest.shape)
        grouped: dict[str, list[dict]] = {}
        for child in children:
            grouped.setdefault(child[nest.child], []).append(
                _hsds(nest.table, child, nest.shape))
        for row in rows:
            row[nest.key] = grouped.get(row["id"], [])


def _hsds(table: str, row: dict, shape: tuple[Nest, ...]) -> dict:
    """One object as HSDS JSON: written columns with a value, then what nests in it
    (``shape``'s keys)."""
    out = {}
    for name, converted in _WRITTEN[table]:
        value = row.get(name)
        if value is not None:
            out[name] = json_value(value) if converted else value
    for nest in shape:
        if nest.key in row:
            out[nest.key] = row[nest.key]
    if table == "location" and row.get("confidential"):
        for key in CONFIDENTIAL_HIDDEN:
            out.pop(key, None)
    return out


def objects(table: str, rows: list[dict], shape: tuple[Nest, ...]) -> list[dict]:
    """HSDS objects of ``rows`` (raw column dicts of ``table``), nested as ``shape`` says."""
    _nest(table, rows, shape)
    return [_hsds(table, row, shape) for row in rows]


def by_ids(table: str, ids: list[str], shape: tuple[Nest, ...]) -> list[dict]:
    """HSDS objects of the rows with these ids, in the order of ``ids``."""
    rows = {row["id"]: row for row in _rows(db.metadata.tables[table], "id", ids)}
    return objects(table, [rows[i] for i in ids if i in rows], shape)
