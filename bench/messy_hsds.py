"""A generated HSDS 1.x package shaped like real 211 exports, for the import tests and
``bench/import_bench.py --messy``.

Everything is fictional (names, numbers, places); only the *shapes* follow what real
exports do: no ``status`` on services, no ``country`` on addresses and some without a
street, schedules without ids and with times written by hand (``9:00am``, ``830am``,
``12noon``), eligibility rows attached to nothing, language rows sharing an id, phones
without a number, services whose organization is not in the file, mojibake and export
tags in descriptions, small integer ids shared across files, and a descriptor that
lists files that are not there.

Run ``python bench/messy_hsds.py OUT_DIR [SERVICES]`` to write one.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

#: Times as people type them into 211 software; the last ones cannot be read.
TIMES_OPEN = ("9:00am", "830am", "9 am", "8:30 AM", "10am", "9:00", "7 a.m.", "12noon")
TIMES_CLOSE = ("5:00pm", "5:30 pm", "4 pm", "430pm", "17:00", "12 midnight", "noon", "9pm")
UNREADABLE = ("by appt", "varies")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WORDS = ("food", "pantry", "shelter", "rent", "utility", "counseling", "legal", "clinic",
         "dental", "job", "training", "youth", "senior", "veterans", "transportation",
         "recovery", "housing", "tax", "immigration", "childcare")
#: What broken exports do to text: a UTF-8 apostrophe read as CP437 and an export tag.
MOJIBAKE = "GÇÖ"
TAG = "###MON###"
CITIES = (("Riverton", "27501"), ("Oak Hill", "27502"), ("Millbrook", "27503"))

#: Fraction of services pointing at an organization that is not in the file.
MISSING_ORGANIZATIONS = 0.11


def write_package(out: Path, services: int, seed: int = 7,
                  missing_organizations: float = MISSING_ORGANIZATIONS) -> dict[str, int]:
    """Write the package; return the number of rows of each file. With
    ``missing_organizations=0`` every service's organization is in the file."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    organizations = max(1, services // 4)
    files: dict[str, list[dict]] = {name: [] for name in (
        "organizations", "services", "locations", "services_at_location",
        "physical_addresses", "phones", "regular_schedules", "eligibility", "languages",
        "taxonomy", "services_taxonomy")}
    for o in range(1, organizations + 1):
        files["organizations"].append({
            "id": o, "name": f"Fictional Agency {o}",
            "description": f"Agency {o} serves the county{MOJIBAKE}s families &amp; elders.",
            "email": "", "url": f"www.agency{o}.example.org"})
    terms = [(t, word) for t, word in enumerate(WORDS, 1)]
    for t, word in terms:
        files["taxonomy"].append({"id": t, "name": word.title(), "parent_id": "",
                                  "parent_name": "", "vocabulary": "211"})
    missing_from = organizations + 1
    for s in range(1, services + 1):
        word = WORDS[s % len(WORDS)]
        if rng.random() < missing_organizations:
            organization = missing_from + rng.randrange(max(1, services // 40))
        else:
            organization = rng.randint(1, organizations)
        files["services"].append({
            "id": s, "organization_id": organization, "program_id": "",
            "name": f"{word.title()} program {s}", "alternate_name": "",
            "description": f"{TAG}Offers {word} help. It{MOJIBAKE}s free &amp; confidential. "
                           f"Call first.",
            "url": "", "email": "", "status": "", "interpretation_services": "",
            "application_process": "Walk in or call.", "wait_time": "", "fees": "None"})
        # Locations share the service's number, as exports do.
        city, postal = CITIES[s % len(CITIES)]
        files["locations"].append({
            "id": s, "organization_id": organization, "name": f"Site {s}",
            "description": "", "latitude": "", "longitude": ""})
        files["services_at_location"].append({"id": s, "service_id": s, "location_id": s,
                                              "description": ""})
        street = "" if s % 25 == 0 else f"{100 + s} Main St"
        files["physical_addresses"].append({
            "id": s, "location_id": s, "attention": "", "address_1": street,
            "address_2": "", "city": city, "region": "", "state_province": "NC",
            "postal_code": postal, "country": ""})
        files["phones"].append({
            "id": s, "location_id": "", "service_id": s, "organization_id": "",
            "number": "" if s % 30 == 0 else f"555-01{s % 100:02d}", "extension": "",
            "type": "voice", "language": "", "description": ""})
        for day in DAYS[:5 if s % 3 else 2]:
            opens = rng.choice(TIMES_OPEN + (UNREADABLE if s % 50 == 0 else ()))
            files["regular_schedules"].append({
                "id": "", "service_id": s, "location_id": "", "service_at_location_id": "",
                "weekday": day, "opens_at": opens, "closes_at": rng.choice(TIMES_CLOSE)})
        if s % 4 == 0:
            files["eligibility"].append({"id": "", "service_id": "",
                                         "eligibility": "Residents of the county."})
        files["languages"].append({"id": 1 + s % 3, "service_id": s, "location_id": "",
                                   "language": rng.choice(("English", "Spanish"))})
        files["services_taxonomy"].append({"id": s, "service_id": s,
                                           "taxonomy_id": terms[s % len(terms)][0],
                                           "taxonomy_detail": ""})
    counts = {}
    for name, rows in files.items():
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        counts[name] = len(rows)
    resources = [{"name": name, "path": f"{name}.csv"}
                 for name in (*files, "contacts", "funding", "holiday_schedules")]
    (out / "datapackage.json").write_text(json.dumps(
        {"name": "fictional-211-export", "resources": resources}, indent=1))
    return counts


if __name__ == "__main__":
    target = Path(sys.argv[1])
    print(write_package(target, int(sys.argv[2]) if len(sys.argv) > 2 else 400))
