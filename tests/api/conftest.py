"""Fixtures of the HSDS API tests: the official schemas as validators, the Durham
directory and a generated larger one, and clients without a rate limit."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import HSDS, ROOT, empty_database_and_index, require

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


def _load_bench_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def import_directory(app, path: Path) -> None:
    with app.app_context():
        empty_database_and_index()
        result = app.test_cli_runner().invoke(args=["directory", "import", str(path)])
        assert result.exit_code == 0, result.output
        app.extensions["navigator.search"].geocoder._entries = None


@pytest.fixture(scope="module")
def generated(app, tmp_path_factory):
    """A generated directory (bench/synthetic_hsds.py, 400 services, every status),
    imported for a test module and removed afterwards."""
    package = tmp_path_factory.mktemp("synthetic")
    _load_bench_module("synthetic_hsds").write_package(package, services=400, seed=7)
    import_directory(app, package)
    try:
        yield app
    finally:
        with app.app_context():
            empty_database_and_index()


@pytest.fixture(autouse=True)
def unlimited(app):
    """The API's rate limit off (tests make many requests a minute), except where a test
    sets one; counters reset."""
    from navigator.extensions import limiter

    before = app.config["NAVIGATOR_API_RATE_LIMIT"]
    app.config["NAVIGATOR_API_RATE_LIMIT"] = "off"
    limiter.reset()
    yield
    app.config["NAVIGATOR_API_RATE_LIMIT"] = before
    limiter.reset()


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:500])
    assert response.is_json, (url, response.content_type)
    return response.get_json()


def pages(client, url: str, per_page: int):
    """Every page of a list, following page numbers until the last one."""
    number = 1
    separator = "&" if "?" in url else "?"
    while True:
        body = get_json(client, f"{url}{separator}page={number}&per_page={per_page}")
        yield body
        if body["last_page"]:
            return
        number += 1
        assert number <= body["total_pages"]
