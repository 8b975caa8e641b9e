"""``/api/openapi.json`` (OpenAPI 3.1, everything under ``/api``) and ``/api/docs``.

Built from the official HSDS 3.0 OpenAPI document and object schemas (``hsds/``,
vendored unchanged): the object schemas become components, linked by local
references instead of the standard's GitHub URLs; parameters get the bounds this API
enforces; every operation lists its errors. Two corrections of the official document:
``/service_at_locations/{id}`` answers a service_at_location (the official document
names the service schema), and ``modified_after`` is a ``date-time``. With
``minimal``, a service keeps the fields the list schema requires (id, name, status)
besides ``last_modified``. Navigator's extensions (``extensions``) are added to the
service schemas, each marked ``x-navigator``; every operation's parameters are all
it takes (``known_parameters`` refuses any other).
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path

from flask import jsonify, render_template
from markupsafe import Markup, escape

from navigator.search import ACCESS, COSTS, ZIP_DISTANCE_FLOOR_KM

from . import extensions, parameters as p
from .blueprint import blueprint
from .caching import REPRESENTATION

HSDS_DIR = Path(__file__).with_name("hsds")
OFFICIAL_REF = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OBJECTS = ("accessibility", "address", "attribute", "contact", "cost_option", "funding",
           "language", "location", "meta_table_description", "metadata", "organization",
           "organization_identifier", "phone", "program", "required_document", "schedule",
           "service", "service_area", "service_at_location", "taxonomy", "taxonomy_term")
LISTS = ("service_list", "service_at_location_list", "organization_list")


def _load(name: str) -> dict:
    return json.loads((HSDS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _local_refs(node):
    """``"$ref": "phone.json"`` (and the GitHub URLs) -> ``#/components/schemas/phone``."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.endswith(".json"):
                name = value.removeprefix(OFFICIAL_REF).removeprefix("compiled/")
                value = f"#/components/schemas/{name.removesuffix('.json')}"
            out[key] = _local_refs(value)
        return out
    if isinstance(node, list):
        return [_local_refs(item) for item in node]
    return node


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _schemas() -> dict:
    schemas = {name: _local_refs(_load(name)) for name in (*OBJECTS, *LISTS)}
    # What the compiled schemas add to the objects: an organization's services, and the
    # service of a service_at_location.
    organization = copy.deepcopy(schemas["organization"])
    organization["properties"]["services"] = {"type": "array", "items": _ref("service")}
    schemas["organization_full"] = organization
    place = copy.deepcopy(schemas["service_at_location"])
    place["properties"]["service"] = _ref("service")
    schemas["service_at_location_full"] = place
    schemas["Error"] = {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "string"}, "parameter": {"type": "string"},
                       "status": {"type": "integer"}}}
    extensions.add_to(schemas)
    return schemas


_PARAMETER_SCHEMAS = {
    "page": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
    "per_page": {"type": "integer", "minimum": 1, "maximum": p.MAX_PER_PAGE,
                 "default": p.PER_PAGE},
    "format": {"type": "string", "enum": list(p.FORMATS), "default": "json"},
    "search": {"type": "string", "maxLength": 500},
    "modified_after": {"type": "string", "format": "date-time"},
    "proximity": {"type": "number", "minimum": 1,
                  "maximum": p.MAX_PROXIMITY_M},
    "postcode": {"type": "string", "pattern": "^(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9 -]{1,9}$"},
}
_NOTES = {
    "search": " Services and service_at_locations: the site's own search engine (words, "
              "synonyms, spelling), best first, active services only; organizations: those "
              "of the services it finds; taxonomies and terms: name, code or description.",
    "proximity": " Meters; needs `postcode`.",
    "postcode": " Without `proximity`: places at an address in the postcode, and services "
                "whose service area covers it. Unknown postcodes are a 400.",
    "minimal": " Each service keeps id, name, status and last_modified (the list schema "
               "requires name and status).",
}

