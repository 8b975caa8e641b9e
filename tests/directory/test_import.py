"""``flask directory import``: HSDS packages and JSON into the database, through the CLI."""

from __future__ import annotations

import csv
import json
import shutil
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from navigator.directory.importer import derived_id
from navigator.directory.models import (
    Address, Attribute, Contact, CostOption, Location, Organization, Phone, Schedule, Service,
    ServiceAtLocation, ServiceTranslation, Taxonomy, TaxonomyTerm, TaxonomyTermTranslation,
)
from navigator.directory.postal import zip_centroid
from navigator.extensions import db
from tests.paths import HSDS, ROOT, require

EXAMPLES = HSDS / "examples"
DURHAM = ROOT / "directory_data"


# -- helpers -----------------------------------------------------------------------------

def U(name: str) -> str:
    """A readable fixed UUID for a test row."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"navigator-test:{name}"))


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> None:
    columns = columns or list(dict.fromkeys(key for row in rows for key in row))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_package(root: Path, tables: dict[str, list[dict]], descriptor: bool = False) -> Path:
    """CSV files named by the keys of ``tables``, with an optional minimal datapackage.json."""
    for name, rows in tables.items():
        write_csv(root / name, rows)
    if descriptor:
        resources = [{"name": Path(n).stem, "path": n} for n in tables]
        (root / "datapackage.json").write_text(json.dumps({"resources": resources}))
    return root


def zip_folder(folder: Path, dest: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(dest, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return dest


def base_tables() -> dict[str, list[dict]]:
    """A small but complete package: one organization, two services, three locations
    (one with coordinates, one to geocode, one confidential), and Navigator's extensions."""
    address = {"address_1": "1 Main St", "city": "Durham", "state_province": "NC",
               "postal_code": "27701", "country": "US", "address_type": "physical"}
    return {
        "organizations.csv": [{"id": U("o1"), "name": "Durham Food Bank",
                               "description": "Food for everyone",
                               "website": "https://food.example.org"}],
        "services.csv": [
            {"id": U("s1"), "organization_id": U("o1"), "name": "Groceries", "status": "active",
             "url": "https://food.example.org/groceries", "minimum_age": "18",
             "last_modified": "2024-03-15T10:30:45.123Z"},
            {"id": U("s2"), "organization_id": U("o1"), "name": "Hot meals", "status": "active",
             "url": "", "minimum_age": "", "last_modified": ""},
        ],
        "locations.csv": [
            {"id": U("l1"), "location_type": "physical", "name": "Pantry",
             "latitude": "35.9940", "longitude": "-78.8986"},
            {"id": U("l2"), "location_type": "physical", "name": "Kitchen",
             "latitude": "", "longitude": ""},
            {"id": U("l3"), "location_type": "physical", "name": "Safe house",
             "latitude": "", "longitude": ""},
        ],
        "addresses.csv": [{"id": U(f"a{n}"), "location_id": U(f"l{n}"), **address}
                          for n in (1, 2, 3)],
        "service_at_location.csv": [
            {"id": U("sal1"), "service_id": U("s1"), "location_id": U("l1")},
            {"id": U("sal2"), "service_id": U("s2"), "location_id": U("l2")},
        ],
        "schedules.csv": [{"id": U("sc1"), "service_id": U("s1"), "freq": "WEEKLY",
                           "byday": "MO,TU", "opens_at": "09:00", "closes_at": "17:30"}],
        "cost_options.csv": [{"id": U("c1"), "service_id": U("s1"), "currency": "USD",
                              "amount": "12.50", "option": "Weekly box"}],
        "taxonomies.csv": [{"id": U("t1"), "name": "Needs", "description": "Local needs"}],
        "taxonomy_terms.csv": [{"id": U("tt1"), "code": "food", "name": "Food",
                                "description": "Food", "taxonomy_id": U("t1")}],
        "attributes.csv": [{"id": U("at1"), "link_id": U("s1"), "taxonomy_term_id": U("tt1"),
                            "link_entity": "service"}],
        "navigator_services.csv": [{"service_id": U("s1"), "accepting_referrals": "true",
                                    "intake_notes": "Call before sending anyone"}],
        "navigator_locations.csv": [{"location_id": U("l3"), "confidential": "true"}],
        "navigator_taxonomy_term_translations.csv": [
            {"taxonomy_term_id": U("tt1"), "language": "es", "name": "Comida",
             "description": "Comida para todos"}],
        "navigator_service_translations.csv": [
            {"service_id": U("s1"), "language": "es", "name": "Comestibles",
             "description": "Una caja de comida cada semana",
             "eligibility_description": "", "application_process": "Venga con su identificación"}],
    }


