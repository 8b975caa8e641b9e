"""A corpus of broken HSDS packages: each one is refused with its own message and leaves
the directory exactly as it was.

``packages/minimal`` is a small valid HSDS 3.0 package. Each folder under
``packages/broken`` holds only the files that differ from it (they are laid over a
copy of ``minimal``; a folder with a ``standalone`` file is a whole package of its
own) and ``expected.txt``: one line per error the import must print, each a
distinctive part of a ``file:row:column: message`` line. Packages too big or too
odd to keep in the repository (a truncated zip, a 50 MB line) are built here.
"""

from __future__ import annotations

import csv
import io
import shutil
import time
import tracemalloc
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import func, select

from navigator.directory.models import (
    Accessibility, Address, Attribute, CostOption, Language, Location, Organization, Phone,
    Schedule, Service, ServiceAtLocation, TaxonomyTerm,
)
from navigator.extensions import db

PACKAGES = Path(__file__).resolve().parent / "packages"
MINIMAL = PACKAGES / "minimal"
LEGACY = PACKAGES / "legacy_1x"
BROKEN = PACKAGES / "broken"

SERVICE_1 = "5a9c6e1d-5f7b-4c23-9d4e-6f8a0b2c3d41"
SERVICE_2 = "5a9c6e1d-5f7b-4c23-9d4e-6f8a0b2c3d42"


# -- helpers -----------------------------------------------------------------------------

def run_import(runner, path: Path, *flags: str):
    result = runner.invoke(args=["directory", "import", str(path), *flags])
    db.session.expire_all()
    return result


def printed(result) -> str:
    """Everything the command printed. Errors go to stderr: Click 8.2+ mixes it into
    ``output`` and also keeps it apart in ``stderr``; older Click may not have it."""
    try:
        errors = result.stderr
    except ValueError:  # Click < 8.2 with mix_stderr=True: already in output
        errors = ""
    shown = result.output.splitlines()
    return result.output if all(line in shown for line in errors.splitlines()) else (
        result.output + errors)


def lines(result, kind: str) -> list[str]:
    return [line for line in printed(result).splitlines() if line.startswith(f"{kind}: ")]


def snapshot() -> dict[str, tuple[int, list[tuple]]]:
    """Row count and every row (ordered by primary key) of every directory table (not
    the change log, which records every import, even one that changes nothing)."""
    db.session.expire_all()
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name == "directory_change":
            continue
        count = db.session.scalar(select(func.count()).select_from(table))
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        state[table.name] = (count, [tuple(row) for row in rows])
    return state


def load_minimal(runner) -> dict[str, tuple[int, list[tuple]]]:
    result = run_import(runner, MINIMAL)
    assert result.exit_code == 0, printed(result)
    assert lines(result, "error") == [] and lines(result, "warning") == [], printed(result)
    state = snapshot()
    assert state["service"][0] == 2
    return state


def overlay(case: Path, destination: Path) -> Path:
    """``minimal`` with the case's files laid over it (or the case alone if standalone)."""
    if (case / "standalone").exists():
        destination.mkdir(parents=True)
    else:
        shutil.copytree(MINIMAL, destination)
    for path in case.iterdir():
        if path.name not in ("expected.txt", "standalone"):
            shutil.copyfile(path, destination / path.name)
    return destination


def csv_text(rows: list[list[str]]) -> str:
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerows(rows)
    return stream.getvalue()


def minimal_rows(name: str) -> list[list[str]]:
    with (MINIMAL / name).open(newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def zip_minimal(destination: Path) -> Path:
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(MINIMAL.iterdir()):
            archive.write(path, path.name)
    return destination


# -- the cases -----------------------------------------------------------------------------

@dataclass
class Case:
    name: str
    build: Callable[[Path], Path]  # tmp_path -> the path to import
    expected: list[str]


def stored_case(folder: Path) -> Case:
    expected = [line for line in (folder / "expected.txt").read_text("utf-8").splitlines()
                if line.strip()]
    return Case(folder.name, lambda tmp: overlay(folder, tmp / "package"), expected)


def truncated_zip(tmp: Path) -> Path:
    whole = zip_minimal(tmp / "whole.zip").read_bytes()
    path = tmp / "minimal.zip"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def damaged_zip_member(tmp: Path) -> Path:
    """The archive's directory is intact, but services.csv's compressed bytes are not."""
    path = zip_minimal(tmp / "minimal.zip")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("services.csv")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 8, start + info.compress_size - 8):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


FIFTY_MB = 50 * 1024 * 1024


