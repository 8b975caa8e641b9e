"""A small HSDS package as a zip, for the admin's import page (and the fuzz world)."""

from __future__ import annotations

import io
import uuid
import zipfile

import csv


def U(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"navigator-admin-test:{name}"))


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def package_zip(service_name: str = "Zanzibar diaper bank", broken: bool = False) -> bytes:
    """One organization with one active service filed under a term; ``broken``: the
    service points at an organization the package lacks (an error)."""
    tables = {
        "organizations.csv": [{"id": U("o1"), "name": "Bull City Helpers",
                               "description": "Help for families"}],
        "services.csv": [{"id": U("s1"),
                          "organization_id": U("missing") if broken else U("o1"),
                          "name": service_name, "status": "active",
                          "description": "Diapers and wipes for babies"}],
        "taxonomies.csv": [{"id": U("t1"), "name": "Needs", "description": "Local needs"}],
        "taxonomy_terms.csv": [{"id": U("tt1"), "code": "baby", "name": "Baby supplies",
                                "description": "Baby supplies", "taxonomy_id": U("t1")}],
        "attributes.csv": [{"id": U("at1"), "link_id": U("s1"), "taxonomy_term_id": U("tt1"),
                            "link_entity": "service"}],
    }
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, rows in tables.items():
            archive.writestr(name, _csv(rows))
    return data.getvalue()