def run_import(runner, path: Path, *flags: str):
    result = runner.invoke(args=["directory", "import", str(path), *flags])
    db.session.expire_all()
    return result


def lines(result, kind: str) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(f"{kind}: ")]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def get(model, id_: str):
    return db.session.get(model, id_)


def assert_clean(result) -> None:
    assert result.exit_code == 0, result.output
    assert lines(result, "error") == [], result.output


# -- the official examples -----------------------------------------------------------------

LATITUDE_ERROR = "error: locations.csv:2:latitude: 100 is outside -90..90"


def test_official_csv_example_is_refused_for_its_latitude(runner):
    result = run_import(runner, require(EXAMPLES / "csv"))
    assert result.exit_code == 1
    assert lines(result, "error") == [LATITUDE_ERROR]
    assert "nothing was imported" in result.output
    for model in (Organization, Service, Location, Taxonomy, Contact):
        assert count(model) == 0


def test_official_csv_example_with_skip_invalid(runner):
    folder = require(EXAMPLES / "csv")
    result = run_import(runner, folder, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert lines(result, "error") == [LATITUDE_ERROR]
    location_id = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
    dependents = lines(result, "skipped")
    # The service_at_location needs the location; the address and accessibility
    # rows belonged to it alone.
    assert dependents == [
        f"skipped: {file}:2:location_id: depends on location {location_id} "
        "(locations.csv:2), which was skipped"
        for file in ("accessibility.csv", "addresses.csv", "service_at_location.csv")]
    assert "1 bad row(s) and 3 row(s) depending on them were skipped" in result.output
    assert count(Location) == 0 and count(ServiceAtLocation) == 0
    assert count(Address) == 0
    # Rows with another owner stay, with their links to the location emptied.
    for model, file in ((Organization, "organizations"), (Service, "services"),
                        (Phone, "phones"), (Schedule, "schedules"),
                        (Contact, "contacts"), (Attribute, "attributes"),
                        (TaxonomyTerm, "taxonomy_terms"), (CostOption, "cost_options")):
        with (folder / f"{file}.csv").open(encoding="utf-8") as stream:
            assert count(model) == len(list(csv.DictReader(stream))), file
    assert db.session.scalars(select(Phone.location_id)).all() == [None]
    assert db.session.scalars(select(Schedule.service_at_location_id)).all() == [None]


def test_official_csv_example_with_a_real_latitude(runner, tmp_path):
    folder = shutil.copytree(require(EXAMPLES / "csv"), tmp_path / "csv")
    text = (folder / "locations.csv").read_text(encoding="utf-8")
    assert ",100,101," in text
    (folder / "locations.csv").write_text(text.replace(",100,101,", ",35.99,-78.9,"),
                                          encoding="utf-8")
    result = run_import(runner, folder)
    assert_clean(result)
    assert sorted(lines(result, "warning")) == [
        "warning: contacts.csv:2:organization_id: no organization with id "
        "ae67a707-5893-4225-b0b1-320ab9cb596b; link left empty",
        "warning: contacts.csv:2:service_at_location_id: no service_at_location with id "
        "93eaf18d-1cd2-4ec7-bffb-3c9172ee5070; link left empty",
        "warning: locations.csv:2:organization_id: no organization with id "
        "985e4a42-bd9f-4edc-911d-0243a4640aca; link left empty",
        "warning: organizations.csv:2:parent_organization_id: no organization with id "
        "cd09a387-91f4-4555-94ec-e799c35344cd; link left empty",
        "warning: taxonomy_terms.csv:2:parent_id: no taxonomy_term with id "
        "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2; link left empty",
        "warning: taxonomy_terms.csv:2:taxonomy_id: no taxonomy with id "
        "07ff6aee-a219-438c-b694-d2fcb6c5373b; link left empty",
    ]
    [location] = db.session.scalars(select(Location)).all()
    assert (location.latitude, location.longitude) == (35.99, -78.9)
    assert not location.coordinates_approximate
    [contact] = db.session.scalars(select(Contact)).all()
    assert contact.organization_id is None and contact.service_at_location_id is None
    assert contact.location_id == location.id
    assert location.organization_id is None
    [term] = db.session.scalars(select(TaxonomyTerm)).all()
    assert term.taxonomy_id is None and term.parent_id is None
    [service] = db.session.scalars(select(Service)).all()
    assert service.service_at_locations[0].location_id == location.id
    assert service.last_modified.isoformat() == "2023-03-15T10:30:45.123000+00:00"


#: Examples that embed the same location (latitude 100), and where it sits in each.
JSON_LATITUDE = {
    "service_full.json": "$.organization.locations[0]",
    "organization_full.json": "$.locations[0]",
    "service_at_location_full.json": "$.service.organization.locations[0]",
    "service_at_location_list.json": "$.contents[0].location",
    "location.json": "$",
}
JSON_OK = ["service_list.json", "organization_list.json", "taxonomy_term.json",
           "taxonomy_term_list.json", "taxonomy.json", "taxonomy_list.json"]


@pytest.mark.parametrize("name", [*JSON_LATITUDE, *JSON_OK])
def test_official_json_examples(runner, name):
    path = require(EXAMPLES / name)
    result = run_import(runner, path)
    if name in JSON_LATITUDE:
        assert result.exit_code == 1
        assert lines(result, "error") == [
            f"error: {name}:{JSON_LATITUDE[name]}:latitude: 100 is outside -90..90"]
        assert count(Location) == count(Service) == count(Organization) == 0
        return
    assert_clean(result)
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data["contents"] if "contents" in data else [data]
    model = {"service": Service, "organization": Organization, "taxonomy": Taxonomy,
             "taxonomy_term": TaxonomyTerm}[name.split(".")[0].removesuffix("_list")]
    assert {item["id"] for item in items} <= set(db.session.scalars(select(model.id)))


def _fix_latitudes(node):
    if isinstance(node, dict):
        if node.get("latitude") == 100:
            node["latitude"] = 35.99
        for value in node.values():
            _fix_latitudes(value)
    elif isinstance(node, list):
        for value in node:
            _fix_latitudes(value)


def test_official_service_full_json_with_a_real_latitude(runner, tmp_path):
    data = json.loads(require(EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    _fix_latitudes(data)
    path = tmp_path / "service_full.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run_import(runner, path)
    assert_clean(result)
    service = get(Service, data["id"])
    assert service.name == data["name"]
    assert service.organization_id == data["organization"]["id"]
    assert service.program_id == data["program"]["id"]
    sal = data["service_at_locations"][0]
    assert get(ServiceAtLocation, sal["id"]).location_id == sal["location"]["id"]
    assert get(Location, sal["location"]["id"]).latitude == 35.99
    assert count(Phone) >= len(data["phones"])


@pytest.mark.parametrize("shape", ["list", "page"])
def test_a_json_list_or_page_of_services(runner, tmp_path, shape):
    org = {"id": U("o1"), "name": "Durham Food Bank", "description": "Food"}
    services = [
        {"id": U("s1"), "name": "Groceries", "status": "active", "organization": org,
         "phones": [{"id": U("p1"), "number": "919-555-0100"}],
         "schedules": [{"id": U("sc1"), "freq": "WEEKLY", "byday": "Mon, Wed",
                        "opens_at": "9am", "closes_at": "5pm"}]},
        {"id": U("s2"), "name": "Hot meals", "status": "Temporarily Closed",
         "organization_id": U("o1"), "url": "meals.example.org"},
    ]
    data = services if shape == "list" else {"total_items": 2, "total_pages": 1,
                                             "page_number": 1, "contents": services}
    path = tmp_path / "services.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run_import(runner, path)
    assert_clean(result)
    assert count(Organization) == 1 and count(Service) == 2
    assert get(Phone, U("p1")).service_id == U("s1")
    schedule = get(Schedule, U("sc1"))
    assert (schedule.service_id, schedule.byday) == (U("s1"), "MO,WE")
    assert (schedule.opens_at.hour, schedule.closes_at.hour) == (9, 17)
    meals = get(Service, U("s2"))
    assert (meals.status, meals.url) == ("temporarily closed", "https://meals.example.org")


# -- the sample Durham directory -------------------------------------------------------------

def test_durham_directory_imports_cleanly(runner):
    require(DURHAM / "datapackage.json")
    result = run_import(runner, DURHAM)
    assert_clean(result)
    assert count(Service) >= 120
    assert count(Organization) >= 50
    unplaced = db.session.scalars(select(Location.id).where(
        Location.location_type == "physical", Location.confidential.is_not(True),
        (Location.latitude.is_(None)) | (Location.longitude.is_(None)))).all()
    assert unplaced == []


# -- updating and replacing ----------------------------------------------------------------

def test_reimport_updates_rows_in_place(runner, tmp_path):
    tables = base_tables()
    assert_clean(run_import(runner, write_package(tmp_path / "one", tables)))
    before = {model: count(model) for model in (Organization, Service, Location, Address,
                                                ServiceAtLocation, Schedule, Attribute)}
    tables["services.csv"][0]["name"] = "Groceries and produce"
    tables["schedules.csv"][0]["closes_at"] = "6pm"
    tables["navigator_services.csv"][0]["intake_notes"] = "Walk-ins welcome"
    result = run_import(runner, write_package(tmp_path / "two", tables))
    assert_clean(result)
    assert {model: count(model) for model in before} == before
    assert any(line.split() == ["service", "2", "0", "2", "0", "0"]
               for line in result.output.splitlines()), result.output
    service = get(Service, U("s1"))
    assert service.name == "Groceries and produce"
    assert service.intake_notes == "Walk-ins welcome"
    assert get(Schedule, U("sc1")).closes_at.hour == 18


def test_replace_empties_the_directory_first(runner, tmp_path):
    package = write_package(tmp_path / "pkg", base_tables())
    assert_clean(run_import(runner, package))
    db.session.add(Organization(id=U("o-only-in-db"), name="Gone", description="Gone soon"))
    db.session.add(Service(id=U("s-only-in-db"), organization_id=U("o1"), name="Gone",
                           status="active"))
    db.session.commit()
    assert count(Service) == 3
    assert_clean(run_import(runner, package))  # an update leaves other rows alone
    assert count(Service) == 3
    assert_clean(run_import(runner, package, "--replace"))
    assert get(Service, U("s-only-in-db")) is None
    assert get(Organization, U("o-only-in-db")) is None
    assert count(Service) == 2 and count(TaxonomyTermTranslation) == 1


def _imported_with_a_provider(runner, tmp_path, staff, reported: str):
    """The base package imported, a provider account of its organization, and a
    resident's report about ``reported``: (tables, package folder, report id)."""
    from navigator.review.models import ListingReport

    tables = base_tables()
    package = write_package(tmp_path / "pkg", tables)
    assert_clean(run_import(runner, package))
    staff.user("provider@example.org", "provider", organization_id=U("o1"))
    report = ListingReport(service_id=reported, problem="phone", details="wrong number")
    db.session.add(report)
    db.session.commit()
    return tables, package, report.id


def _provider_and_report(report_id: str):
    from navigator.auth.models import User
    from navigator.review.models import ListingReport

    return (db.session.scalar(select(User).where(User.email == "provider@example.org")),
            db.session.get(ListingReport, report_id))


def test_replace_keeps_accounts_and_reports_on_rows_that_come_back(runner, tmp_path, staff):
    tables, package, report = _imported_with_a_provider(runner, tmp_path, staff, U("s1"))
    tables["services.csv"][0]["name"] = "Groceries and diapers"
    write_package(tmp_path / "pkg", tables)
    result = run_import(runner, package, "--replace")
    assert_clean(result)
    assert "would" not in result.output  # nothing to unlink: nothing asked
    user, kept = _provider_and_report(report)
    assert user.organization_id == U("o1") and kept is not None
    assert get(Service, U("s1")).name == "Groceries and diapers"
    assert "updated" in result.output and count(Service) == 2


def test_replace_resets_what_the_new_package_does_not_carry(runner, tmp_path):
    tables = base_tables()
    package = write_package(tmp_path / "pkg", tables)
    assert_clean(run_import(runner, package))
    assert get(Service, U("s1")).url == "https://food.example.org/groceries"
    for row in tables["services.csv"]:
        del row["url"]  # the next export has no url column at all
    shutil.rmtree(tmp_path / "pkg")
    write_package(tmp_path / "pkg", tables)
    assert_clean(run_import(runner, package))  # an update keeps what it does not mention
    assert get(Service, U("s1")).url == "https://food.example.org/groceries"
    assert_clean(run_import(runner, package, "--replace"))  # the package is the whole truth
    assert get(Service, U("s1")).url is None and get(Service, U("s1")).name == "Groceries"


def test_replace_says_what_it_would_unlink_and_asks(runner, tmp_path, staff):
    tables, package, report = _imported_with_a_provider(runner, tmp_path, staff, U("s2"))
    # The next package has another organization and no "Hot meals".
    tables["organizations.csv"][0]["id"] = U("o2")
    for row in tables["services.csv"]:
        row["organization_id"] = U("o2")
    tables["services.csv"] = tables["services.csv"][:1]
    tables["service_at_location.csv"] = tables["service_at_location.csv"][:1]
    shutil.rmtree(tmp_path / "pkg")
    write_package(tmp_path / "pkg", tables)

    refused = run_import(runner, package, "--replace")  # not a terminal, no --yes
    assert refused.exit_code == 1
    assert ("1 user row(s) would lose their link (organization_id: the organization it points "
            "at is not in the package): provider@example.org") in refused.output
    assert "Nothing was imported: the replacement was not confirmed." in refused.output
    assert "Fix the rows above" not in refused.output
    assert "1 listing_report row(s) would be deleted" in refused.output
    assert "run again with --yes" in refused.output
    assert get(Service, U("s2")) is not None and get(Organization, U("o1")) is not None

    done = run_import(runner, package, "--replace", "--yes")
    assert_clean(done)
    assert get(Service, U("s2")) is None and get(Organization, U("o1")) is None
    user, kept = _provider_and_report(report)
    assert user.organization_id is None and kept is None


def test_an_import_too_big_to_embed_at_once_says_how_to_finish(runner, tmp_path,
                                                                monkeypatch):
    monkeypatch.setattr("navigator.search.searching.IMPORT_EMBED_LIMIT", 1)
    result = run_import(runner, write_package(tmp_path / "pkg", base_tables()))
    assert_clean(result)
    # The command line's import leaves the index's rebuild to the host's follower.
    assert "`flask search follow --once` does it now" in result.output
    followed = runner.invoke(args=["search", "follow", "--once"])
    assert followed.exit_code == 0, followed.output
    assert ("Search finds the 2 listing(s) by their words now; `flask search reindex` embeds "
            "the meaning of the 2 not embedded yet") in followed.output
    monkeypatch.setattr("navigator.search.searching.IMPORT_EMBED_LIMIT", 100)
    tables = base_tables()
    tables["services.csv"][0]["name"] = "Renamed"  # a change: the follower rebuilds
    result = run_import(runner, write_package(tmp_path / "pkg2", tables))
    assert_clean(result)
    followed = runner.invoke(args=["search", "follow", "--once"])
    assert "Applied 1 change(s)." in followed.output
    assert "flask search reindex" not in followed.output  # small enough: embedded at once


def test_if_empty_does_nothing_when_services_exist(runner, tmp_path):
    tables = base_tables()
    result = run_import(runner, write_package(tmp_path / "one", tables), "--if-empty")
    assert_clean(result)
    assert count(Service) == 2
    tables["services.csv"][0]["name"] = "Changed"
    tables["services.csv"].append({"id": U("s3"), "organization_id": U("o1"), "name": "New",
                                   "status": "active"})
    result = run_import(runner, write_package(tmp_path / "two", tables), "--if-empty")
    assert result.exit_code == 0
    assert "already has services; nothing imported" in result.output
    assert count(Service) == 2 and get(Service, U("s1")).name == "Groceries"


def test_report_only_writes_nothing(runner, tmp_path):
    result = run_import(runner, write_package(tmp_path, base_tables()), "--report-only")
    assert result.exit_code == 0, result.output
    assert "nothing imported (--report-only)" in result.output
    assert count(Service) == 0


# -- tolerance --------------------------------------------------------------------------------

def test_untidy_files_are_read(runner, tmp_path):
    tables = base_tables()
    write_package(tmp_path, tables)
    # Organizations: BOM, spaces around headers and cells, a scheme-less website.
    (tmp_path / "organizations.csv").write_bytes(
        "\ufeff id , Name ,description, Website, Alternate Name \n"
        f" {U('o1')} ,  Durham Food Bank  , Food ,www.food.example.org,\n".encode("utf-8"))
    # Services: "Organization ID" header, 12-hour times elsewhere, and two extra columns.
    write_csv(tmp_path / "services.csv", [
        {"ID": U(f"s{n}"), "Organization ID": U("o1"), "Name": f"Service {n}",
         "Status": "Active", "URL": "food.example.org/s", "Internal Notes": "x", "Owner": "y"}
        for n in (1, 2, 3)])
    write_csv(tmp_path / "schedules.csv", [
        {"id": U("sc1"), "service_id": U("s1"), "freq": "weekly", "byday": "Mon, Tue",
         "opens_at": "9:00am", "closes_at": "5:30 PM"}])
    (tmp_path / "phones.csv").write_bytes(b"")  # an empty optional file
    result = run_import(runner, tmp_path)
    assert_clean(result)
    warnings = lines(result, "warning")
    assert warnings.count("warning: services.csv:1: columns not in HSDS 3.0 ignored: "
                          "internal_notes, owner") == 1
    assert [w for w in warnings if "services.csv" in w and "ignored" in w] == [
        "warning: services.csv:1: columns not in HSDS 3.0 ignored: internal_notes, owner"]
    assert "warning: phones.csv: empty file; skipped" in warnings
    organization = get(Organization, U("o1"))
    assert organization.name == "Durham Food Bank"
    assert organization.description == "Food"
    assert organization.website == "https://www.food.example.org"
    assert organization.alternate_name is None
    assert count(Service) == 3
    service = get(Service, U("s3"))
    assert (service.organization_id, service.status) == (U("o1"), "active")
    assert service.url == "https://food.example.org/s"
    schedule = get(Schedule, U("sc1"))
    assert (str(schedule.opens_at), str(schedule.closes_at), schedule.byday, schedule.freq) == (
        "09:00:00", "17:30:00", "MO,TU", "WEEKLY")


# -- discovery ----------------------------------------------------------------------------------

def _small() -> dict[str, list[dict]]:
    tables = base_tables()
    return {name: tables[name] for name in ("organizations.csv", "services.csv")}


def _layout(tmp_path: Path, layout: str) -> Path:
    tables = _small()
    if layout == "flat":
        return write_package(tmp_path / "pkg", tables)
    if layout == "data folder":
        write_package(tmp_path / "pkg" / "data", tables)
        return tmp_path / "pkg"
    if layout == "descriptor with data folder":
        root = write_package(tmp_path / "pkg" / "data", tables).parent
        (root / "datapackage.json").write_text(json.dumps({"resources": [
            {"name": "organization", "path": "data/organizations.csv"},
            {"name": "service", "path": "data/services.csv"}]}))
        return root
    if layout == "zip":
        return zip_folder(write_package(tmp_path / "pkg", tables, descriptor=True),
                          tmp_path / "pkg.zip")
    if layout == "zip with a wrapping folder":
        return zip_folder(write_package(tmp_path / "pkg", tables, descriptor=True),
                          tmp_path / "pkg.zip", prefix="export-2024/")
    if layout == "zip with a wrapping folder and data/":
        return zip_folder(write_package(tmp_path / "pkg", tables), tmp_path / "pkg.zip",
                          prefix="export-2024/data/")
    if layout == "datapackage.json given":
        return write_package(tmp_path / "pkg", tables, descriptor=True) / "datapackage.json"
    if layout == "singular names":
        return write_package(tmp_path / "pkg", {"organization.csv": tables["organizations.csv"],
                                                "service.csv": tables["services.csv"]})
    raise AssertionError(layout)


@pytest.mark.parametrize("layout", [
    "flat", "data folder", "descriptor with data folder", "zip", "zip with a wrapping folder",
    "zip with a wrapping folder and data/", "datapackage.json given", "singular names"])
def test_tables_are_found(runner, tmp_path, layout):
    result = run_import(runner, _layout(tmp_path, layout))
    assert_clean(result)
    assert lines(result, "warning") == []
    assert count(Organization) == 1 and count(Service) == 2


def test_descriptor_naming_missing_files(runner, tmp_path):
    root = write_package(tmp_path, _small())
    (root / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "organization", "path": "csv/organizations.csv"},
        {"name": "service", "path": "services_2024.csv"}]}))
    result = run_import(runner, root)
    assert_clean(result)
    assert sorted(lines(result, "warning")) == [
        "warning: datapackage.json:resources[0]: lists 'csv/organizations.csv', which is not "
        "in the package; looked for the table by file name",
        "warning: datapackage.json:resources[1]: lists 'services_2024.csv', which is not "
        "in the package; looked for the table by file name",
    ]
    assert count(Organization) == 1 and count(Service) == 2


