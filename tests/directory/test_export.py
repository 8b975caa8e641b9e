"""``flask directory export``: an HSDS 3.0 datapackage that validates and round-trips."""

from __future__ import annotations

import csv
import json
import uuid
from datetime import datetime, time, timezone
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
from sqlalchemy import select

from tests.paths import HSDS, ROOT, require
from navigator.directory.tables import TABLES, load_order
from navigator.extensions import db

DURHAM = ROOT / "directory_data"


def U(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"navigator-export-test:{name}"))


def write_package(root: Path, tables: dict[str, list[dict]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with (root / name).open("w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, columns)
            writer.writeheader()
            writer.writerows(rows)
    return root


def rich_tables() -> dict[str, list[dict]]:
    """Every table, with values of every kind: fractional seconds, amounts, clock times,
    day lists, a parent organization and term, and all of Navigator's local fields."""
    address = {"attention": "Front desk", "address_1": "1 Main St", "address_2": "Suite 2",
               "city": "Durham", "region": "Durham County", "state_province": "NC",
               "postal_code": "27701", "country": "US", "address_type": "physical"}
    return {
        "organizations.csv": [
            {"id": U("o1"), "name": "Durham Food Bank", "description": "Food for everyone",
             "email": "info@food.example.org", "website": "https://food.example.org",
             "year_incorporated": "1984", "tax_status": "501(c)(3)"},
            {"id": U("o2"), "name": "Food Bank East", "description": "East branch",
             "parent_organization_id": U("o1"), "uri": "https://east.example.org"},
        ],
        "organization_identifiers.csv": [
            {"id": U("oi1"), "organization_id": U("o1"), "identifier_type": "EIN",
             "identifier": "56-1234567"}],
        "programs.csv": [{"id": U("p1"), "organization_id": U("o1"), "name": "Nutrition",
                          "description": "Nutrition programme"}],
        "services.csv": [
            {"id": U("s1"), "organization_id": U("o1"), "program_id": U("p1"),
             "name": "Groceries", "description": "Weekly groceries, \"no questions\"\nasked",
             "url": "https://food.example.org/groceries", "email": "groceries@food.example.org",
             "status": "active", "minimum_age": "18", "maximum_age": "99.5",
             "assured_date": "2024-01-31", "assurer_email": "qa@example.org",
             "last_modified": "2024-03-15T10:30:45.123Z"},
            {"id": U("s2"), "organization_id": U("o2"), "name": "Hot meals",
             "status": "temporarily closed", "fees_description": "Free",
             "last_modified": "2024-03-15T10:30:45.123456+02:00"},
            {"id": U("s3"), "organization_id": U("o2"), "name": "Delivery", "status": "inactive",
             "last_modified": "2024-03-15T10:30:45Z"},
        ],
        "locations.csv": [
            {"id": U("l1"), "location_type": "physical", "name": "Pantry",
             "organization_id": U("o1"), "latitude": "35.99401", "longitude": "-78.898619"},
            {"id": U("l2"), "location_type": "physical", "name": "Kitchen"},
            {"id": U("l3"), "location_type": "physical", "name": "Safe house"},
            {"id": U("l4"), "location_type": "virtual", "name": "Online",
             "url": "https://food.example.org/online"},
        ],
        "addresses.csv": [{"id": U(f"a{n}"), "location_id": U(f"l{n}"), **address}
                          for n in (1, 2, 3)],
        "accessibility.csv": [{"id": U("ac1"), "location_id": U("l1"),
                               "description": "Ramp", "url": "https://food.example.org/a11y"}],
        "service_at_location.csv": [
            {"id": U("sal1"), "service_id": U("s1"), "location_id": U("l1"),
             "description": "Main pantry"},
            {"id": U("sal2"), "service_id": U("s2"), "location_id": U("l2")},
            {"id": U("sal3"), "service_id": U("s3"), "location_id": U("l3")},
        ],
        "contacts.csv": [{"id": U("c1"), "service_id": U("s1"), "name": "Ana",
                          "title": "Coordinator", "email": "ana@example.org"}],
        "phones.csv": [
            {"id": U("ph1"), "service_id": U("s1"), "contact_id": U("c1"),
             "number": "919-555-0100", "extension": "12", "type": "voice"},
            {"id": U("ph2"), "location_id": U("l1"), "number": "919-555-0101"},
        ],
        "languages.csv": [{"id": U("la1"), "service_id": U("s1"), "name": "Spanish",
                           "code": "es", "phone_id": U("ph1")}],
        "schedules.csv": [
            {"id": U("sc1"), "service_id": U("s1"), "freq": "WEEKLY", "byday": "MO,WE,FR",
             "wkst": "MO", "interval": "1", "opens_at": "9:00am", "closes_at": "5:30 PM",
             "valid_from": "2024-01-01", "valid_to": "2024-12-31", "timezone": "-5",
             "description": "Weekdays"},
            {"id": U("sc2"), "location_id": U("l1"), "freq": "MONTHLY", "byday": "1SA",
             "opens_at": "10:00:00", "closes_at": "24:00", "count": "12",
             "dtstart": "2024-02-03"},
        ],
        "funding.csv": [{"id": U("f1"), "organization_id": U("o1"), "source": "County"}],
        "service_areas.csv": [{"id": U("sa1"), "service_id": U("s1"), "name": "Durham County",
                               "extent_type": "other"}],
        "required_documents.csv": [{"id": U("rd1"), "service_id": U("s1"),
                                    "document": "Photo ID"}],
        "cost_options.csv": [
            {"id": U("co1"), "service_id": U("s1"), "option": "Weekly box", "currency": "USD",
             "amount": "12.50", "valid_from": "2024-01-01"},
            {"id": U("co2"), "service_id": U("s2"), "amount": "1234.05"},
        ],
        "taxonomies.csv": [{"id": U("t1"), "name": "Needs", "description": "Local needs",
                            "version": "1.0", "uri": "https://example.org/needs"}],
        "taxonomy_terms.csv": [
            {"id": U("tt1"), "code": "food", "name": "Food", "description": "Food",
             "taxonomy_id": U("t1"), "language": "en"},
            {"id": U("tt2"), "code": "food.meals", "name": "Meals", "description": "Meals",
             "taxonomy_id": U("t1"), "parent_id": U("tt1")},
        ],
        "attributes.csv": [
            {"id": U("at1"), "link_id": U("s1"), "taxonomy_term_id": U("tt1"),
             "link_entity": "service", "value": "yes"},
            {"id": U("at2"), "link_id": U("o1"), "taxonomy_term_id": U("tt2"),
             "link_entity": "organization"},
        ],
        "metadata.csv": [{"id": U("m1"), "resource_id": U("s1"), "resource_type": "service",
                          "last_action_date": "2024-03-15", "last_action_type": "update",
                          "field_name": "name", "previous_value": "Grocery",
                          "replacement_value": "Groceries", "updated_by": "ana"}],
        "meta_table_descriptions.csv": [{"id": U("mt1"), "name": "services", "language": "en",
                                         "character_set": "UTF-8"}],
        "units.csv": [{"id": U("u1"), "name": "bed", "scheme": "local"}],
        "service_capacity.csv": [{"id": U("cap1"), "service_id": U("s2"), "unit_id": U("u1"),
                                  "available": "3", "maximum": "20",
                                  "updated": "2024-03-15T08:00:00.250Z"}],
        "navigator_services.csv": [
            {"service_id": U("s1"), "accepting_referrals": "true", "intake_notes": "Call first"},
            {"service_id": U("s2"), "accepting_referrals": "false", "intake_notes": ""},
        ],
        "navigator_locations.csv": [{"location_id": U("l3"), "confidential": "true"}],
        "navigator_taxonomy_term_translations.csv": [
            {"taxonomy_term_id": U("tt1"), "language": "es", "name": "Comida",
             "description": "Comida para todos"},
            {"taxonomy_term_id": U("tt2"), "language": "es", "name": "Comidas calientes"},
        ],
        "navigator_service_translations.csv": [
            {"service_id": U("s1"), "language": "es", "name": "Despensa",
             "description": "Comida para llevar a casa, con acentos: áéíóú ñ",
             "eligibility_description": "Residentes del condado de Durham",
             "application_process": "Llame antes de venir"},
            {"service_id": U("s2"), "language": "es", "name": "", "description": "Solo esto",
             "eligibility_description": "", "application_process": ""},
        ],
    }


def run(runner, *args: str):
    result = runner.invoke(args=["directory", *args])
    db.session.expire_all()
    assert result.exit_code == 0, result.output
    assert not [line for line in result.output.splitlines() if line.startswith("error:")]
    return result


@pytest.fixture(params=["small", "durham"])
def imported(request, runner, tmp_path):
    """The directory after importing the small package or the sample Durham directory."""
    if request.param == "durham":
        package = require(DURHAM / "datapackage.json").parent
    else:
        package = write_package(tmp_path / "source", rich_tables())
    run(runner, "import", str(package))
    return request.param


def snapshot() -> dict[str, list[tuple]]:
    tables = {}
    for name in load_order():
        table = db.metadata.tables[name]
        query = select(table).order_by(*table.primary_key.columns)
        tables[name] = [tuple(row) for row in db.session.execute(query)]
    return tables


def official_descriptor() -> dict:
    return json.loads(require(HSDS / "datapackage.json").read_text(encoding="utf-8"))


def errors_of(report: frictionless.Report) -> list:
    return report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:20]


def test_export_validates_against_the_official_descriptor(runner, imported, tmp_path):
    out = tmp_path / "export"
    run(runner, "export", str(out))
    package = frictionless.Package.from_descriptor(official_descriptor(), basepath=str(out))
    report = package.validate()
    assert report.valid, errors_of(report)
    assert len(report.tasks) == len(official_descriptor()["resources"])


def test_export_validates_against_its_own_descriptor(runner, imported, tmp_path):
    out = tmp_path / "export"
    run(runner, "export", str(out))
    report = frictionless.Package(str(out / "datapackage.json")).validate()
    assert report.valid, errors_of(report)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    listed = {resource["path"] for resource in descriptor["resources"]}
    assert listed == {p.name for p in out.glob("*.csv")}
    assert {"navigator_services.csv", "navigator_locations.csv",
            "navigator_taxonomy_term_translations.csv", "navigator_service_translations.csv",
            "units.csv", "service_capacity.csv"} <= listed


def test_official_files_have_exactly_the_official_columns(runner, imported, tmp_path):
    out = tmp_path / "export"
    run(runner, "export", str(out))
    for resource in official_descriptor()["resources"]:
        with (out / resource["path"]).open(encoding="utf-8", newline="") as stream:
            header = next(csv.reader(stream))
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["path"]


def test_small_export_writes_what_was_imported(runner, tmp_path):
    run(runner, "import", str(write_package(tmp_path / "source", rich_tables())))
    out = tmp_path / "export"
    result = run(runner, "export", str(out))
    assert f"Wrote {out}" in result.output

    def rows(name):
        with (out / name).open(encoding="utf-8", newline="") as stream:
            return {row.get("id") or row.get("service_id") or row.get("location_id")
                    or row["taxonomy_term_id"] + "/" + row["language"]: row
                    for row in csv.DictReader(stream)}

    services = rows("services.csv")
    assert services[U("s1")]["last_modified"] == "2024-03-15T10:30:45.123Z"
    assert services[U("s2")]["last_modified"] == "2024-03-15T08:30:45.123456Z"
    assert services[U("s3")]["last_modified"] == "2024-03-15T10:30:45Z"
    assert "accepting_referrals" not in services[U("s1")]
    assert rows("cost_options.csv")[U("co1")]["amount"] == "12.50"
    schedule = rows("schedules.csv")[U("sc1")]
    assert (schedule["opens_at"], schedule["closes_at"], schedule["byday"]) == (
        "09:00:00", "17:30:00", "MO,WE,FR")
    assert rows("schedules.csv")[U("sc2")]["closes_at"] == "23:59:00"
    # Extension files carry only rows whose local fields say something.
    assert rows("navigator_services.csv") == {
        U("s1"): {"service_id": U("s1"), "accepting_referrals": "true",
                  "intake_notes": "Call first"},
        U("s2"): {"service_id": U("s2"), "accepting_referrals": "false", "intake_notes": ""}}
    locations = rows("navigator_locations.csv")
    assert set(locations) == {U("l2"), U("l3")}  # l2 geocoded, l3 confidential
    assert locations[U("l3")]["confidential"] == "true"
    assert locations[U("l2")]["coordinates_approximate"] == "true"
    assert rows("navigator_taxonomy_term_translations.csv")[U("tt1") + "/es"]["name"] == "Comida"
    assert rows("navigator_service_translations.csv") == {
        U("s1"): {"service_id": U("s1"), "language": "es", "name": "Despensa",
                  "description": "Comida para llevar a casa, con acentos: áéíóú ñ",
                  "eligibility_description": "Residentes del condado de Durham",
                  "application_process": "Llame antes de venir"},
        U("s2"): {"service_id": U("s2"), "language": "es", "name": "",
                  "description": "Solo esto", "eligibility_description": "",
                  "application_process": ""}}


def test_round_trip(runner, imported, tmp_path):
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 0
    if imported == "small":
        _assert_small_snapshot_is_rich(before)
    out = tmp_path / "export"
    run(runner, "export", str(out))
    result = run(runner, "import", "--replace", str(out))
    assert not [line for line in result.output.splitlines() if line.startswith("warning:")], (
        result.output)
    after = snapshot()
    for name in load_order():
        assert after[name] == before[name], name


def _assert_small_snapshot_is_rich(tables: dict[str, list[tuple]]) -> None:
    """The round trip is only worth as much as the values it carries."""
    def row(table, id_):
        columns = [c.name for c in db.metadata.tables[table].columns]
        for values in tables[table]:
            record = dict(zip(columns, values))
            if id_ in (record.get("id"), record.get("taxonomy_term_id"),
                       record.get("service_id") if "language" in record else None):
                return record
        raise AssertionError(f"{table} {id_} missing")

    assert set(load_order()) == set(TABLES)
    assert all(tables[name] for name in load_order()), [n for n in load_order() if not tables[n]]
    s1, s2 = row("service", U("s1")), row("service", U("s2"))
    assert s1["last_modified"] == datetime(2024, 3, 15, 10, 30, 45, 123000, tzinfo=timezone.utc)
    assert s2["last_modified"].microsecond == 123456
    assert (s1["accepting_referrals"], s1["intake_notes"]) == (True, "Call first")
    assert s2["accepting_referrals"] is False
    assert row("cost_option", U("co1"))["amount"] == Decimal("12.50")
    schedule = row("schedule", U("sc1"))
    assert (schedule["opens_at"], schedule["closes_at"], schedule["timezone"]) == (
        time(9), time(17, 30), -5)
    assert row("location", U("l3"))["confidential"] is True
    assert row("location", U("l2"))["coordinates_approximate"] is True
    assert row("taxonomy_term_translation", U("tt1"))["name"] == "Comida"
    assert row("service_translation", U("s1"))["application_process"] == "Llame antes de venir"
    assert row("service_translation", U("s2"))["name"] is None
    assert row("organization", U("o2"))["parent_organization_id"] == U("o1")
