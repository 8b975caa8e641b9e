"""/admin/directory/stale (and its CSV) and /admin/directory/taxonomy: the listings not
confirmed lately with the provider accounts to ask, and the taxonomy's names in English
and Spanish (audited; the Spanish tiles and search follow)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.directory.models import (
    Attribute, Organization, Service, TaxonomyTerm, TaxonomyTermTranslation,
)
from navigator.extensions import db
from navigator.portal.listings import local_today

ADMIN = "admin@example.org"


@pytest.fixture
def admin(staff, app):
    """A signed-in admin; two organizations with services confirmed at various ages, a
    provider account (and a disabled one) for the first."""
    with app.app_context():
        today = local_today(current_app.config["NAVIGATOR_TIMEZONE"])
        db.session.add_all([
            Organization(id="org-1", name="Helping Hands", description="d"),
            Organization(id="org-2", name="Other Org", description="d"),
            TaxonomyTerm(id="term-1", name="Food", description="Food"),
        ])
        for id_, org, days in (("fresh", "org-1", 10), ("old", "org-1", 200),
                               ("ancient", "org-2", 400), ("never", "org-2", None),
                               ("gone", "org-2", None)):
            db.session.add(Service(
                id=id_, organization_id=org, name=f"{id_.title()} service",
                status="defunct" if id_ == "gone" else "active",
                assured_date=None if days is None else today - timedelta(days=days)))
            db.session.add(Attribute(id=f"a-{id_}", link_id=id_, link_entity="service",
                                     taxonomy_term_id="term-1"))
        db.session.commit()
    staff.user("provider@example.org", "provider", "org-1")
    disabled = staff.user("gone@example.org", "provider", "org-1")
    with app.app_context():
        from navigator.auth.models import User
        db.session.get(User, disabled).active = False
        db.session.commit()
    staff.user(ADMIN, "admin")
    client = staff.client()
    assert staff.sign_in(client, ADMIN).status_code == 302
    return client


@pytest.mark.parametrize("age, names", [
    ("180", ["Old service", "Ancient service", "Never service"]),
    ("365", ["Ancient service", "Never service"]),
    ("never", ["Never service"]),
])
def test_stale_listings_and_their_csv(admin, age, names):
    page = admin.get(f"/admin/directory/stale?age={age}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in ("Fresh service", "Old service", "Ancient service", "Never service",
                 "Gone service"):
        assert (name in html) == (name in names), name
    assert ("provider@example.org" in html) == ("Old service" in names)
    assert "gone@example.org" not in html

    download = admin.get(f"/admin/directory/stale.csv?age={age}")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows[0][0] == "Organization"
    assert [row[1] for row in rows[1:]] == names  # by organization, then name
    emails = {row[1]: row[6] for row in rows[1:]}
    if "Old service" in names:
        assert emails["Old service"] == "provider@example.org"
    assert emails["Never service"] == ""


def test_the_default_is_180_days_and_a_bad_filter_is_refused(admin):
    html = admin.get("/admin/directory/stale").get_data(as_text=True)
    assert "Old service" in html and "Fresh service" not in html
    assert admin.get("/admin/directory/stale?age=7").status_code == 400
    assert admin.get("/admin/directory/stale.csv?age=7").status_code == 400


def test_a_csv_cell_is_never_a_formula(app, admin):
    with app.app_context():
        db.session.get(Service, "never").name = "=HYPERLINK(\"x\")"
        db.session.commit()
    text = admin.get("/admin/directory/stale.csv?age=never").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_renaming_a_term_in_spanish_shows_on_the_spanish_tiles_and_search(app, staff,
                                                                         admin):
    listed = admin.get("/admin/directory/taxonomy").get_data(as_text=True)
    assert "Food" in listed and "(none)" in listed
    path = "/admin/directory/taxonomy/term-1"
    response = admin.post(path, data={"csrf_token": staff.csrf(admin, path),
                                      "name": "Food", "name_es": "Despensa"})
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(TaxonomyTermTranslation, ("term-1", "es"))
        assert row.name == "Despensa"
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "taxonomy_term.rename")).all()
        assert [e.entity_id for e in events] == ["term-1"]
    public = app.test_client()
    assert "Despensa" in public.get("/es/").get_data(as_text=True)
    assert "Despensa" not in public.get("/").get_data(as_text=True)
    found = public.get("/es/search?q=Despensa").get_data(as_text=True)
    assert "Old service" in found

    # Both names at once; an empty Spanish name removes the translation.
    admin.post(path, data={"csrf_token": staff.csrf(admin, path), "name": "Groceries",
                           "name_es": ""})
    with app.app_context():
        assert db.session.get(TaxonomyTerm, "term-1").name == "Groceries"
        assert db.session.get(TaxonomyTermTranslation, ("term-1", "es")) is None
    assert "Groceries" in public.get("/es/").get_data(as_text=True)


def test_a_term_needs_its_english_name(app, staff, admin):
    path = "/admin/directory/taxonomy/term-1"
    response = admin.post(path, data={"csrf_token": staff.csrf(admin, path), "name": " ",
                                      "name_es": "Comida"})
    assert response.status_code == 400
    assert "name in English." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(TaxonomyTermTranslation, ("term-1", "es")) is None
    assert admin.get("/admin/directory/taxonomy/no-such-term").status_code == 404
