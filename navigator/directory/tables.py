"""Every directory table as import and export see it: file name, columns, order.

The SQLAlchemy models are the one source of truth; this module reads them and adds
what only the file format knows (official file names, load order, extension files).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Boolean, Date, Float, Integer, Numeric, Table, Time

from navigator.extensions import db
from . import models  # noqa: F401  (registers every directory table in db.metadata)
from .models.base import UTCDateTime

#: HSDS 3.0 tables with the file names of the official tabular package, in an
#: order where every required reference points at an earlier table.
OFFICIAL_FILES = {
    "taxonomy": "taxonomies.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "organization": "organizations.csv",
    "organization_identifier": "organization_identifiers.csv",
    "program": "programs.csv",
    "service": "services.csv",
    "location": "locations.csv",
    "address": "addresses.csv",
    "accessibility": "accessibility.csv",
    "service_at_location": "service_at_location.csv",
    "contact": "contacts.csv",
    "phone": "phones.csv",
    "language": "languages.csv",
    "schedule": "schedules.csv",
    "funding": "funding.csv",
    "service_area": "service_areas.csv",
    "required_document": "required_documents.csv",
    "cost_option": "cost_options.csv",
    "attribute": "attributes.csv",
    "metadata": "metadata.csv",
    "meta_table_description": "meta_table_descriptions.csv",
}

#: Tables beyond HSDS 3.0: the two HSDS 3.1 capacity tables and Navigator's own.
EXTENSION_FILES = {
    "unit": "units.csv",
    "service_capacity": "service_capacity.csv",
    "taxonomy_term_translation": "navigator_taxonomy_term_translations.csv",
    "service_translation": "navigator_service_translations.csv",
}


#: Tables whose rows only mean something attached to another row (a phone of a
#: service): when every link they had pointed at skipped rows, they are skipped too.
OWNED_TABLES = frozenset({"phone", "contact", "address", "accessibility", "schedule",
                          "language", "funding", "service_area", "required_document"})


@dataclass(frozen=True)
class Patch:
    """A file that sets columns of rows of another table, found by ``key``.

    Navigator's own columns travel this way (``navigator_services.csv``), so the
    official HSDS files stay exactly as the standard defines them; so do HSDS 1.x
    ``eligibility`` rows, several of which may add up on one service.
    """

    name: str
    file: str | None
    target: str
    key: str
    fields: tuple[str, ...]
    #: Several rows for one target join their values instead of conflicting.
    accumulate: bool = False


PATCHES = {
    "navigator_service": Patch("navigator_service", "navigator_services.csv", "service",
                               "service_id", ("accepting_referrals", "intake_notes")),
    "navigator_location": Patch("navigator_location", "navigator_locations.csv", "location",
                                "location_id", ("confidential", "coordinates_approximate")),
    "service_eligibility": Patch("service_eligibility", None, "service", "service_id",
                                 ("eligibility_description",), accumulate=True),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id, reference, link, text, email, url, enum, integer, number, decimal,
    #            date, datetime, time, boolean
    required: bool
    local: bool
    references: str | None = None
    enum: tuple[str, ...] | None = None


def _kind(column) -> str:
    info = column.info
    if info.get("references"):
        return "reference"
    if column.primary_key and info.get("format") == "uuid":
        return "id"
    if info.get("format") == "uuid":
        return "link"  # a polymorphic id: attribute.link_id, metadata.resource_id
    if info.get("enum"):
        return "enum"
    if info.get("format") in ("email", "uri"):
        return {"email": "email", "uri": "url"}[info["format"]]
    for sql_type, kind in ((Boolean, "boolean"), (Integer, "integer"), (Float, "number"),
                           (Numeric, "decimal"), (UTCDateTime, "datetime"), (Date, "date"),
                           (Time, "time")):
        if isinstance(column.type, sql_type):
            return kind
    return "text"


@dataclass(frozen=True)
class TableSpec:
    name: str
    file: str
    official: bool

    @property
    def table(self) -> Table:
        return db.metadata.tables[self.name]

    @cached_property
    def columns(self) -> list[Column]:
        return [
            Column(
                name=c.name,
                kind=_kind(c),
                # Local flags with a default (location.confidential) may be left out.
                required=(not c.nullable or c.primary_key) and c.default is None,
                local=bool(c.info.get("local")) or bool(self.table.info.get("local")),
                references=c.info.get("references"),
                enum=tuple(c.info["enum"]) if c.info.get("enum") else None,
            )
            for c in self.table.columns
        ]

    @cached_property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def official_columns(self) -> list[Column]:
        return [c for c in self.columns if not c.local]

    @property
    def key(self) -> list[str]:
        return [c.name for c in self.table.primary_key.columns]


def _specs() -> dict[str, TableSpec]:
    specs = {name: TableSpec(name, file, True) for name, file in OFFICIAL_FILES.items()}
    specs.update({name: TableSpec(name, file, False) for name, file in EXTENSION_FILES.items()})
    return specs


TABLES: dict[str, TableSpec] = _specs()


def load_order() -> list[str]:
    """Tables in an order where each one's references point only at earlier ones."""
    order = list(OFFICIAL_FILES)
    # Capacity needs service and unit; translations need their terms and services.
    order[order.index("attribute"):order.index("attribute")] = ["unit", "service_capacity"]
    order.insert(order.index("service") + 1, "service_translation")
    order.insert(order.index("taxonomy_term") + 1, "taxonomy_term_translation")
    return order
