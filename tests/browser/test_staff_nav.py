"""The staff navigation in a real browser at a 360 px phone's width: the links of the
person's role, the current page marked, nothing wider than the screen, axe on the
change-password page, the admin's account pages and an organization admin's team page;
sign-out from the navigation."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.browsing import PHONE, assert_accessible, new_page
from navigator.extensions import db, limiter

PASSWORD = "lantern orchard pebble 57"
SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 640}}


@pytest.fixture
def small_phone(browser, live_server):
    page = new_page(browser, live_server, **SMALL_PHONE)
    yield page
    page.context.close()


def _account(live_app, email: str, role: str) -> None:
    from navigator.auth.accounts import create_user, find_user

    with live_app.app_context():
        if find_user(email) is None:
            create_user(email, PASSWORD, role)
            db.session.commit()


def _sign_in(page, email: str) -> None:
    limiter.reset()
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def test_a_navigator_sees_the_staff_navigation(small_phone, live_app):
    page = small_phone
    _account(live_app, "nav-phone@example.org", "navigator")
    _sign_in(page, "nav-phone@example.org")
    assert page.url.endswith("/navigator")
    nav = page.get_by_role("navigation", name="Staff")
    assert nav.is_visible()
    for name in ("Workspace", "Callbacks", "Residents", "Change password"):
        assert nav.get_by_role("link", name=name).is_visible()
    assert nav.get_by_role("link", name="Users").count() == 0  # not an admin's
    assert nav.get_by_role("link", name="Workspace").get_attribute("aria-current") == "page"
    assert page.get_by_role("navigation", name="Site").count() == 0
    _fits(page)

    nav.get_by_role("link", name="Callbacks").click()
    page.wait_for_load_state()
    assert page.url.endswith("/navigator/callbacks")
    assert nav.get_by_role("link", name="Callbacks").get_attribute("aria-current") == "page"
    _fits(page)

    nav.get_by_role("link", name="Change password").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Change your password"
    assert_accessible(page)
    page.locator("#current_password").fill("not the current one")
    page.locator("#password").fill("a new one that is long")
    page.locator("#confirm").fill("a new one that is long")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Your current password is not right." in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    _fits(page)

    nav.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.get_by_role("navigation", name="Site").is_visible()
    page.goto("/navigator")
    assert "/login" in page.url


def test_the_admin_account_pages_are_accessible(small_phone, live_app):
    page = small_phone
    _account(live_app, "admin-phone@example.org", "admin")
    _sign_in(page, "admin-phone@example.org")
    nav = page.get_by_role("navigation", name="Staff")
    nav.get_by_role("link", name="Users").click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/users")
    assert nav.get_by_role("link", name="Users").get_attribute("aria-current") == "page"
    assert_accessible(page)
    _fits(page)

    page.get_by_role("link", name="Add an account").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("#email").fill("nav-made-in-browser@example.org")
    page.locator("#role").select_option("provider")
    page.locator("#password").fill(PASSWORD)
    page.locator("#confirm").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert").inner_text()
    assert "A provider account needs its organization." in summary
    assert_accessible(page)
    _fits(page)

    page.goto("/admin/users")
    page.get_by_role("link", name="admin-phone@example.org").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "admin-phone@example.org"
    assert_accessible(page)
    _fits(page)

    page.goto("/admin/users/invite")
    page.locator("#email").fill("invited-in-browser@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Invitation made"
    assert_accessible(page)
    _fits(page)


def test_an_organization_admins_team_page_is_accessible(small_phone, live_app):
    from sqlalchemy import select

    from navigator.auth.accounts import create_user, find_user
    from navigator.directory.models import Organization

    page = small_phone
    with live_app.app_context():
        if find_user("lead-phone@example.org") is None:
            organization_id = db.session.scalar(select(Organization.id).limit(1))
            create_user("lead-phone@example.org", PASSWORD, "provider", organization_id)
            find_user("lead-phone@example.org").organization_admin = True
            db.session.commit()
    _sign_in(page, "lead-phone@example.org")
    nav = page.get_by_role("navigation", name="Staff")
    nav.get_by_role("link", name="Your team").click()
    page.wait_for_load_state()
    assert page.url.endswith("/provider/team")
    assert nav.get_by_role("link", name="Your team").get_attribute("aria-current") == "page"
    assert "lead-phone@example.org" in page.locator("table").inner_text()
    assert_accessible(page)
    _fits(page)

    page.locator("#email").fill("not an email")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "is not an email address" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    _fits(page)

    page.locator("#email").fill(f"colleague-{uuid.uuid4().hex[:8]}@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Invitation made"
    assert_accessible(page)
    _fits(page)


def test_the_admin_directory_pages_are_accessible(small_phone, live_app, tmp_path):
    from tests.admin.directory_package import package_zip

    page = small_phone
    _account(live_app, "admin-phone@example.org", "admin")
    _sign_in(page, "admin-phone@example.org")
    nav = page.get_by_role("navigation", name="Staff")
    nav.get_by_role("link", name="Import").click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/directory/import")
    assert_accessible(page)
    _fits(page)

    not_a_zip = tmp_path / "notes.zip"
    not_a_zip.write_text("not a zip")
    page.locator("#package").set_input_files(str(not_a_zip))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "This file is not a zip file." in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    _fits(page)

    package = tmp_path / "directory.zip"
    package.write_bytes(package_zip("Browser diaper bank"))
    page.locator("#package").set_input_files(str(package))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/directory/import/preview")
    assert_accessible(page)
    _fits(page)
    page.get_by_role("button", name="Import this package").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Import finished"
    assert_accessible(page)

    for name, heading in (("Stale listings", "Listings to confirm"),
                          ("Categories", "Categories (taxonomy)")):
        nav.get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert nav.get_by_role("link", name=name).get_attribute("aria-current") == "page"
        assert_accessible(page)
        _fits(page)
    page.get_by_role("link", name="Baby supplies").click()
    page.wait_for_load_state()
    page.locator("#name_es").fill("Artículos para bebés")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Artículos para bebés" in page.locator("main").inner_text()
    assert_accessible(page)
