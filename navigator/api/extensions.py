"""What the API's services carry beyond HSDS 3.0, as ``/api/openapi.json`` describes it.

The official schemas leave objects open (no ``additionalProperties``), so an answer
with these fields stays valid against them; the OpenAPI document adds them to its
service schemas, each marked ``x-navigator`` with where it comes from. What writes
them is ``nesting`` (``EXTENSIONS``, ``CAPACITIES``).
"""

from __future__ import annotations

import copy

#: The ``x-navigator`` note of each kind of extension.
LOCAL = "Navigator's own field, not part of HSDS."
HSDS_3_1 = "From HSDS 3.1 (service_capacity and unit), not part of HSDS 3.0."

UNIT = {
    "type": "object", "required": ["id", "name"],
    "description": "A unit of capacity (a bed, an appointment slot), as HSDS 3.1 defines it.",
    "x-navigator": HSDS_3_1,
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string", "description": "What is counted: bed, family room..."},
        "scheme": {"type": "string"},
        "identifier": {"type": "string"},
        "uri": {"type": "string", "format": "uri"},
    },
}
SERVICE_CAPACITY = {
    "type": "object", "required": ["id", "unit", "available", "updated"],
    "description": "How many units a service has open, as its provider last said "
                   "(HSDS 3.1 service_capacity).",
    "x-navigator": HSDS_3_1,
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "service_id": {"type": "string", "format": "uuid"},
        "unit_id": {"type": "string", "format": "uuid"},
        "unit": {"$ref": "#/components/schemas/unit"},
        "available": {"type": "number", "description": "Units open as of `updated`."},
        "maximum": {"type": "number", "description": "Units there are at most."},
        "description": {"type": "string"},
        "updated": {"type": "string", "format": "date-time",
                    "description": "When the provider last gave the figure."},
    },
}
#: Added to the properties of every service schema (full and list).
SERVICE = {
    "accepting_referrals": {
        "type": "boolean", "x-navigator": LOCAL,
        "description": "Whether the provider takes referrals now (false: full or "
                       "paused); left out when the provider has not said.",
    },
}
#: Added to the full service schema only (lists leave nested objects out).
SERVICE_FULL = {
    "capacities": {
        "type": "array", "items": {"$ref": "#/components/schemas/service_capacity"},
        "x-navigator": HSDS_3_1,
        "description": "Beds or slots open, each with its unit and when it was updated "
                       "(HSDS 3.1). In full services, and in the service of a "
                       "service_at_location.",
    },
}


def add_to(schemas: dict) -> None:
    """Add the extensions to the OpenAPI document's component schemas, in place."""
    schemas["unit"] = copy.deepcopy(UNIT)
    schemas["service_capacity"] = copy.deepcopy(SERVICE_CAPACITY)
    for name in ("service", "service_list"):
        schemas[name]["properties"].update(copy.deepcopy(SERVICE))
    schemas["service"]["properties"].update(copy.deepcopy(SERVICE_FULL))