# -- geocoding and Navigator's extension files ------------------------------------------------

def test_geocoding_from_the_zip_code(runner, tmp_path):
    result = run_import(runner, write_package(tmp_path, base_tables()))
    assert_clean(result)
    assert "1 location(s) placed at their ZIP code's centre" in result.output
    exact, approximate, confidential = (get(Location, U(n)) for n in ("l1", "l2", "l3"))
    assert (exact.latitude, exact.longitude) == (35.994, -78.8986)
    assert exact.coordinates_approximate is False
    assert (approximate.latitude, approximate.longitude) == zip_centroid("27701")
    assert approximate.coordinates_approximate is True
    assert confidential.confidential is True
    assert (confidential.latitude, confidential.longitude) == (None, None)
    assert confidential.coordinates_approximate is False


def test_reimport_never_geocodes_a_location_confidential_in_the_database(runner, tmp_path):
    tables = base_tables()
    assert_clean(run_import(runner, write_package(tmp_path / "one", tables)))
    del tables["navigator_locations.csv"]  # a plain HSDS package knows nothing of it
    assert_clean(run_import(runner, write_package(tmp_path / "two", tables)))
    safe_house = get(Location, U("l3"))
    assert safe_house.confidential is True
    assert (safe_house.latitude, safe_house.longitude) == (None, None)


