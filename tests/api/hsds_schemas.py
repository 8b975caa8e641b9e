"""The official HSDS 3.0 schemas (the shared folder's copy) as validators of the API's
answers, formats (uuid, uri, email, date-time) checked."""

from __future__ import annotations

import json
from functools import lru_cache

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.paths import HSDS, require

OFFICIAL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
#: The official schema of each answer (the official OpenAPI document's, except
#: /service_at_locations/{id}, which it points at the service schema by mistake).
LIST_SCHEMAS = {
    "services": "compiled/service_list.json",
    "services?full=true": "compiled/service.json",
    "services?minimal=true": "compiled/service_list.json",
    "service_at_locations": "compiled/service_at_location_list.json",
    "service_at_locations?full=true": "compiled/service_at_location.json",
    "organizations": "compiled/organization_list.json",
    "organizations?full=true": "compiled/organization.json",
    "organizations?full_service=true": "compiled/organization.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}
DETAIL_SCHEMAS = {
    "services": "compiled/service.json",
    "service_at_locations": "compiled/service_at_location.json",
    "organizations": "compiled/organization.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
             "empty", "contents"}


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Every official schema under the URL the official OpenAPI document uses for it."""
    folder = require(HSDS / "schema")
    resources = []
    for path in [*folder.glob("*.json"), *(folder / "compiled").glob("*.json")]:
        if path.name == "openapi.json":
            continue
        name = path.relative_to(folder).as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((OFFICIAL + name, Resource(contents, specification=DRAFT202012)))
    openapi = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
    page = openapi["components"]["schemas"]["Page"]
    resources.append((OFFICIAL + "Page", Resource(page, specification=DRAFT202012)))
    return Registry().with_resources(resources)


@lru_cache(maxsize=None)
def validator(schema: str, page: bool = False) -> Draft202012Validator:
    """A validator of one object (or of a page of them) against an official schema, formats
    (uuid, uri, email, date-time) checked."""
    target = {"$ref": OFFICIAL + schema}
    if page:
        target = {"allOf": [{"$ref": OFFICIAL + "Page"}], "required": sorted(PAGE_KEYS),
                  "properties": {"contents": {"type": "array", "items": target}}}
    return Draft202012Validator(target, registry=registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(document, schema: str, page: bool = False, where: str = "") -> None:
    errors = sorted(validator(schema, page).iter_errors(document), key=lambda e: e.path)
    assert not errors, f"{where}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5])
