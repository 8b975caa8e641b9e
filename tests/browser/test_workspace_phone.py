"""The navigator's workspace on a 375 px phone, in Chromium: a provider's acceptance shows
as a new notice and is seen once the referral is opened; the caseload and the settings
page; a follow-up's due time refused in place. Axe on every page, nothing wider than the
screen."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.browser.browsing import assert_accessible
from navigator.directory.models import Service
from navigator.extensions import db, limiter

PASSWORD = "amber-canyon-relay-3141"


def _answered_referral(live_app, tag):
    """A navigator and the resident they referred to a Durham service, which its
    provider accepted with a note; a contact's follow-up waiting."""
    from navigator.auth.accounts import create_user
    from navigator.workflow import needs, referrals, services
    from tests.workflow.consent_factory import plain_consent

    with live_app.app_context():
        service = db.session.scalars(select(Service).where(Service.status == "active")
                                     .order_by(Service.id)).first()
        navigator = create_user(f"nav-{tag}@example.org", PASSWORD, "navigator")
        provider = create_user(f"provider-{tag}@example.org", PASSWORD, "provider",
                               service.organization_id)
        resident = services.create_resident(user=navigator, name=f"Robin {tag}")
        need = needs.create_need(resident, taxonomy_term_id=_a_term(service),
                                 urgency="today", user=navigator)
        plain_consent(resident, [service.organization_id], user=navigator)
        referral = referrals.create_referral(resident, service, user=navigator, need=need)
        referrals.send(referral, user=navigator)
        referrals.change_status(referral, "accepted", user=provider, note="Come at 9")
        db.session.commit()
        return {"navigator": navigator.email, "name": resident.name,
                "resident": resident.id, "referral": referral.id}


def _a_term(service) -> str:
    from navigator.directory.models import Attribute

    return db.session.scalars(select(Attribute.taxonomy_term_id).where(
        Attribute.link_entity == "service", Attribute.link_id == service.id)).first()


def _sign_in(page, email):
    limiter.reset()
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/navigator")


def _checked(page):
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def test_the_workspace_on_a_phone(phone, live_app):
    made = _answered_referral(live_app, uuid.uuid4().hex[:8])
    _sign_in(phone, made["navigator"])
    notices = phone.locator("section", has=phone.get_by_role("heading", name="Notices for you"))
    assert "(1 new)" in notices.inner_text() and "Come at 9" in notices.inner_text()
    _checked(phone)

    notices.get_by_role("link", name=made["name"]).click()
    phone.wait_for_load_state()
    assert phone.url.endswith(f"/navigator/referrals/{made['referral']}")
    phone.goto("/navigator")
    assert "new)" not in notices.inner_text()

    phone.get_by_role("link", name="My caseload").click()
    phone.wait_for_load_state()
    assert made["name"] in phone.locator("main").inner_text()
    _checked(phone)

    phone.goto("/navigator/settings")
    phone.get_by_label("Email me when a provider answers a referral I sent").check()
    phone.get_by_role("button", name="Save", exact=True).click()
    phone.wait_for_load_state()
    assert phone.get_by_label("Email me when a provider answers a referral I sent").is_checked()
    _checked(phone)

    phone.goto(f"/navigator/residents/{made['resident']}")
    phone.get_by_text("Change when it is due").click()
    phone.get_by_label("Due", exact=True).fill("2020-01-01T09:00")
    phone.get_by_role("button", name="Save the due time").click()
    phone.wait_for_load_state()
    assert "This time has passed" in phone.locator("main").inner_text()
    _checked(phone)