def test_coordinates_given_by_a_later_import_are_not_approximate(runner, tmp_path):
    tables = base_tables()
    assert_clean(run_import(runner, write_package(tmp_path / "one", tables)))
    assert get(Location, U("l2")).coordinates_approximate is True
    tables["locations.csv"][1].update(latitude="36.01", longitude="-78.91")
    del tables["navigator_locations.csv"]
    assert_clean(run_import(runner, write_package(tmp_path / "two", tables)))
    kitchen = get(Location, U("l2"))
    assert (kitchen.latitude, kitchen.longitude, kitchen.coordinates_approximate) == (
        36.01, -78.91, False)


def test_a_file_without_coordinates_keeps_those_in_the_database(runner, tmp_path):
    tables = base_tables()
    assert_clean(run_import(runner, write_package(tmp_path / "one", tables)))
    for row in tables["locations.csv"]:
        del row["latitude"], row["longitude"]
    tables["locations.csv"][0]["name"] = "Pantry (renamed)"
    result = run_import(runner, write_package(tmp_path / "two", tables))
    assert_clean(result)
    assert "placed at their ZIP code's centre" not in result.output
    pantry = get(Location, U("l1"))
    assert pantry.name == "Pantry (renamed)"
    assert (pantry.latitude, pantry.longitude) == (35.994, -78.8986)
    assert pantry.coordinates_approximate is False