_SEARCH_PARAMETERS = [
    ("q", {"type": "string", "maxLength": 500}, "Words, as typed on the site."),
    ("near", {"type": "string", "maxLength": 200}, "A ZIP, address or place name."),
    ("lat", {"type": "number", "minimum": -90, "maximum": 90}, "Latitude (with lon)."),
    ("lon", {"type": "number", "minimum": -180, "maximum": 180}, "Longitude (with lat)."),
    ("radius_km", {"type": "number", "minimum": 0.1, "maximum": 500}, "Radius around the place."),
    ("taxonomy_term_id", {"type": "string"}, "Taxonomy terms, comma-separated."),
    ("language", {"type": "string"}, "ISO 639 codes, comma-separated."),
    ("open_now", {"type": "boolean"}, "Only services open now."),
    ("accepting_referrals", {"type": "boolean"}, "Only services taking referrals now."),
    ("cost", {"type": "string"},
     f"Cost options, comma-separated: {', '.join(sorted(COSTS))}."),
    ("accessibility", {"type": "string"},
     f"Accessibility, comma-separated: {', '.join(sorted(ACCESS))}."),
    ("age", {"type": "number", "minimum": 0, "maximum": 130},
     "Only services open to a person of this age."),
    ("miles", {"type": "number", "minimum": 0.1, "maximum": 300},
     "Radius in miles (as the site's links give it); `radius_km` wins."),
    ("sort", {"type": "string", "enum": ["relevance", "distance"]}, "Order of the results."),
    ("page", {"type": "integer", "minimum": 1, "maximum": 10_000}, "Page, from 1."),
    ("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "Results per page."),
]
_SEARCH_RESPONSE = {
    "type": "object", "required": ["total", "page", "per_page", "results", "facets"],
    "properties": {
        "total": {"type": "integer"}, "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "results": {"type": "array", "items": {
            "type": "object",
            "required": ["service_id", "name", "organization", "score", "snippet"],
            "properties": {
                "service_id": {"type": "string"},
                "service_at_location_id": {"type": ["string", "null"]},
                "name": {"type": "string"}, "organization": {"type": "string"},
                "distance_km": {"type": ["number", "null"], "description":
                                "Measured from the place; null without a place, a point, "
                                "or for a point at its ZIP code's centre."},
                "zip_distance_km": {"type": ["number", "null"], "description":
                                    "For a point at its ZIP code's centre: the distance "
                                    "to that centre, never under "
                                    f"{ZIP_DISTANCE_FLOOR_KM:g} km, which ranking, "
                                    "radius_km and the distance facet use; else null."},
                "score": {"type": "number"},
                "snippet": {"type": "string"}, "open_now": {"type": ["boolean", "null"]},
                "location": {"type": ["object", "null"], "properties": {
                    "lat": {"type": "number"}, "lon": {"type": "number"},
                    "postal_code": {"type": ["string", "null"]},
                    "coordinates_approximate": {"type": "boolean", "description":
                                                "The point is its ZIP code's centre."}}}}}},
        "facets": {"type": "object"},
        "suggestion": {"type": ["string", "null"]},
        "crisis": {"type": ["string", "null"], "description":
                   "The crisis concept the words expressed (suicide, overdose, violence at "
                   "home...), or null: a client may show crisis lines before any result."},
        "place": {"type": ["object", "null"]}}}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref("Error")}}}


def _errors(operation: dict, *, has_id: bool) -> None:
    responses = operation["responses"]
    responses["400"] = _error("A parameter is wrong; `parameter` names it.")
    if has_id:
        responses["404"] = _error("No object has this id.")
    responses["429"] = _error("Too many requests; the Retry-After header says when to "
                              "try again.")


