"""The suggestions page: every candidate, fitting or not, with its organization, a number
to tap, its listing and a way to refer; when nothing fits, why and the ways forward."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.extensions import db
from navigator.workflow import services
from tests.workflow.consent_factory import plain_consent
from tests.workflow.listings_factory import Listings


@pytest.fixture
def page_world(app, staff):
    with app.app_context():
        listings = Listings()
        other = listings.organization("Eno River Pantry Network")
        adult = listings.service("Adult Pantry", min_age=18, languages=("en", "es"),
                                 phone="919-555-0199")
        teen = listings.service("Teen Pantry", min_age=10, max_age=17,
                                languages=("en", "es"), org=other, phone="(919) 555 0142")
        english = listings.service("English Pantry", languages=("en",), km=3.0)
        resident = services.create_resident(name="Juana Pérez", language="es",
                                            place="27701",
                                            birth_year=datetime.now().year - 15)
        need = listings.need(resident)
        db.session.flush()
        plain_consent(resident, [listings.org.id])
        db.session.commit()
        return {"resident": resident.id, "need": need.id, "teen": teen.id,
                "adult": adult.id, "english": english.id, "org": listings.org.id,
                "other": other.id, "term": listings.terms["food"].id}


def _signed_in(staff):
    staff.user()
    client = staff.client()
    staff.sign_in(client)
    return client


def _items(page: str) -> dict[str, str]:
    return {re.search(r"<h3>([^<]+)</h3>", item)[1]: item
            for item in page.split('<li class="record">')[1:]}


def test_every_candidate_has_its_organization_phone_listing_and_refer(app, staff, page_world):
    client = _signed_in(staff)
    path = f"/navigator/residents/{page_world['resident']}/suggestions"
    assert path in client.get(f"/navigator/residents/{page_world['resident']}").text
    response = client.get(path)
    assert response.status_code == 200
    page = response.text
    fitting, _, not_fitting = page.partition("Services that do not fit")
    assert "Teen Pantry" in fitting and "English Pantry" in fitting
    assert "Adult Pantry" not in fitting
    assert "Adult Pantry" in not_fitting and "ages 18+ only" in not_fitting
    items = _items(page)

    # The Spanish speaker's English-only pantry fits, with a caution.
    assert ("<strong>Fits, but:</strong> no Spanish spoken; ask about an interpreter"
            in items["English Pantry"])

    teen, adult = items["Teen Pantry"], items["Adult Pantry"]
    assert "Eno River Pantry Network" in teen and "Bull City Mutual Aid" in adult
    assert 'href="tel:(919)5550142">Call (919) 555 0142</a>' in teen
    assert 'href="tel:919-555-0199">Call 919-555-0199</a>' in adult
    assert f'href="/services/{page_world["teen"]}">Listing' in teen

    # The page is the referral form: a service is chosen among those offered, each with
    # what the resident's consent lets its organization see.
    assert (f'<form method="post" action="/navigator/residents/{page_world["resident"]}'
            '/referrals/new"') in page
    for name in ("Teen Pantry", "Adult Pantry", "English Pantry"):
        assert 'type="radio" name="service_id"' in items[name]
        assert f"Refer to this service<span class=\"visually-hidden\">: {name}" in items[name]
    assert "Consent on file" in adult
    assert ("No active consent names Eno River Pantry Network: record the resident's "
            "consent on this page") in teen
    assert 'name="consent_scope"' in page and 'name="handoff_method"' in page
    links = re.findall(r'href="([^"]+)"', page)
    assert not any("juana" in link.lower() or "rez" in link.lower() for link in links)
    with app.app_context():
        actions = [(e.action, e.entity_id) for e in db.session.scalars(select(AuditEvent))]
        assert ("resident.suggestions.view", page_world["resident"]) in actions


def test_when_nothing_fits_the_page_says_why_and_offers_ways_forward(app, staff):
    with app.app_context():
        listings = Listings()
        listings.service("Full Pantry", accepting=False)
        listings.service("Shut Pantry", status="temporarily closed", km=2.0)
        listings.service("Other Full Pantry", accepting=False, km=3.0)
        listings.service("Far Pantry", km=90.0)
        resident = services.create_resident(name="Lupe Ortiz", place="27701")
        listings.need(resident)
        db.session.commit()
        resident_id, term = resident.id, listings.terms["food"].id
    client = _signed_in(staff)
    path = f"/navigator/residents/{resident_id}/suggestions"
    page = client.get(path).text
    assert "No service fits all of this resident" in page
    assert ("3 services were found, and none fits: not accepting referrals (2); "
            "temporarily closed (1).") in " ".join(page.split())
    farther = f"{path}?area=any"
    assert f'href="{farther}">Look farther away, at any distance' in page
    assert 'href="#not-fitting">See the services that do not fit' in page
    assert f'href="/search?taxonomy_term_id={term}">Search the directory' in page
    assert f'href="/navigator/residents/{resident_id}/needs/new">Add a need' in page
    assert "Far Pantry" not in page

    # Farther away, the pantry 56 miles off fits.
    wider = client.get(farther).text
    fitting = wider.partition("Services that do not fit")[0]
    assert "Far Pantry" in fitting and "56 mi away" in fitting
    assert "Look farther away" not in wider


def test_with_nothing_near_the_page_says_so(app, staff):
    with app.app_context():
        listings = Listings()
        listings.service("Far Pantry", km=90.0)
        resident = services.create_resident(name="Rey", place="27701")
        listings.need(resident)
        db.session.commit()
        resident_id = resident.id
    page = _signed_in(staff).get(f"/navigator/residents/{resident_id}/suggestions").text
    assert "No active service is listed under these needs within 30 miles." in page
    assert "See the services that do not fit" not in page


def test_the_page_in_spanish(app, staff, page_world):
    client = _signed_in(staff)
    client.set_cookie("lang", "es")
    page = client.get(f"/navigator/residents/{page_world['resident']}/suggestions",
                      headers={"Accept-Language": "es"}).text
    assert "Servicios sugeridos" in page
    assert "Servicios que no corresponden" in page
    assert "solo edades de 18 años o más" in page
    assert "la edad está dentro del rango del servicio" in page
    assert "habla español" in page
    assert "Corresponde, pero:</strong> no se habla español; pregunte por un intérprete" in page
    assert "Remitir a este servicio" in page


def test_the_page_shows_the_zip_not_miles_for_a_zip_centre_service(app, staff):
    with app.app_context():
        listings = Listings()
        listings.service("Zip Pantry", km=0.0, approximate=True, zip_code="27701")
        listings.service("Street Pantry", km=1.0)
        resident = services.create_resident(name="Lupe Ortiz", place="27701")
        listings.need(resident)
        db.session.commit()
        resident_id = resident.id
    page = _signed_in(staff).get(f"/navigator/residents/{resident_id}/suggestions").text
    items = _items(page)
    assert "in ZIP 27701 (approximate location)" in items["Zip Pantry"]
    assert not re.search(r"\d\s*mi\b", items["Zip Pantry"])
    assert "0.6 mi away" in items["Street Pantry"]


def test_a_provider_gets_403(app, staff, page_world):
    staff.user("provider@example.org", "provider", page_world["org"])
    client = staff.client()
    staff.sign_in(client, "provider@example.org")
    path = f"/navigator/residents/{page_world['resident']}/suggestions"
    assert client.get(path).status_code == 403
    assert client.get(f"{path}?area=any").status_code == 403
