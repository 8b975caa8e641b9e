"""The review queue in a real browser at a 360 px phone's width: the queue, a proposed
change beside its listing (and its refusal of a rejection without a note), a problem
report and an access request pass axe and fit the screen. Nothing is decided: the live
directory stays as it was, and the items are removed afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.extensions import db
from tests.browser.browsing import assert_accessible
from tests.browser.test_staff_nav import SMALL_PHONE, _account, _fits, _sign_in
from tests.browser.browsing import new_page

ADMIN = "admin-review@example.org"
PROVIDER = "provider-review@example.org"


@pytest.fixture
def small_phone(browser, live_server):
    page = new_page(browser, live_server, **SMALL_PHONE)
    yield page
    page.context.close()


@pytest.fixture
def waiting(live_app):
    """A proposal, a report and an access request on the first listing; removed after."""
    from navigator.auth.accounts import create_user, find_user
    from navigator.review import proposals
    from navigator.review.models import AccessRequest, ListingReport, Proposal

    with live_app.app_context():
        service = db.session.scalars(select(Service).order_by(Service.name)).first()
        provider = find_user(PROVIDER) or create_user(
            PROVIDER, "lantern orchard pebble 57", "provider", service.organization_id)
        proposal = proposals.propose(provider, "service", service.id, {
            "description": (service.description or "") + " Open late on Fridays.",
            "phones": [{"number": "919-555-0142", "type": "voice"}],
            "spanish": {"name": "Servicio de prueba"}})
        report = ListingReport(service_id=service.id, problem="hours",
                               details="The door was locked at noon.")
        access = AccessRequest(organization_id=service.organization_id,
                               service_id=service.id, name="Robin Vega",
                               email="robin@example.org", job_title="Director")
        db.session.add_all([report, access])
        db.session.commit()
        ids = {"proposal": proposal.id, "report": report.id, "access": access.id,
               "name": service.name}
    yield ids
    with live_app.app_context():
        for model, key in ((Proposal, "proposal"), (ListingReport, "report"),
                           (AccessRequest, "access")):
            db.session.delete(db.session.get(model, ids[key]))
        db.session.commit()


def _check(page) -> None:
    assert_accessible(page)
    _fits(page)


def test_the_review_pages_are_accessible(small_phone, live_app, waiting):
    page = small_phone
    _account(live_app, ADMIN, "admin")
    _sign_in(page, ADMIN)
    nav = page.get_by_role("navigation", name="Staff")
    nav.get_by_role("link", name="Review").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Review queue"
    _check(page)

    page.goto(f"/admin/review/proposals/{waiting['proposal']}")
    assert "Proposed change to" in page.get_by_role("heading", level=1).inner_text()
    _check(page)
    page.get_by_role("button", name="Reject").click()
    page.wait_for_load_state()
    assert "Write a note for the provider" in page.get_by_role("alert").inner_text()
    _check(page)

    page.goto(f"/admin/review/reports/{waiting['report']}")
    assert "The door was locked at noon." in page.locator("main").inner_text()
    _check(page)

    page.goto(f"/admin/review/access/{waiting['access']}")
    assert "Robin Vega" in page.locator("main").inner_text()
    _check(page)
