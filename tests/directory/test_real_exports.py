"""Real 211 exports (HSDS 1.x) import: defaults where the meaning is clear, said once;
placeholders for missing organizations; repaired text; a report file; stable ids.

The package is generated (``bench/messy_hsds.py``) with each shape real exports have;
nothing here is copied from one.
"""

from __future__ import annotations

import csv
import re

import pytest
from sqlalchemy import func, select

from navigator.directory.models import Organization, Phone, Schedule, Service
from navigator.directory.text_repair import repair
from navigator.directory.values import BadValue, to_time
from navigator.extensions import db
from tests.bench_modules import load_bench_module

messy_hsds = load_bench_module("messy_hsds")
SERVICES = 120


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def messy(tmp_path):
    package = tmp_path / "export"
    messy_hsds.write_package(package, SERVICES)
    return package


@pytest.fixture
def tidy(tmp_path):
    """The same shapes, every service's organization in the file."""
    package = tmp_path / "export"
    messy_hsds.write_package(package, SERVICES, missing_organizations=0)
    return package


def test_a_real_export_imports_with_every_service(runner, messy, tmp_path):
    report = tmp_path / "problems.csv"
    result = runner.invoke(args=["directory", "import", str(messy), "--skip-invalid",
                                 "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert count(Service) == SERVICES
    placeholders = db.session.scalars(
        select(Organization).where(Organization.name.like("%(missing from the import)"))).all()
    assert placeholders and all(p.services for p in placeholders)
    assert f"{len(placeholders)} placeholder organization(s)" in result.output
    # Marked for an admin: listed on their own, and nothing else is.
    listed = runner.invoke(args=["directory", "organizations", "--placeholders"])
    assert listed.exit_code == 0, listed.output
    assert f"{len(placeholders)} organization(s)." in listed.output
    assert all(p.id in listed.output for p in placeholders)
    assert listed.output.count("(missing from the import)") == len(placeholders)
    # Each default and repair is said once, with its count.
    lines = result.output.splitlines()
    for words in ("empty status read as active", "empty country read as US",
                  "no id: a stable one made from the row", "mojibake repaired",
                  "export tag removed", "phone without a number dropped",
                  "eligibility attached to no service dropped"):
        said = [line for line in lines if words in line]
        assert len(said) == 1 and " rows" in said[0], (words, said)
    assert f"status: empty status read as active — {SERVICES} rows" in result.output
    assert len(lines) <= 40  # one screen
    # Text repaired: no mojibake, tag or entity left in what people read.
    for service in db.session.scalars(select(Service)):
        assert "GÇÖ" not in service.description and "###" not in service.description
        assert "&amp;" not in service.description and "It’s free & confidential" in \
            service.description
    # Phones without a number and unreadable times are dropped, not the service.
    assert count(Phone) == SERVICES - SERVICES // 30
    assert all(s.opens_at is not None for s in db.session.scalars(select(Schedule)))


def test_the_report_file_lists_every_problem(runner, messy, tmp_path):
    report = tmp_path / "problems.csv"
    result = runner.invoke(args=["directory", "import", str(messy), "--skip-invalid",
                                 "--report", str(report)])
    assert result.exit_code == 0, result.output
    with report.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert f"Wrote {len(rows)} row(s)" in result.output
    status = [r for r in rows if r["column"] == "status"]
    assert len(status) == SERVICES and status[0]["file"] == "services.csv"
    assert status[0]["what was done"] == "empty status read as active"
    unreadable = [r for r in rows if r["what was done"].startswith("schedule row dropped")]
    assert unreadable and all(r["value"] in messy_hsds.UNREADABLE for r in unreadable)


def test_defaults_alone_are_not_errors(runner, tidy):
    result = runner.invoke(args=["directory", "import", str(tidy)])
    assert result.exit_code == 0, result.output
    assert count(Service) == SERVICES


def test_a_missing_organization_still_refuses_a_strict_import(runner, messy):
    result = runner.invoke(args=["directory", "import", str(messy)])
    assert result.exit_code == 1
    assert "no organization with id" in result.output and count(Service) == 0


def test_importing_the_same_export_again_keeps_its_ids(runner, messy):
    def state():
        return (set(db.session.scalars(select(Service.id))),
                set(db.session.scalars(select(Schedule.id))),
                set(db.session.scalars(select(Organization.id))), count(Phone))

    assert runner.invoke(args=["directory", "import", str(messy), "--skip-invalid"]
                         ).exit_code == 0
    first = state()
    again = runner.invoke(args=["directory", "import", str(messy), "--skip-invalid"])
    assert again.exit_code == 0, again.output
    assert state() == first
    assert re.search(rf"^service\s+{SERVICES}\s+0\s+{SERVICES}\s", again.output, re.M)


@pytest.mark.parametrize("typed, read", [
    ("9:00am", "09:00"), ("830am", "08:30"), ("9 am", "09:00"), ("12noon", "12:00"),
    ("5:30 pm", "17:30"), ("430pm", "16:30"), ("12 midnight", "00:00"), ("7 a.m.", "07:00"),
])
def test_times_as_people_type_them(typed, read):
    assert to_time(typed).strftime("%H:%M") == read


@pytest.mark.parametrize("typed", ["by appt", "varies", "1360pm", "25:00"])
def test_times_that_cannot_be_read(typed):
    with pytest.raises(BadValue):
        to_time(typed)


def test_text_repair():
    assert repair("###MON###ItGÇÖs free &amp; safe") == (
        "It’s free & safe", ("export tag removed", "HTML entity decoded", "mojibake repaired"))
    assert repair("Itâ€™s open") == ("It’s open", ("mojibake repaired",))
    # Good text is left as it is, accents, dashes, "#1" and "R&D" included.
    for good in ("Clínica — señora", "#1 choice", "R&D lab", "Ages 5–12 “welcome”"):
        assert repair(good) == (good, ())


def test_an_import_gives_its_connection_the_page_cache_back(runner, messy):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's page cache")

    def cache_size():
        return db.session.connection().exec_driver_sql("PRAGMA cache_size").scalar()

    before = cache_size()
    db.session.commit()
    result = runner.invoke(args=["directory", "import", str(messy), "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert cache_size() == before
