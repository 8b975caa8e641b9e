"""Write the directory as an HSDS 3.0 tabular datapackage.

The official tables carry exactly the official columns in the official order, so
the package validates against the standard's own descriptor; Navigator's local
fields and the HSDS 3.1 capacity tables travel in extension files beside them,
described in the same ``datapackage.json``.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, time, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Boolean, or_, select

from navigator.extensions import db
from .tables import PATCHES, TABLES, Column, Patch, TableSpec, load_order

_FIELD_TYPES = {
    "id": ("string", "uuid"), "reference": ("string", "uuid"), "link": ("string", "uuid"),
    "text": ("string", None), "enum": ("string", None), "email": ("string", "email"),
    "url": ("string", "uri"), "integer": ("number", None), "number": ("number", None),
    "decimal": ("number", None), "date": ("date", None), "datetime": ("datetime", None),
    "time": ("time", None), "boolean": ("boolean", None),
}


def cell(value: Any) -> str:
    """One value as the datapackage writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc)
        spec = "seconds" if not value.microsecond else (
            "milliseconds" if value.microsecond % 1000 == 0 else "microseconds")
        return value.replace(tzinfo=None).isoformat(timespec=spec) + "Z"
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _field(column: Column) -> dict[str, Any]:
    kind, fmt = _FIELD_TYPES[column.kind]
    field: dict[str, Any] = {"name": column.name, "type": kind}
    if fmt:
        field["format"] = fmt
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(columns: list[Column], key: list[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c) for c in columns], "primaryKey": key}
    foreign = [{"fields": c.name, "reference": {"resource": c.references, "fields": "id"}}
               for c in columns if c.kind == "reference"]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _resource(name: str, path: str, schema: dict[str, Any], description: str) -> dict:
    return {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": description,
            "schema": schema}


def _write_csv(path: Path, header: list[str], rows: Iterator[list[Any]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(v) for v in row])
            count += 1
    return count


def _table_rows(spec: TableSpec, columns: list[str], where=None) -> Iterator[list[Any]]:
    table = spec.table
    query = select(*(table.c[c] for c in columns)).order_by(
        *(table.c[k] for k in spec.key))
    if where is not None:
        query = query.where(where)
    # Streamed in chunks so a big directory never sits in memory whole.
    result = db.session.execute(query.execution_options(yield_per=2000))
    for row in result:
        yield list(row)


def _patch_rows(patch: Patch) -> Iterator[list[Any]]:
    target = TABLES[patch.target]
    table = target.table
    # Only rows whose local fields say something: a flag set, a value given (a nullable
    # flag such as accepting_referrals says something when False too).
    said = or_(*(table.c[f].is_(True) if isinstance(table.c[f].type, Boolean)
                 and not table.c[f].nullable else table.c[f].is_not(None)
                 for f in patch.fields))
    yield from _table_rows(target, ["id", *patch.fields], said)


def export_package(dest: Path) -> dict[str, int]:
    """Write every table to ``dest`` (created if needed); return rows per file."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    resources, counts = [], {}
    for name in load_order():
        spec = TABLES[name]
        columns = [c for c in spec.columns if not c.local] if spec.official else spec.columns
        names = [c.name for c in columns]
        counts[spec.file] = _write_csv(dest / spec.file, names, _table_rows(spec, names))
        description = ("HSDS 3.0 table" if spec.official else
                       "HSDS 3.1 table" if name in ("unit", "service_capacity") else
                       "Navigator extension")
        resources.append(_resource(name, spec.file, _schema(columns, spec.key),
                                   f"{description}: {name}"))
    for patch in PATCHES.values():
        if not patch.file:
            continue
        target = TABLES[patch.target]
        key = Column(patch.key, "reference", True, True, patch.target)
        columns = [key, *(target.by_name[f] for f in patch.fields)]
        counts[patch.file] = _write_csv(dest / patch.file, [c.name for c in columns],
                                        _patch_rows(patch))
        resources.append(_resource(
            patch.name, patch.file, _schema(columns, [patch.key]),
            f"Navigator extension: local fields of {patch.target} ({', '.join(patch.fields)})"))
    descriptor = {
        "name": "navigator-directory",
        "title": "Navigator directory (HSDS 3.0)",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        .replace("+00:00", "Z"),
        "resources": resources,
    }
    (dest / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n",
                                           encoding="utf-8")
    return counts
