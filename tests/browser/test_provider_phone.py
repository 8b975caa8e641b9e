"""A provider keeps a listing true from a 375 px phone, in Chromium: sends new weekly hours
for review, says how many beds are open today and confirms the listing; the public page
shows the beds at once, and the new hours once an admin approves them (edited first) in
the review queue. Every portal page and every review page, found by following their
links, passes axe and fits the screen, with JavaScript on and off.

The listing is the test's own (an organization with one service at one place), removed
afterwards with what the test added: the live server's directory stays as it was."""

from __future__ import annotations

import re
import uuid
from datetime import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import delete, select

from navigator.directory.models import (
    Address, Location, Metadata, Organization, Phone, Schedule, Service, ServiceAtLocation,
    ServiceCapacity, Unit,
)
from navigator.extensions import db
from tests.browser.browsing import PHONE, assert_accessible, new_page
from tests.browser.test_staff_nav import PASSWORD, _account, _fits, _sign_in

PROVIDER = "provider-phone15@example.org"
ADMIN = "admin-phone15@example.org"
NAME = "Lantern House overnight beds"


@pytest.fixture
def listing(live_app):
    """The test's organization, its service (open Monday to Friday, 9 to 5) at one place,
    and its provider; a resident's report and a request for access waiting for review.
    Afterwards the records go and the provider has no organization."""
    from navigator.auth.accounts import create_user, find_user
    from navigator.review.models import AccessRequest, ListingReport, Proposal

    ids = {key: str(uuid.uuid4()) for key in ("organization", "service", "place")}
    with live_app.app_context():
        units = set(db.session.scalars(select(Unit.id)))
        db.session.add(Organization(id=ids["organization"], name="Lantern House",
                                    description="Overnight shelter."))
        db.session.flush()
        db.session.add_all([
            Service(id=ids["service"], organization_id=ids["organization"], name=NAME,
                    status="active", description="Beds for the night, for adults."),
            Location(id=ids["place"], organization_id=ids["organization"],
                     location_type="physical", name="Lantern House")])
        db.session.flush()
        db.session.add_all([
            ServiceAtLocation(id=str(uuid.uuid4()), service_id=ids["service"],
                              location_id=ids["place"]),
            Address(id=str(uuid.uuid4()), location_id=ids["place"], address_type="physical",
                    address_1="410 Foster St", city="Durham", state_province="NC",
                    postal_code="27701", country="US"),
            Phone(id=str(uuid.uuid4()), service_id=ids["service"], number="919-555-0175"),
            Schedule(id=str(uuid.uuid4()), service_id=ids["service"], freq="WEEKLY",
                     byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(17)),
            ListingReport(service_id=ids["service"], problem="hours",
                          details="Nobody answered at 4 pm."),
            AccessRequest(organization_id=ids["organization"], service_id=ids["service"],
                          name="Sam Okafor", email="sam@lantern.example.org",
                          job_title="Night manager")])
        provider = find_user(PROVIDER) or create_user(PROVIDER, PASSWORD, "provider",
                                                      ids["organization"])
        provider.organization_id = ids["organization"]
        db.session.commit()
    yield ids
    with live_app.app_context():
        find_user(PROVIDER).organization_id = None
        service, place = ids["service"], ids["place"]
        for statement in (
                delete(Proposal).where(Proposal.organization_id == ids["organization"]),
                delete(ListingReport).where(ListingReport.service_id == service),
                delete(AccessRequest).where(
                    AccessRequest.organization_id == ids["organization"]),
                delete(ServiceCapacity).where(ServiceCapacity.service_id == service),
                delete(Unit).where(Unit.id.not_in(units)),
                delete(Schedule).where(Schedule.service_id == service),
                delete(Phone).where(Phone.service_id == service),
                delete(ServiceAtLocation).where(ServiceAtLocation.service_id == service),
                delete(Address).where(Address.location_id == place),
                delete(Metadata).where(Metadata.updated_by == PROVIDER)):
            db.session.execute(statement)
        # Through the session, so that the search index drops the listing too.
        db.session.delete(db.session.get(Service, service))
        db.session.delete(db.session.get(Location, place))
        db.session.flush()
        db.session.delete(db.session.get(Organization, ids["organization"]))
        db.session.commit()


def _check(page) -> None:
    assert_accessible(page)
    _fits(page)


