"""Staff pages in a real browser: sign in, a signed-in page, sign out; axe on each."""

from __future__ import annotations

from tests.browser.browsing import assert_accessible
from navigator.extensions import db, limiter

PASSWORD = "correct horse battery staple 42"


def test_sign_in_and_out_accessibly(page, live_app):
    from navigator.auth.accounts import create_user, find_user

    limiter.reset()
    email = f"browser-{page.viewport_size['width']}@example.org"
    with live_app.app_context():
        if find_user(email) is None:
            create_user(email, PASSWORD, "navigator")
            db.session.commit()
    page.goto("/navigator")
    assert "/login" in page.url  # signed out: sent to sign in, then back
    assert_accessible(page)
    page.locator("#email").fill(email)
    page.locator("#password").fill("not the password at all")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/navigator")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto("/navigator")
    assert "/login" in page.url
