"""The referral pages a phone test of the whole loop does not pass through, with JavaScript
off and checked by axe: the need chosen first, then services to pick from (each with its
organization, number, intake notes and consent); the consent form after a search for
another organization, its Part 2 section opened by an error; suggestions when nothing
fits, with the ways forward."""

from __future__ import annotations

import uuid

from tests.browser.browsing import assert_accessible
from navigator.extensions import db, limiter

PASSWORD = "quiet-meadow-ferry-1975"
EMERGENCY_SHELTER = "581051ae-460b-5286-9f2c-3c6da1add40a"
FOOD = "fd2c88d2-eb10-53bf-b29f-72facbec59ad"
ID_DOCUMENTS = "8b532faa-01eb-5188-9f4b-25c12ba222b1"


def _resident(live_app, tag):
    """A navigator account and a resident with two open needs, one with nothing near."""
    from navigator.auth.accounts import create_user
    from navigator.workflow import needs, services

    with live_app.app_context():
        create_user(f"nav-{tag}@example.org", PASSWORD, "navigator")
        resident = services.create_resident(name=f"Quinn Example {tag}", language="es",
                                            place="99501")  # Anchorage: nothing near
        for term in (EMERGENCY_SHELTER, FOOD):
            needs.create_need(resident, taxonomy_term_id=term, urgency="today")
        db.session.commit()
        return resident.id


def _sign_in(page, email):
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def test_referral_form_consent_search_and_nothing_fits_without_javascript(nojs_page,
                                                                         live_app):
    limiter.reset()
    tag = uuid.uuid4().hex[:6]
    resident_id = _resident(live_app, tag)
    page = nojs_page
    _sign_in(page, f"nav-{tag}@example.org")
    base = f"/navigator/residents/{resident_id}"

    # The need first, then the services listed under it to choose from.
    page.goto(f"{base}/referrals/new")
    assert page.locator("input[name=service_id]").count() == 0
    assert_accessible(page)
    page.get_by_label("For which need").select_option(label="Emergency shelter")
    page.get_by_role("button", name="Show the services for this need").click()
    page.wait_for_load_state()
    assert page.locator("input[name=service_id]").count() > 1
    assert page.locator("a[href^='tel:']").count() > 0
    assert_accessible(page)

    # Sending without a service: the error in place.
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "Choose a service." in page.content()
    assert_accessible(page)

    # The consent form: a search adds an organization; substance use opens Part 2.
    page.goto(f"{base}/consents/new")
    page.get_by_label("Find another organization").fill("durham rescue")
    page.get_by_role("button", name="Find", exact=True).click()
    page.wait_for_load_state()
    assert "Durham Rescue Mission" in page.locator("fieldset", has_text="With which").inner_text()
    assert_accessible(page)
    page.get_by_label("Substance use information").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("details[open]").count() == 1
    assert_accessible(page)

    # Nothing near the resident: why, and the ways forward.
    page.goto(f"{base}/suggestions")
    content = page.content()
    assert "No service fits" in content and "Look farther away" in content
    assert_accessible(page)
    page.get_by_role("link", name="Look farther away, at any distance").first.click()
    page.wait_for_load_state()
    assert page.locator("ol.suggestions > li").count() > 0
    assert_accessible(page)