def _crawl(page, start: str, under: str) -> list[str]:
    """Every page under ``under`` that links lead to from ``start``, each checked."""
    host = urlsplit(page.url).netloc
    seen: list[str] = []
    waiting = [start]
    while waiting:
        path = waiting.pop(0)
        if path in seen:
            continue
        seen.append(path)
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        _check(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlsplit(href)
            if link.netloc == host and link.path.startswith(under):
                waiting.append(link.path + (f"?{link.query}" if link.query else ""))
    return seen


def _without_javascript(browser, live_server, page, paths: list[str]) -> None:
    """The same pages, signed in as ``page`` is, in a browser without JavaScript."""
    bare = new_page(browser, live_server, java_script_enabled=False, **PHONE)
    try:
        bare.context.add_cookies(page.context.cookies())
        for path in paths:
            assert bare.goto(path).status == 200, path
            _check(bare)
    finally:
        bare.context.close()


def _text(locator) -> str:
    return " ".join(locator.inner_text().split())


def _day(page, name: str) -> str:
    """The public page's hours of the day ``name``."""
    header = page.get_by_role("rowheader", name=re.compile(name))
    return _text(page.locator("table.hours tr", has=header))


def test_a_provider_keeps_a_listing_true_from_a_phone(browser, live_server, live_app,
                                                      phone, listing):
    page = phone
    _sign_in(page, PROVIDER)
    assert page.url.endswith("/provider")
    mine = page.locator(f"#listing-{listing['service']}")

    # New weekly hours, sent for review: weekdays 7:30 to 3:30, and Saturday mornings.
    mine.get_by_role("link", name="Weekly hours").click()
    page.wait_for_load_state()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"):
        group = page.get_by_role("group", name=day)
        group.get_by_label("Open these hours").check()
        group.get_by_label("Opens", exact=True).fill("07:30")
        group.get_by_label("Closes", exact=True).fill("12:00" if day == "Saturday"
                                                      else "15:30")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/provider/services/{listing['service']}")
    assert "Sent for review: the new hours" in _text(page.locator("main"))
    _check(page)

    # Today: three beds open, at once.
    page.goto("/provider")
    mine.get_by_text("Today: referrals, places open, alert").click()
    mine.get_by_label("Places open now").fill("3")
    mine.get_by_label("Counted in").select_option(label="beds")
    mine.get_by_role("button", name="Save: takes effect now").click()
    page.wait_for_load_state()
    assert f"Saved: {NAME} shows the change now." in _text(page.locator("main"))

    # Still correct: confirmed today.
    mine.get_by_role("button", name="Everything is still correct").click()
    page.wait_for_load_state()
    assert f"Thank you: {NAME} is confirmed as correct today." in _text(page.locator("main"))
    assert "last confirmed" in _text(mine)
    _check(page)

    mine.get_by_role("link", name="public page").click()
    page.wait_for_load_state()
    assert _text(page.locator(".places")).startswith("3 beds open, updated ")
    assert "9:00" in _day(page, "Monday") and "Closed" in _day(page, "Saturday")
    _check(page)

    provider_pages = _crawl(page, "/provider", "/provider")
    assert {f"/provider/services/{listing['service']}/hours",
            f"/provider/locations/{listing['place']}",
            f"/provider/listings/{listing['service']}/today",
            f"/provider/service/{listing['service']}/edit/spanish"} <= set(provider_pages)
    _without_javascript(browser, live_server, page, provider_pages)

    # The admin reviews the hours on a phone too, and approves them with Friday shorter.
    _account(live_app, ADMIN, "admin")
    admin = new_page(browser, live_server, **PHONE)
    try:
        _sign_in(admin, ADMIN)
        review_pages = _crawl(admin, "/admin/review", "/admin/review")
        for kind in ("proposals", "reports", "access"):
            assert any(p.startswith(f"/admin/review/{kind}/") for p in review_pages), kind
        _without_javascript(browser, live_server, admin, review_pages)

        admin.goto("/admin/review")
        admin.locator("tr.queue-proposal").get_by_role("link", name=NAME).click()
        admin.wait_for_load_state()
        heading = admin.get_by_role("heading", name="Edit, then approve")
        edit = admin.locator("section.decision", has=heading)
        friday = edit.get_by_role("group", name="Friday")
        assert friday.get_by_label("Opens", exact=True).input_value() == "07:30"
        friday.get_by_label("Closes", exact=True).fill("")
        edit.get_by_role("button", name="Approve with my edits").click()
        admin.wait_for_load_state()
        assert "Friday: Enter when it closes." in _text(admin.get_by_role("alert"))
        assert friday.get_by_label("Closes", exact=True).get_attribute("aria-invalid") == "true"
        _check(admin)
        friday.get_by_label("Closes", exact=True).fill("14:00")
        edit.get_by_role("button", name="Approve with my edits").click()
        admin.wait_for_load_state()
        assert admin.url.endswith("/admin/review")
        assert f"Approved: the changes to {NAME} are in the directory." in _text(
            admin.locator("main"))
    finally:
        admin.context.close()

    page.goto(f"/services/{listing['service']}")
    monday, friday, saturday = (_day(page, day) for day in ("Monday", "Friday", "Saturday"))
    assert "7:30" in monday and "3:30" in monday, monday
    assert "7:30" in friday and "2:00" in friday, friday
    assert "7:30" in saturday and "12:00" in saturday, saturday
    assert "Closed" in _day(page, "Sunday")
    assert _text(page.locator(".places")).startswith("3 beds open, updated ")
    _check(page)