def test_navigator_extension_files(runner, tmp_path):
    assert_clean(run_import(runner, write_package(tmp_path, base_tables())))
    groceries, meals = get(Service, U("s1")), get(Service, U("s2"))
    assert (groceries.accepting_referrals, groceries.intake_notes) == (
        True, "Call before sending anyone")
    assert (meals.accepting_referrals, meals.intake_notes) == (None, None)
    assert [get(Location, U(n)).confidential for n in ("l1", "l2", "l3")] == [False, False, True]
    [translation] = get(TaxonomyTerm, U("tt1")).translations
    assert (translation.language, translation.name, translation.description) == (
        "es", "Comida", "Comida para todos")
    [spanish] = groceries.translations
    assert (spanish.language, spanish.name, spanish.description, spanish.eligibility_description,
            spanish.application_process) == (
        "es", "Comestibles", "Una caja de comida cada semana", None, "Venga con su identificación")
    assert meals.translations == []


def test_service_translations_refer_to_services(runner, tmp_path):
    tables = base_tables()
    tables["navigator_service_translations.csv"].append(
        {"service_id": U("nowhere"), "language": "es", "name": "Nada"})
    result = run_import(runner, write_package(tmp_path, tables))
    assert result.exit_code != 0
    assert any("navigator_service_translations.csv" in line and "service_id" in line
               for line in lines(result, "error")), result.output
    assert count(ServiceTranslation) == 0


