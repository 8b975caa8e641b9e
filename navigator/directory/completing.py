"""What the importer does to the checked rows before writing them.

Extension files are folded into the rows they extend, and physical locations without
coordinates are placed at their ZIP code's centre.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import select

from navigator.extensions import db
from .postal import zip_centroid
from .rows import Rows
from .tables import PATCHES, TABLES, Patch


def apply_patches(data: dict[str, Rows]) -> list[tuple[Patch, dict[str, Any]]]:
    """Fold extension files into their target rows; rows only in the database
    are updated at write time: those changes are returned, each with its row's key."""
    db_patches: list[tuple[Patch, dict[str, Any]]] = []
    for name, patch in PATCHES.items():
        rows = data.get(name)
        if rows is None:
            continue
        target = data.get(patch.target)
        key = rows.columns.index(patch.key)
        fields = [f for f in patch.fields if f in rows.columns]
        merged: dict[str, dict[str, Any]] = {}
        for _, row in rows.good():
            values_ = merged.setdefault(row[key], {})
            for field_name in fields:
                value = row[rows.columns.index(field_name)]
                if value is None:
                    continue
                if patch.accumulate and values_.get(field_name):
                    values_[field_name] = f"{values_[field_name]}; {value}"
                else:
                    values_[field_name] = value
        for target_id, changes in merged.items():
            if target is not None and target_id in target.index:
                position = target.index[target_id]
                for field_name, value in changes.items():
                    column = TABLES[patch.target].table.c[field_name]
                    default = column.default.arg if column.default is not None else None
                    slot = target.add_column(field_name, default)
                    target.rows[position][slot] = value
            elif changes:
                db_patches.append((patch, {"key": target_id, **changes}))
    return db_patches


def geocode(data: dict[str, Rows], *, replace: bool,
            existing_ids: Callable[[str], set[str]]) -> int:
    """Give physical locations without coordinates their ZIP code's centre; return
    how many were placed."""
    locations, addresses = data.get("location"), data.get("address")
    if locations is None:
        return 0
    needed = {}
    columns = locations.columns
    if "latitude" in columns:  # coordinates the file gives are not approximate
        locations.add_column("coordinates_approximate", False)
    # Locations already confidential in the database (this package does not say
    # otherwise) are never placed on the map either.
    table = db.metadata.tables["location"]
    untouched = set() if replace or "confidential" in columns else set(
        db.session.scalars(select(table.c.id).where(table.c.confidential.is_(True))))
    if "latitude" not in columns:
        # The file says nothing about coordinates: keep what the database has.
        untouched |= existing_ids("location")
    for index, row in locations.good():
        record = dict(zip(columns, row))
        if (record.get("latitude") is None and record.get("longitude") is None
                and record.get("location_type") == "physical"
                and not record.get("confidential") and record.get("id") not in untouched):
            needed[record["id"]] = index
    if not needed or addresses is None:
        return 0
    postal = {}
    a_cols = addresses.columns
    for _, row in addresses.good():
        record = dict(zip(a_cols, row))
        location_id = record.get("location_id")
        if location_id in needed and (location_id not in postal
                                      or record.get("address_type") == "physical"):
            postal[location_id] = record.get("postal_code")
    lat = locations.add_column("latitude")
    lon = locations.add_column("longitude")
    approximate = locations.add_column("coordinates_approximate", False)
    placed = 0
    for location_id, code in postal.items():
        point = zip_centroid(code)
        if point:
            row = locations.rows[needed[location_id]]
            row[lat], row[lon] = point
            row[approximate] = True
            placed += 1
    return placed
