"""The weekly hours editor in Chromium, as a provider uses it: without JavaScript on a
phone (no sideways scrolling), and on a laptop; the preview and a mistake both pass axe.
Nothing is sent, so the live server's directory stays as it was."""

from __future__ import annotations

from sqlalchemy import select

from navigator.directory.models import Schedule, Service
from navigator.extensions import db, limiter
from tests.browser.browsing import assert_accessible

PASSWORD = "amber-lighthouse-tide-58"


def _provider_of_a_service_with_hours(live_app, tag: str) -> tuple[str, str]:
    """A provider account for the organization of a sample service whose hours are on
    two rows with different notes (one shown as the week, one kept apart)."""
    from navigator.auth.accounts import create_user, find_user

    email = f"hours-{tag}@example.org"
    with live_app.app_context():
        service = db.session.scalars(select(Service).where(Service.id.in_(
            select(Schedule.service_id).where(Schedule.byday == "TU,TH")))
            .order_by(Service.name)).first()
        if find_user(email) is None:
            create_user(email, PASSWORD, "provider", service.organization_id)
            db.session.commit()
        return email, service.id


def _sign_in(page, email):
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url


def _overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_hours_are_previewed_and_mistakes_named_without_javascript(nojs_page, live_app):
    page = nojs_page
    limiter.reset()
    email, service_id = _provider_of_a_service_with_hours(live_app, "phone")
    _sign_in(page, email)
    page.goto(f"/provider/services/{service_id}/hours")
    assert page.get_by_role("group", name="Tuesday").get_by_label("Opens", exact=True) \
        .input_value() == "09:00"
    assert "Other hours we have" in page.content()
    assert _overflow(page) <= 0
    assert_accessible(page)

    monday = page.get_by_role("group", name="Monday")
    monday.get_by_label("Open these hours").check()
    monday.get_by_label("Opens", exact=True).fill("08:00")
    monday.get_by_label("Closes", exact=True).fill("11:00")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    preview = page.locator(".hours-preview table.hours")
    assert "8:00" in preview.locator("tr").first.inner_text()
    assert _overflow(page) <= 0
    assert_accessible(page)

    monday.get_by_label("Closes", exact=True).fill("")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "Monday: Enter when it closes." in summary.inner_text()
    assert monday.get_by_label("Closes", exact=True).get_attribute("aria-invalid") == "true"
    assert _overflow(page) <= 0
    assert_accessible(page)


def test_the_editor_on_a_laptop(desktop, live_app):
    limiter.reset()
    email, service_id = _provider_of_a_service_with_hours(live_app, "desktop")
    _sign_in(desktop, email)
    desktop.goto("/provider")
    desktop.get_by_role("link", name="Weekly hours").first.click()
    desktop.wait_for_load_state()
    assert desktop.url.endswith("/hours")
    desktop.goto(f"/provider/services/{service_id}/hours")
    desktop.get_by_role("button", name="Preview").click()
    desktop.wait_for_load_state()
    assert desktop.locator(".hours-preview table.hours tr").count() == 7
    assert_accessible(desktop)