@lru_cache(maxsize=1)
def document() -> dict:
    """The OpenAPI document of ``/api``."""
    official = _load("openapi")
    doc = {
        "openapi": "3.1.0",
        "info": {
            "title": "Durham Navigator open data API",
            "version": REPRESENTATION,
            "summary": "The directory as Open Referral HSDS 3.0, and its search.",
            "description": "Read-only and public (CORS `*`). Lists are pages (`page`, "
                           "`per_page` up to 1000) or, with `format=ndjson`, a stream of "
                           "every object, one per line. Responses carry an ETag and "
                           "Last-Modified; conditional requests get 304. Confidential "
                           "addresses are never given. A parameter an operation does "
                           "not list is a 400 naming it. Fields beyond HSDS 3.0 are "
                           "marked `x-navigator`: a service's `accepting_referrals`, "
                           "and its `capacities` as HSDS 3.1 defines them.",
            "license": {"name": "HSDS schemas: CC BY-SA 4.0",
                        "url": "https://creativecommons.org/licenses/by-sa/4.0/"},
        },
        "jsonSchemaDialect": official["jsonSchemaDialect"],
        "servers": [{"url": "/api"}],
        "paths": _local_refs(official["paths"]),
        "components": _local_refs(official["components"]),
    }
    components = doc["components"]
    components["schemas"].update(_schemas())
    for name, parameter in components["parameters"].items():
        parameter["schema"] = _PARAMETER_SCHEMAS.get(name, parameter["schema"])
        parameter["description"] += _NOTES.get(name, "")
    paths = doc["paths"]
    for path, item in paths.items():
        operation = item["get"]
        for parameter in operation.get("parameters", []):
            if parameter.get("name") == "top_only":
                parameter["description"] = "Only top-level terms (terms without a parent)."
        content = operation["responses"]["200"]["content"]
        if "contents" in json.dumps(content):
            content["application/x-ndjson"] = {
                "schema": {"type": "string"},
                "description": "With format=ndjson: one object per line, every object."}
        _errors(operation, has_id="{id}" in path)
    paths["/service_at_locations/{id}"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"] = _ref("service_at_location_full")
    paths["/organizations/{id}"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"] = _ref("organization_full")
    paths["/search"] = {"get": {
        "summary": "Search the directory as the site does.",
        "description": "Navigator's own search (not part of HSDS): words, place and "
                       "filters; results ranked by relevance and distance, with facets.",
        "operationId": "search",
        # Its parameters may be given empty, meaning not given (the site's own links).
        "parameters": [{"name": name, "in": "query", "required": False,
                        "description": text, "schema": {"anyOf": [schema, {"const": ""}]}}
                       for name, schema, text in _SEARCH_PARAMETERS],
        "responses": {"200": {"description": "A page of results.", "content": {
            "application/json": {"schema": _SEARCH_RESPONSE}}}},
    }}
    _errors(paths["/search"]["get"], has_id=False)
    paths["/openapi.json"] = {"get": {
        "summary": "This document.", "operationId": "getOpenAPIDocument",
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {
            "application/json": {"schema": {"type": "object"}}}}}}}
    paths["/docs"] = {"get": {
        "summary": "This document as a web page.", "operationId": "getDocumentationPage",
        "responses": {"200": {"description": "HTML", "content": {
            "text/html": {"schema": {"type": "string"}}}}}}}
    return doc


@blueprint.get("/openapi.json")
def openapi():
    return jsonify(document())


_CODE_SPAN = re.compile(r"`([^`]+)`")


@blueprint.app_template_filter("code_spans")
def code_spans(text: str | None) -> Markup:
    """The OpenAPI document's descriptions for the page: escaped, with their `code`
    spans as <code> (the only markup they use; a Markdown library would render more
    than these descriptions hold)."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(text or ""))))


@blueprint.get("/docs")
def docs():
    doc = document()
    parameters = doc["components"]["parameters"]
    endpoints = []
    for path, item in doc["paths"].items():
        operation = item["get"]
        listed = [parameters[ref["$ref"].rsplit("/", 1)[1]] if "$ref" in ref else ref
                  for ref in [*item.get("parameters", []), *operation.get("parameters", [])]]
        endpoints.append({"path": "/api" + path, "summary": operation.get("summary", ""),
                          "parameters": listed})
    return render_template("api/docs.html", endpoints=endpoints, info=doc["info"])
