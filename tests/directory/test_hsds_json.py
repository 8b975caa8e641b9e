"""Flattening HSDS 3.0 API JSON into raw tables."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.hsds_json import read_json
from navigator.directory.raw import Problem, RawTable

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "hsds" / "3.0" / "examples"
needs_examples = pytest.mark.skipif(not EXAMPLES.is_dir(), reason="no shared HSDS examples")

NESTED_FILES = [
    "service_full.json", "service_list.json", "organization_full.json",
    "organization_list.json", "service_at_location_full.json",
    "service_at_location_list.json", "location.json", "taxonomy_term.json",
    "taxonomy_term_list.json", "taxonomy.json", "taxonomy_list.json",
]


def load(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def as_dicts(tables: list[RawTable]) -> dict[str, list[dict[str, Any]]]:
    """Each table's rows as dicts, with the row's path under ``_where``."""
    return {
        t.table: [dict(zip(t.columns, values), _where=where) for where, values in t.rows]
        for t in tables
    }


def ids(rows: dict[str, list[dict[str, Any]]], table: str) -> set[Any]:
    return {row["id"] for row in rows.get(table, [])}


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def service(service_id: str, org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": service_id, "name": service_id, "status": "active",
            "organization": copy.deepcopy(org), **extra}


ORG = {"id": "org-1", "name": "Helping Hands", "description": "Food and shelter"}


@needs_examples
@pytest.mark.parametrize("name", NESTED_FILES)
def test_examples_flatten_without_errors(name: str) -> None:
    tables, problems = read_json(load(name), name)
    assert errors(problems) == []
    assert tables
    for table in tables:
        assert table.label == name
        assert table.size == len(table.rows)
        assert all(len(values) == len(table.columns) for _, values in table.rows)


@needs_examples
def test_service_full() -> None:
    data = load("service_full.json")
    tables, problems = read_json(data, "service_full.json")
    assert errors(problems) == []
    rows = as_dicts(tables)
    [svc] = rows["service"]
    assert svc["id"] == data["id"] and svc["_where"] == "$"
    assert svc["organization_id"] == data["organization"]["id"]
    assert svc["program_id"] == data["program"]["id"]
    assert ids(rows, "organization") == {data["organization"]["id"]}
    sal = data["service_at_locations"][0]
    assert rows["service_at_location"][0]["service_id"] == data["id"]
    assert rows["service_at_location"][0]["location_id"] == sal["location"]["id"]
    assert sal["location"]["id"] in ids(rows, "location")
    assert rows["attribute"]
    for attribute in rows["attribute"]:
        assert attribute["taxonomy_term_id"] in ids(rows, "taxonomy_term")
        assert attribute["link_id"]
    for term in rows["taxonomy_term"]:
        assert term["taxonomy_id"] in ids(rows, "taxonomy")
    assert rows["cost_option"][0]["service_id"] == data["id"]
    assert rows["metadata"][0]["resource_id"] == data["id"]
    assert rows["organization_identifier"][0]["organization_id"] == data["organization"]["id"]
    wheres = {row["_where"] for row in rows["address"]}
    assert any(".location.addresses[" in w or ".locations[" in w for w in wheres)


@needs_examples
def test_organization_full_nests_services() -> None:
    data = load("organization_full.json")
    tables, problems = read_json(data, "organization_full.json")
    assert errors(problems) == []
    rows = as_dicts(tables)
    assert ids(rows, "organization") == {data["id"]}
    assert ids(rows, "service") == {s["id"] for s in data["services"]}
    assert all(s["organization_id"] == data["id"] for s in rows["service"])
    assert all(p["organization_id"] == data["id"] for p in rows["program"])


@needs_examples
def test_service_at_location_and_pages() -> None:
    data = load("service_at_location_full.json")
    rows = as_dicts(read_json(data, "sal.json")[0])
    [sal] = rows["service_at_location"]
    assert sal["service_id"] == data["service"]["id"]
    assert sal["location_id"] == data["location"]["id"]
    assert rows["service"][0]["organization_id"] == data["service"]["organization"]["id"]

    page = load("service_list.json")
    tables, problems = read_json(page, "service_list.json")
    rows = as_dicts(tables)
    assert errors(problems) == []
    assert ids(rows, "service") == {s["id"] for s in page["contents"]}
    assert rows["service"][0]["_where"] == "$.contents[0]"

    terms = as_dicts(read_json(load("taxonomy_term.json"), "t.json")[0])
    assert terms["taxonomy_term"][0]["taxonomy_id"] in ids(terms, "taxonomy")
    locations = as_dicts(read_json(load("location.json"), "l.json")[0])
    assert locations["address"][0]["location_id"] == locations["location"][0]["id"]


@needs_examples
def test_api_root_is_not_a_directory_object() -> None:
    tables, problems = read_json(load("base.json"), "base.json")
    assert tables == [] and len(errors(problems)) == 1


def test_shared_organization_becomes_one_row() -> None:
    org = dict(ORG, phones=[{"id": "ph-1", "number": "555-0100"}])
    second = dict(ORG, description="", email="help@example.org")
    data = [service("svc-1", org), service("svc-2", second)]
    tables, problems = read_json(data, "list.json")
    assert problems == []
    rows = as_dicts(tables)
    [organization] = rows["organization"]
    assert organization["description"] == "Food and shelter"  # the first non-empty wins
    assert organization["email"] == "help@example.org"
    assert organization["_where"] == "$[0].organization"
    assert {s["organization_id"] for s in rows["service"]} == {"org-1"}
    assert rows["phone"][0]["organization_id"] == "org-1"


def test_page_object_and_parent_links() -> None:
    sal = {"id": "sal-1", "location": {"id": "loc-1", "location_type": "physical",
                                      "addresses": [{"id": "a-1", "city": "Town"}],
                                      "phones": [{"number": "555"}]},
           "phones": [{"id": "ph-2", "number": "556"}]}
    term = {"id": "term-1", "name": "Food", "taxonomy_detail": {"id": "tax-1", "name": "T"}}
    page = {"total_items": 1, "contents": [service(
        "svc-1", ORG, service_at_locations=[sal],
        attributes=[{"id": "att-1", "taxonomy_term": term}],
        capacities=[{"id": "cap-1", "available": 3, "unit": {"id": "u-1", "name": "bed"}}],
        program={"id": "prog-1", "name": "P"},
    )]}
    tables, problems = read_json(page, "page.json")
    assert problems == []
    rows = as_dicts(tables)
    assert rows["service_at_location"][0] | {"_where": None} == {
        "id": "sal-1", "service_id": "svc-1", "location_id": "loc-1", "_where": None}
    assert rows["address"][0]["location_id"] == "loc-1"
    where = "$.contents[0].service_at_locations[0].location.addresses[0]"
    assert rows["address"][0]["_where"] == where
    phones = {p["number"]: p for p in rows["phone"]}
    assert phones["555"]["id"] is None and phones["555"]["location_id"] == "loc-1"
    assert phones["556"]["service_at_location_id"] == "sal-1"
    assert rows["attribute"][0]["link_id"] == "svc-1"
    assert rows["attribute"][0]["link_entity"] == "service"
    assert rows["attribute"][0]["taxonomy_term_id"] == "term-1"
    assert rows["taxonomy_term"][0]["taxonomy_id"] == "tax-1"
    assert rows["service_capacity"][0]["unit_id"] == "u-1"
    assert rows["service_capacity"][0]["service_id"] == "svc-1"
    assert rows["program"][0]["organization_id"] == "org-1"
    assert rows["service"][0]["program_id"] == "prog-1"
    table = next(t for t in tables if t.table == "service")
    assert table.columns == ["id", "organization_id", "program_id", "name", "status"]


def test_unrecognised_object_is_an_error_and_the_rest_is_read() -> None:
    tables, problems = read_json([{"foo": 1}, service("svc-1", ORG)], "mixed.json")
    assert [(p.where, p.severity) for p in problems] == [("$[0]", "error")]
    assert ids(as_dicts(tables), "service") == {"svc-1"}
    assert read_json("nonsense", "x.json")[1][0].is_error


def test_unknown_key_warned_once() -> None:
    data = [service("svc-1", ORG, foo=1), service("svc-2", ORG, foo=2)]
    tables, problems = read_json(data, "list.json")
    assert problems == [Problem("list.json", None, "service.foo", "unknown field, ignored",
                                "warning")]
    assert "foo" not in next(t for t in tables if t.table == "service").columns


def test_nested_value_in_scalar_column_is_an_error() -> None:
    data = service("svc-1", ORG, name={"en": "Food"}, minimum_age=12, fees=None)
    tables, problems = read_json(data, "one.json")
    assert [(p.where, p.column, p.severity) for p in problems] == [("$", "name", "error")]
    row = as_dicts(tables)["service"][0]
    assert row["name"] is None and row["minimum_age"] == 12 and row["fees"] is None


def test_lists_of_other_kinds() -> None:
    bare = [{"id": "o-1", "name": "A", "website": "http://a"}, {"id": "o-2", "name": "B"}]
    rows = as_dicts(read_json(bare, "orgs.json")[0])
    assert ids(rows, "organization") == {"o-1", "o-2"}  # o-2 takes the list's kind
    lone = read_json({"id": "x", "name": "Who knows"}, "x.json")
    assert lone[0] == [] and lone[1][0].where == "$"