def test_replace_with_service_translations(runner, tmp_path):
    tables = base_tables()
    tables["navigator_service_translations.csv"].append(
        {"service_id": U("s2"), "language": "es", "name": "Comidas calientes"})
    assert_clean(run_import(runner, write_package(tmp_path / "one", tables)))
    assert count(ServiceTranslation) == 2
    # The package's translations become the directory's: s1's changed, s2's gone.
    tables["navigator_service_translations.csv"] = [
        {"service_id": U("s1"), "language": "es", "name": "Despensa"}]
    assert_clean(run_import(runner, write_package(tmp_path / "two", tables), "--replace"))
    [kept] = db.session.scalars(select(ServiceTranslation)).all()
    assert (kept.service_id, kept.name, kept.description) == (U("s1"), "Despensa", None)
    # A service the package no longer has takes its translations with it.
    tables["services.csv"] = tables["services.csv"][1:]
    tables["service_at_location.csv"] = tables["service_at_location.csv"][1:]
    for name in ("schedules.csv", "cost_options.csv", "attributes.csv",
                 "navigator_services.csv", "navigator_service_translations.csv"):
        tables[name] = []
    write_package(tmp_path / "three", tables)
    result = run_import(runner, tmp_path / "three", "--replace")
    assert result.exit_code == 0 and not lines(result, "error"), result.output
    assert get(Service, U("s1")) is None and count(ServiceTranslation) == 0


