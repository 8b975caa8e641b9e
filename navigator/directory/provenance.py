"""Who changed which field of a listing, when: the HSDS ``metadata`` rows.

Every change made through Navigator (a provider confirming a listing, an editor
correcting it) goes through ``change``: it sets the fields and adds one ``metadata`` row
per field whose value differs, in the caller's session, so the rows commit with the
change they describe and the exported datapackage carries them.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Mapping

from navigator.extensions import db
from .exporter import cell
from .models import Metadata


def change(record, values: Mapping[str, Any], *, updated_by: str, on: date,
           action: str = "update", resource_id: str | None = None,
           field_prefix: str = "") -> list[Metadata]:
    """Set ``values`` (column name -> new value) on ``record`` (any directory model) and
    add a ``metadata`` row for each that changed, ``updated_by`` (an email address) on the
    day ``on``; returns those rows (none when nothing changed). A record without an id
    of its own (a service's translation) names the row it belongs to (``resource_id``)
    and prefixes its field names (``field_prefix``: "es:")."""
    rows = []
    for name, new in values.items():
        old = getattr(record, name)
        if old == new:
            continue
        setattr(record, name, new)
        rows.append(note(record, field_prefix + name, cell(old), cell(new),
                         updated_by=updated_by, on=on, action=action,
                         resource_id=resource_id))
    return rows


def note(record, field_name: str, previous: str, replacement: str, *, updated_by: str,
         on: date, action: str = "update", resource_id: str | None = None) -> Metadata:
    """Add the ``metadata`` row for one change of ``record`` already made (a field, or
    rows that belong to it, such as its phones, written as text by the caller)."""
    row = Metadata(
        id=str(uuid.uuid4()), resource_id=resource_id or record.id,
        resource_type=record.__tablename__, field_name=field_name, previous_value=previous,
        replacement_value=replacement, updated_by=updated_by, last_action_date=on,
        last_action_type=action)
    db.session.add(row)
    return row
