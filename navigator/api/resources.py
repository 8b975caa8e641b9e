"""The HSDS 3.0 API (the official OpenAPI document's paths, under ``/api``).

Lists are pages as the standard defines them (``total_items``, ``total_pages``,
``page_number``, ``size``, ``first_page``, ``last_page``, ``empty``, ``contents``);
``format=ndjson`` streams every selected object instead, one per line, in batches.
Inactive and defunct services are listed with their status, as the standard has it;
only ``search`` (the site's own engine) finds what the site finds.
"""

from __future__ import annotations

import json
import math
from typing import Callable, Iterator

from flask import Response, abort, jsonify, request, stream_with_context, url_for
from . import nesting as n, parameters as p, selection
from .blueprint import blueprint
from .caching import conditional

HSDS_VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/v3.0/"
NDJSON = "application/x-ndjson"
#: Of a service with ``minimal``: what the standard asks (id, its date of change) and
#: what the list schema requires (name, status).
MINIMAL = ("id", "name", "status", "last_modified")


def _page(selected: selection.Selection, table: str, shape: tuple[n.Nest, ...],
          trim: Callable[[dict], dict] | None = None) -> Response:
    """The selected rows as a page, or as ndjson when asked."""
    page, per_page = p.paging(request.args)  # read (and checked) even when streaming
    if p.output_format(request.args) == "ndjson":
        return _ndjson(selected, table, shape, trim)
    total, ids = selected.page(page, per_page)
    contents = n.by_ids(table, ids, shape)
    if trim is not None:
        contents = [trim(item) for item in contents]
    pages = math.ceil(total / per_page)
    return jsonify(
        total_items=total, total_pages=pages, page_number=page, size=len(contents),
        first_page=page == 1, last_page=page >= pages, empty=not contents,
        contents=contents)


def _ndjson(selected: selection.Selection, table: str, shape: tuple[n.Nest, ...],
            trim: Callable[[dict], dict] | None) -> Response:
    def lines() -> Iterator[str]:
        for ids in selected.batches():
            chunk = []
            for item in n.by_ids(table, ids, shape):
                chunk.append(json.dumps(trim(item) if trim else item, ensure_ascii=False,
                                        separators=(",", ":")))
            yield "\n".join(chunk) + "\n"

    return Response(stream_with_context(lines()), mimetype=NDJSON)


def _one(table: str, object_id: str, shape: tuple[n.Nest, ...]) -> Response:
    found = n.by_ids(table, [object_id], shape) if len(object_id) <= 64 else []
    if not found:
        abort(404, description=f"There is no {table} with the id {object_id[:64]!r}.")
    return jsonify(found[0])


@blueprint.get("/")
def root():
    return jsonify(version=HSDS_VERSION, profile=PROFILE,
                   openapi_url=url_for("api.openapi", _external=True))


@blueprint.get("/services")
@conditional
def services():
    args = request.args
    selected = selection.services(args)
    minimal, full = p.flag(args, "minimal"), p.flag(args, "full")
    if minimal:
        return _page(selected, "service", (),
                     lambda item: {k: item[k] for k in MINIMAL if k in item})
    return _page(selected, "service", n.SERVICE_FULL if full else n.SERVICE_LIST)


@blueprint.get("/services/<object_id>")
@conditional
def service(object_id: str):
    return _one("service", object_id, n.SERVICE_FULL)


@blueprint.get("/service_at_locations")
@conditional
def service_at_locations():
    full = p.flag(request.args, "full")
    return _page(selection.service_at_locations(request.args), "service_at_location",
                 n.SERVICE_AT_LOCATION_FULL if full else n.SERVICE_AT_LOCATION_LIST)


@blueprint.get("/service_at_locations/<object_id>")
@conditional
def service_at_location(object_id: str):
    return _one("service_at_location", object_id, n.SERVICE_AT_LOCATION_FULL)


def _organization_shape(full: bool, full_service: bool) -> tuple[n.Nest, ...]:
    if full_service:
        return n.organization_full(n.SERVICE_FULL)
    return n.organization_full(()) if full else ()


@blueprint.get("/organizations")
@conditional
def organizations():
    args = request.args
    shape = _organization_shape(p.flag(args, "full"), p.flag(args, "full_service"))
    return _page(selection.organizations(args), "organization", shape)


@blueprint.get("/organizations/<object_id>")
@conditional
def organization(object_id: str):
    shape = _organization_shape(True, p.flag(request.args, "full_service"))
    return _one("organization", object_id, shape)


@blueprint.get("/taxonomies")
@conditional
def taxonomies():
    return _page(selection.taxonomies(request.args), "taxonomy", n.TAXONOMY)


@blueprint.get("/taxonomies/<object_id>")
@conditional
def taxonomy(object_id: str):
    return _one("taxonomy", object_id, n.TAXONOMY)


@blueprint.get("/taxonomy_terms")
@conditional
def taxonomy_terms():
    return _page(selection.taxonomy_terms(request.args), "taxonomy_term", n.TAXONOMY_TERM)


@blueprint.get("/taxonomy_terms/<object_id>")
@conditional
def taxonomy_term(object_id: str):
    return _one("taxonomy_term", object_id, n.TAXONOMY_TERM)