def test_extension_file_alone_updates_rows_in_the_database(runner, tmp_path):
    assert_clean(run_import(runner, write_package(tmp_path / "one", base_tables())))
    patch = write_package(tmp_path / "two", {"navigator_services.csv": [
        {"service_id": U("s2"), "accepting_referrals": "no", "intake_notes": "Full this week"}]})
    assert_clean(run_import(runner, patch))
    meals = get(Service, U("s2"))
    assert (meals.accepting_referrals, meals.intake_notes) == (False, "Full this week")
    assert get(Service, U("s1")).intake_notes == "Call before sending anyone"


# -- ids that are not UUIDs -------------------------------------------------------------------

def test_numbered_ids_become_stable_uuids(runner, tmp_path):
    package = write_package(tmp_path, {
        "organizations.csv": [{"id": "1", "name": "Food Bank", "description": "Food"},
                              {"id": "2", "name": "Shelter", "description": "Beds"}],
        "services.csv": [{"id": "1", "organization_id": "1", "name": "Groceries",
                          "status": "active"},
                         {"id": "2", "organization_id": "2", "name": "Beds", "status": "active"}],
        "locations.csv": [{"id": "1", "location_type": "physical", "latitude": "36",
                           "longitude": "-78.9"}],
        "service_at_location.csv": [{"id": "1", "service_id": "2", "location_id": "1"}],
        "taxonomy_terms.csv": [{"id": "7", "name": "Shelter", "description": "Shelter"}],
        "attributes.csv": [{"id": "1", "link_id": "2", "link_entity": "service",
                            "taxonomy_term_id": "7"}],
        "navigator_services.csv": [{"service_id": "2", "accepting_referrals": "yes"}],
    })
    result = run_import(runner, package)
    assert_clean(result)
    assert any("ids are not UUIDs" in w for w in lines(result, "warning"))
    beds = get(Service, derived_id("service", "2"))
    assert beds.name == "Beds" and beds.organization_id == derived_id("organization", "2")
    assert beds.accepting_referrals is True
    sal = get(ServiceAtLocation, derived_id("service_at_location", "1"))
    assert (sal.service_id, sal.location_id) == (beds.id, derived_id("location", "1"))
    [attribute] = db.session.scalars(select(Attribute)).all()
    assert (attribute.link_id, attribute.taxonomy_term_id) == (
        beds.id, derived_id("taxonomy_term", "7"))
    assert all(uuid.UUID(i) for i in db.session.scalars(select(Service.id)))
    snapshot = sorted(db.session.execute(select(Service.id, Service.organization_id)).all())

    result = run_import(runner, package)
    assert_clean(result)
    assert sorted(db.session.execute(select(Service.id, Service.organization_id)).all()) == snapshot
    assert any(line.split() == ["service", "2", "0", "2", "0", "0"]
               for line in result.output.splitlines()), result.output


