"""The callback queue and its one page, on a 375 px phone without JavaScript: a request
tried once, a record page showing a likely duplicate first and then its errors in place,
the resident form's duplicate warning after an optional answer refused in place; axe on
each."""

from __future__ import annotations

import re
import uuid

import pytest

from navigator.extensions import db, limiter
from tests.browser.browsing import PHONE, assert_accessible, new_page

PASSWORD = "copper-window-harbor-58"


@pytest.fixture
def no_script_phone(browser, live_server):
    page = new_page(browser, live_server, java_script_enabled=False, **PHONE)
    yield page
    page.context.close()


def test_the_queue_and_the_record_page_without_javascript(no_script_phone, live_app):
    from navigator.auth.accounts import create_user
    from navigator.workflow import callbacks, services
    from navigator.workflow.models import CallbackRequest

    page = no_script_phone
    tag = uuid.uuid4().hex[:6]
    number = "919-555-" + str(int(tag, 16) % 9000 + 1000)
    email = f"nav-callbacks-{tag}@example.org"
    with live_app.app_context():
        create_user(email, PASSWORD, "navigator")
        services.create_resident(name=f"Noor Haddad {tag}", phone=number, birth_year=1985)
        item = services.request_callback(name=f"Noor {tag}", phone=number, email=None,
                                         language="es", best_time="morning",
                                         need="Necesito ayuda con la renta")
        db.session.commit()
        request_id = item.id
    try:
        limiter.reset()
        page.goto("/login")
        page.locator("#email").fill(email)
        page.locator("#password").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_load_state()

        page.goto("/navigator/callbacks")
        entry = page.locator("li", has=page.get_by_role("heading", name=f"Noor {tag}"))
        entry.get_by_role("button", name=re.compile("^No answer")).click()
        page.wait_for_load_state()
        assert "No answer: tried 1 time." in page.content()
        entry = page.locator("li", has=page.get_by_role("heading", name=f"Noor {tag}"))
        assert "Tried 1 time, last just now" in entry.inner_text()
        assert "Language: Spanish" in entry.inner_text()
        assert_accessible(page)

        # The record page: the likely duplicate first, then the need and the record.
        entry.get_by_role("link", name=re.compile("^Make a record")).click()
        page.wait_for_load_state()
        text = page.locator("main").inner_text()
        assert text.index("This may be someone") < text.index("Their need")
        assert f"Noor Haddad {tag}" in text and "same phone" in text
        assert_accessible(page)
        # Sent with nothing chosen: each error in place, the page still whole.
        page.get_by_role("button", name="Save the record and the need").click()
        page.wait_for_load_state()
        summary = page.locator(".error-summary").inner_text()
        assert "Which record?" in summary and "Need: This is required." in summary
        assert_accessible(page)

        # The resident form: the same person typed again is shown first.
        page.goto("/navigator/residents/new")
        page.get_by_label("Name or nickname").fill(f"noor haddad {tag}")
        page.get_by_label("Birth year or age").fill("1985")
        page.locator("details.record summary").click()
        page.get_by_label("In their own words").fill("Woman")
        page.locator("#gender_declined").check()
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        content = page.content()
        assert "Leave this empty when they prefer not to say." in content
        assert "This may be someone who has a record already" not in content  # errors first
        page.get_by_label("In their own words").fill("")
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        assert "This may be someone who has a record already" in page.content()
        assert page.get_by_role("link", name=re.compile("^Use this record")).count() == 1
        assert_accessible(page)
    finally:
        with live_app.app_context():
            request = db.session.get(CallbackRequest, request_id)
            if request.status == "new":
                callbacks.close(request, "not_a_callback")
                db.session.commit()