def fifty_mb_line(tmp: Path) -> Path:
    package = shutil.copytree(MINIMAL, tmp / "package")
    header, first, _ = minimal_rows("services.csv")
    with (package / "services.csv").open("w", encoding="utf-8", newline="") as stream:
        stream.write(csv_text([header, first]))
        stream.write(SERVICE_2 + ",")
        chunk = "x" * (1024 * 1024)
        for _ in range(FIFTY_MB // len(chunk)):
            stream.write(chunk)
        stream.write(",active\n")
    return package


def latin1_deep_in_a_big_file(tmp: Path) -> Path:
    """A Latin-1 byte far past the first chunk the reader decodes: the line must be right."""
    package = shutil.copytree(MINIMAL, tmp / "package")
    header, *_ = minimal_rows("phones.csv")
    rows = [header]
    for n in range(3000):
        description = "Línea de ayuda" if n == 2499 else "Help line"
        rows.append([str(uuid.uuid5(uuid.NAMESPACE_URL, f"phone-{n}")), "", SERVICE_1, "", "",
                     "", f"555-{n:04d}", "", "voice", description])
    (package / "phones.csv").write_bytes(csv_text(rows).encode("latin-1"))
    return package


def zip_without_hsds_tables(tmp: Path) -> Path:
    """The wrong zip: a volunteer roster and a note, nothing named for an HSDS table."""
    path = tmp / "volunteers.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("roster.csv", "name,shift\nAvery Quill,Tuesday\n")
        archive.writestr("README.txt", "Volunteer shifts for the spring food drive.\n")
    return path


def folder_without_hsds_tables(tmp: Path) -> Path:
    folder = tmp / "spreadsheets"
    folder.mkdir()
    (folder / "roster.csv").write_text("name,shift\nAvery Quill,Tuesday\n", "utf-8")
    return folder


NO_TABLES = ("no HSDS tables found: expected a datapackage.json, or CSV files named for "
             "HSDS tables such as organizations.csv, services.csv, locations.csv, "
             "service_at_location.csv")

GENERATED = [
    Case("zip_without_hsds_tables", zip_without_hsds_tables,
         [f"volunteers.zip: {NO_TABLES}"]),
    Case("folder_without_hsds_tables", folder_without_hsds_tables,
         [f"spreadsheets: {NO_TABLES}"]),
    Case("truncated_zip", truncated_zip,
         ["minimal.zip: not a readable zip archive (it may be truncated or damaged)"]),
    Case("damaged_zip_member", damaged_zip_member,
         ["minimal.zip!services.csv: cannot be read from the archive (damaged?)"]),
    Case("fifty_mb_line", fifty_mb_line,
         ["services.csv:3: a line is longer than 1,000,000 characters; "
          "is this really a CSV file?"]),
    Case("latin1_deep_in_a_big_file", latin1_deep_in_a_big_file,
         ["phones.csv:2501: not UTF-8 text (byte 0xed); save the file as UTF-8"]),
]

STORED = [stored_case(folder) for folder in sorted(BROKEN.iterdir()) if folder.is_dir()]
CASES = STORED + GENERATED


def test_the_corpus_is_complete():
    names = {case.name for case in CASES}
    assert len(STORED) >= 20 and len(CASES) >= 24
    for required in ("service_organization_missing", "sal_service_missing",
                     "sal_location_missing", "attribute_term_missing",
                     "program_organization_missing", "cost_option_service_missing",
                     "organization_identifier_organization_missing", "missing_id",
                     "missing_required_column", "duplicate_id", "latitude_91", "bad_date",
                     "bad_status", "too_many_values", "latin1_encoding",
                     "png_named_csv", "legacy_1x_missing_taxonomy_term", "truncated_zip",
                     "fifty_mb_line"):
        assert required in names
    for case in STORED:
        assert case.expected, f"{case.name}/expected.txt is empty"


def assert_refused(result, case: Case) -> None:
    output = printed(result)
    assert result.exit_code == 1, output
    errors = lines(result, "error")
    for expected in case.expected:
        assert any(expected in line for line in errors), f"{expected!r} not in:\n{output}"
    assert len(errors) == len(case.expected), output


# -- the minimal package is valid -----------------------------------------------------------

def test_minimal_package_imports_cleanly(runner):
    state = load_minimal(runner)
    for name in sorted(p.name for p in MINIMAL.glob("*.csv")):
        table = {"taxonomies.csv": "taxonomy", "addresses.csv": "address",
                 "service_at_location.csv": "service_at_location"}.get(
            name, name.removesuffix(".csv").removesuffix("s"))
        assert state[table][0] == len(minimal_rows(name)) - 1, name
    again = run_import(runner, MINIMAL)
    assert again.exit_code == 0 and lines(again, "warning") == [], printed(again)
    assert snapshot() == state


# -- every broken package is refused and changes nothing ---------------------------------

@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_broken_package_is_refused_and_changes_nothing(runner, tmp_path, case):
    before = load_minimal(runner)
    path = case.build(tmp_path)
    result = run_import(runner, path)
    assert_refused(result, case)
    assert "nothing was imported" in printed(result)
    assert snapshot() == before


def test_a_package_without_hsds_tables_names_what_it_holds(runner, tmp_path):
    result = run_import(runner, zip_without_hsds_tables(tmp_path), "--skip-invalid")
    assert result.exit_code == 1, printed(result)
    [error] = lines(result, "error")
    assert error.endswith("; it holds README.txt, roster.csv"), error
    # No rows to fix or skip: the usual advice would mislead.
    assert "Fix the rows" not in printed(result) and "Imported" not in printed(result)


def test_an_empty_folder_with_replace_leaves_the_directory_alone(runner, tmp_path):
    before = load_minimal(runner)
    (tmp_path / "empty").mkdir()
    result = run_import(runner, tmp_path / "empty", "--replace")
    assert result.exit_code == 1, printed(result)
    assert lines(result, "error") == [f"error: {tmp_path / 'empty'}: {NO_TABLES} "
                                      "(at the top, in data/, or in a single folder); "
                                      "it holds no files"]
    assert snapshot() == before


def test_a_descriptor_listing_no_hsds_table_says_so(runner, tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "datapackage.json").write_text(
        '{"resources": [{"name": "volunteers", "path": "roster.csv"}]}', "utf-8")
    (folder / "roster.csv").write_text("name\nAvery Quill\n", "utf-8")
    result = run_import(runner, folder)
    assert result.exit_code == 1, printed(result)
    [error] = lines(result, "error")
    assert "no HSDS tables found: its datapackage.json lists none" in error
    assert "such as organizations.csv, services.csv" in error
    assert lines(result, "warning") == [
        "warning: datapackage.json:resources[0]: resource 'volunteers' is not an HSDS "
        "table; ignored"]


def test_fifty_mb_line_is_cheap(runner, tmp_path):
    """The 50 MB cell is given up on after a million characters: never held in memory."""
    case = next(c for c in GENERATED if c.name == "fifty_mb_line")
    before = load_minimal(runner)
    path = case.build(tmp_path)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = run_import(runner, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert_refused(result, case)
    # Not a timing assertion (machines differ); printed for whoever runs with -s.
    print(f"\n50 MB line refused in {elapsed:.2f}s, peak Python memory {peak / 2**20:.1f} MB")
    assert peak < 25 * 2**20  # far below the 50 MB the line would take
    assert snapshot() == before


@pytest.mark.parametrize("name", ["service_organization_missing", "bad_date", "latin1_encoding",
                                  "legacy_1x_missing_taxonomy_term"])
def test_report_only_prints_the_same_problems_and_writes_nothing(runner, tmp_path, name):
    case = next(c for c in STORED if c.name == name)
    before = load_minimal(runner)
    result = run_import(runner, case.build(tmp_path), "--report-only")
    assert_refused(result, case)
    assert snapshot() == before
    full = run_import(runner, case.build(tmp_path / "again"))
    assert lines(full, "error") == lines(result, "error")


def test_report_only_on_a_valid_package_writes_nothing(runner):
    result = run_import(runner, MINIMAL, "--report-only")
    assert result.exit_code == 0, printed(result)
    assert "nothing imported (--report-only)" in printed(result)
    assert all(count == 0 for count, _ in snapshot().values())


# -- --skip-invalid ------------------------------------------------------------------------

def test_skip_invalid_keeps_a_service_whose_organization_is_missing(runner, tmp_path):
    # Dropping it would hide a real service from the people who need it: it is kept
    # under a placeholder organization, named so, for an admin to complete.
    case = next(c for c in STORED if c.name == "service_organization_missing")
    result = run_import(runner, case.build(tmp_path), "--skip-invalid")
    assert result.exit_code == 0, printed(result)
    assert lines(result, "error") == []
    assert any("kept under a placeholder organization" in line
               for line in lines(result, "warning")), printed(result)
    assert "1 placeholder organization(s)" in printed(result)
    assert sorted(db.session.scalars(select(Service.id))) == sorted([SERVICE_1, SERVICE_2])
    service = db.session.get(Service, SERVICE_2)
    assert service.organization.name.endswith("(missing from the import)")
    assert db.session.scalar(select(func.count()).select_from(ServiceAtLocation)) == 2


def test_an_unreadable_time_drops_its_schedule_row_only(runner, tmp_path):
    package = overlay(PACKAGES / "unreadable_time", tmp_path / "package")
    result = run_import(runner, package)  # strict: a dropped row is no error
    assert result.exit_code == 0, printed(result)
    assert lines(result, "warning") == [
        "warning: schedules.csv:3:closes_at: schedule row dropped: '25:30' is not a time of "
        "day (expected like 09:00 or 9:00am)"]
    assert db.session.scalar(select(func.count()).select_from(Schedule)) == 1
    assert db.session.scalar(select(func.count()).select_from(Service)) == 2


def test_skip_invalid_keeps_the_database_version_of_a_bad_row(runner, tmp_path):
    before = load_minimal(runner)
    case = next(c for c in STORED if c.name == "latitude_91")
    result = run_import(runner, case.build(tmp_path), "--skip-invalid")
    assert result.exit_code == 0, printed(result)
    assert lines(result, "error") == [f"error: {case.expected[0]}"]
    after = snapshot()
    assert after["location"] == before["location"]  # the old row, not the bad one


def test_skip_invalid_skips_the_phones_of_a_skipped_service(runner, tmp_path):
    package = overlay(BROKEN / "bad_status", tmp_path / "package")  # service 1 is bad
    result = run_import(runner, package, "--skip-invalid")
    assert result.exit_code == 0, printed(result)
    assert db.session.scalars(select(Service.id)).all() == [SERVICE_2]
    assert all(phone.service_id or phone.location_id
               for phone in db.session.scalars(select(Phone)))
    assert all(s.service_id or s.location_id or s.service_at_location_id
               for s in db.session.scalars(select(Schedule)))


# -- a valid HSDS 1.x package --------------------------------------------------------------

def by_name(model, name: str):
    return db.session.scalars(select(model).where(model.name == name)).one()


def test_legacy_1x_package_imports_as_hsds_3(runner):
    result = run_import(runner, LEGACY)
    assert result.exit_code == 0, printed(result)
    assert lines(result, "error") == [], printed(result)
    first = snapshot()
    for table, (_, rows) in first.items():
        for row in rows:
            assert uuid.UUID(str(row[0])), (table, row)

    center = by_name(Organization, "Willow Creek Family Center")
    assert center.website == "https://www.willowcreek.example.org"
    club = by_name(Service, "After-School Club")
    supper = by_name(Service, "Community Supper")
    parents = by_name(Service, "Parenting Circle")
    assert club.organization_id == center.id
    assert club.eligibility_description == "Children aged 6 to 12; Willow Creek residents"
    assert parents.eligibility_description == "Parents of children under 2"
    assert parents.status == "inactive"

    hall = by_name(Location, "Harbor Lane Hall")
    family = by_name(Location, "Willow Creek Family Center")
    assert hall.location_type == family.location_type == "physical"
    addresses = db.session.scalars(select(Address).order_by(Address.address_1)).all()
    assert [(a.address_1, a.address_type, a.location_id) for a in addresses] == [
        ("14 Willow Road", "physical", family.id), ("200 Harbor Lane", "physical", hall.id),
        ("PO Box 77", "postal", family.id)]
    assert addresses[0].address_2 == "Building B, Floor 2"

    schedules = db.session.scalars(select(Schedule)).all()
    assert len(schedules) == 5
    weekly = {(s.service_id, s.byday): s for s in schedules if s.freq == "WEEKLY"}
    assert set(weekly) == {(supper.id, "MO"), (club.id, "TU"), (club.id, "TH")}
    assert str(weekly[(club.id, "TU")].opens_at) == "15:00:00"
    [closed] = [s for s in schedules if s.description == "Closed"]
    assert closed.service_id == supper.id and closed.opens_at is None
    assert str(closed.valid_from) == str(closed.valid_to) == "2024-12-25"

    meals = by_name(TaxonomyTerm, "Meals")
    assert meals.parent_id == by_name(TaxonomyTerm, "Food").id
    assert meals.taxonomy == "Willow Creek Categories"
    attributes = db.session.scalars(select(Attribute)).all()
    assert {a.link_entity for a in attributes} == {"service"}
    assert {(a.link_id, a.taxonomy_term_id) for a in attributes} == {
        (supper.id, meals.id), (club.id, by_name(TaxonomyTerm, "Youth").id),
        (parents.id, by_name(TaxonomyTerm, "Youth").id)}

    assert {(lang.service_id, lang.name) for lang in db.session.scalars(select(Language))} == {
        (club.id, "Spanish"), (supper.id, "English")}
    [access] = db.session.scalars(select(Accessibility)).all()
    assert (access.location_id, access.description) == (family.id, "Wheelchair ramp")
    assert {p.number for p in db.session.scalars(select(Phone))} == {"555-0170", "555-0199"}

    # The same export imported again: the same UUIDs, updated in place, nothing doubled.
    again = run_import(runner, LEGACY)
    assert again.exit_code == 0 and lines(again, "error") == [], printed(again)
    assert snapshot() == first