def test_progress_bar_on_a_terminal(capsys, monkeypatch):
    from navigator.directory import commands

    monkeypatch.setattr(commands.sys.stderr, "isatty", lambda: True, raising=False)
    progress = commands._Progress()
    progress("read", 3000)  # under the threshold: nothing yet
    assert progress.bar is None
    progress("read", 3000)
    progress("write", 2000)
    assert progress.bar is not None and progress.done == 8000
    progress.close()
    progress("write", 2000)  # closed before a question: no bar drawn over it
    assert progress.bar is None


def test_sources_do_not_lean_on_asserts_or_import_side_effects(tmp_path):
    """Under ``python -O`` (asserts gone) a descriptor whose ``resources`` is not a list
    is still set aside with a warning, and importing the reader leaves the csv module's
    field limit alone: it is set when a file is read (a quoted value over 128 KiB)."""
    import subprocess
    import sys

    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": {"a": 1}}))
    long_value = "x" * 200_000
    (tmp_path / "organizations.csv").write_text(
        f'id,name,description\n1,Org,"{long_value}\nsecond line"\n')
    script = (
        "import csv, sys\n"
        "from pathlib import Path\n"
        "default = csv.field_size_limit()\n"
        "from navigator.directory.sources import open_source\n"
        "if csv.field_size_limit() != default:\n"
        "    sys.exit('the field limit was set at import')\n"
        "with open_source(Path(sys.argv[1])) as source:\n"
        "    rows = [row for table in source.tables for row in table.rows]\n"
        "    print([p.message for p in source.problems])\n"
        "    print(len(rows), max(len(v or '') for _, r in rows for v in r))\n")
    done = subprocess.run([sys.executable, "-O", "-c", script, str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    problems, counts = done.stdout.splitlines()
    assert "not a readable data package descriptor; tables found by file name" in problems
    assert counts == f"1 {len(long_value) + len(chr(10) + 'second line')}"
