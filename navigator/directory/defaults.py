"""What an import does where a real export leaves a value out and its meaning is clear.

Real 211 exports (HSDS 1.x) leave out values the standard requires: no ``status`` on any
service, no ``country`` on any address, no ``id`` on schedule rows. Refusing them would
refuse the whole export, so each such gap gets the value it plainly means, and the
import says so once per file and column with a count (``report.Defaulted``). Where the
meaning is not clear (a service whose organization is nowhere, a latitude of 100) the
import stays strict.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from . import values

#: Namespace of the ids made from a row's content (see ``content_id``).
CONTENT_ID_NAMESPACE = uuid.UUID("3b0f6c2a-9d1e-4f57-8a66-2e7d4c1b9a05")

#: Severity of a problem that is only a default applied (neither error nor warning).
DEFAULT = "default"


@dataclass(frozen=True)
class Fill:
    """A required value an export left empty, and what it is read as."""

    value: Any
    action: str


def fills(country: str) -> dict[tuple[str, str], Fill]:
    """(table, column) -> what an empty required cell is read as."""
    return {
        ("service", "status"): Fill("active", "empty status read as active"),
        ("address", "country"): Fill(country, f"empty country read as {country}"),
        # An address without a street still says where (city, ZIP): kept, and placed
        # at its ZIP code's centre like any address without coordinates.
        ("address", "address_1"): Fill("", "no street: city and ZIP kept"),
        ("address", "city"): Fill("", "no city: the rest of the address kept"),
        ("address", "state_province"): Fill("", "no state: the rest of the address kept"),
        ("address", "postal_code"): Fill("", "no ZIP code: the rest of the address kept"),
    }


#: (table, column) whose emptiness makes the row mean nothing: the row is dropped
#: (counted), never an error. A phone without a number; eligibility text attached to
#: no service.
DROP_WHEN_EMPTY = {
    ("phone", "number"): "phone without a number dropped",
    ("service_eligibility", "service_id"): "eligibility attached to no service dropped",
}

#: Columns of times read per schedule row: one that cannot be read drops that row
#: (the service keeps its other hours), never the service.
SCHEDULE_TIMES = frozenset({"opens_at", "closes_at"})


def content_id(table: str, label: str, where: Any, cells: list[Any]) -> str:
    """A stable UUID for a row the export gave no id (or a shared one): from its table,
    file, line and values, the same on every import of that export."""
    return values.name_uuid(CONTENT_ID_NAMESPACE, repr((table, label, where, cells)))


def placeholder_name(written_as: str) -> str:
    return f"Organization {written_as} (missing from the import)"


PLACEHOLDER_DESCRIPTION = (
    "Placeholder: services in the import named this organization, which the import did not "
    "include. An admin should give it its real name and details.")
