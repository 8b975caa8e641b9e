"""What a resident does, in a real browser at phone and desktop sizes: search, filter, open a
service, keep it in a list, print the list, switch to Spanish, ask for a call back; the
same with JavaScript off, and asking for access to a listing ("Is this your
organization?"); and axe-core on every public page in English and Spanish."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import delete

from tests.browser.browsing import assert_accessible
from navigator.extensions import db, limiter
from navigator.review.models import AccessRequest


def search(page, words: str, near: str = "27701") -> None:
    page.locator("#q").fill(words)
    page.locator("#near").fill(near)
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state()


def result_count(page) -> int:
    found = re.search(r"\d+", page.locator(".result-count").inner_text())
    return int(found[0]) if found else 0


def test_search_filter_open_keep_print_and_switch_language(page):
    page.goto("/")
    search(page, "food")
    assert "/search?" in page.url and "q=food" in page.url
    assert "food" in page.title()
    everything = result_count(page)
    assert everything > 0 and page.locator("li.hit").count() > 0

    # Filter: free services only; the choice lives in the URL, and Back undoes it.
    page.locator('input[name="cost"][value="free"]').check()
    page.locator("aside.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "cost=free" in page.url
    assert 0 < result_count(page) <= everything
    page.go_back()
    assert "cost=free" not in page.url and result_count(page) == everything

    # Open the first service and keep it.
    first = page.locator("li.hit h2 a").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    assert page.locator('a[href^="tel:"]').first.is_visible()
    page.get_by_role("button", name=re.compile("^Add .* to my list$")).first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Added to your list.").is_visible()

    # The list, its share link and its print view.
    page.get_by_role("link", name=re.compile(r"^My list")).click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name=name).is_visible()
    share = page.locator("#share-link").input_value()
    assert "/list?services=" in share
    page.get_by_role("link", name="Print view").click()
    page.wait_for_load_state()
    page.emulate_media(media="print")
    assert page.locator(".help-bar").is_hidden()
    assert page.get_by_role("link", name=name).is_visible()
    page.emulate_media(media="screen")
    page.go_back()

    # Español: the same page in Spanish, and links stay Spanish.
    page.get_by_role("link", name="Español").click()
    page.wait_for_load_state()
    assert "/es/list" in page.url
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator('a[href="/es/"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/es/")


def test_ask_for_a_call_back(page):
    limiter.reset()
    page.goto("/callback")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    # Errors in place, and a summary that links to each field.
    assert page.get_by_role("alert").is_visible()
    assert page.locator('[aria-invalid="true"]').count() >= 3
    assert "Error" in page.title()
    page.locator("#name").fill("Robin")
    page.locator("#phone").fill("919 555 0199")
    page.locator("#best_time-2").check()
    page.locator("#need").fill("A place to stay tonight for me and my daughter")
    page.locator("#consent").check()
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/callback/sent")
    assert page.get_by_role("heading", name=re.compile("What happens next")).is_visible()


def test_main_tasks_work_without_javascript(nojs_page):
    page = nojs_page
    limiter.reset()
    page.goto("/")
    assert page.locator(".geo-slot button").count() == 0  # location needs a script
    search(page, "shelter")
    assert result_count(page) > 0
    page.locator('input[name="open_now"]').check()
    page.locator("aside.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "open_now=1" in page.url
    page.go_back()
    page.locator("li.hit form.list-form button").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Added to your list.").is_visible()
    page.goto("/list")
    assert page.locator("ol.printable li").count() == 1
    page.goto("/es/callback")
    page.locator("#name").fill("Ana")
    page.locator("#email").fill("ana@example.org")
    page.locator("#need").fill("Ayuda con la renta")
    page.locator("#consent").check()
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/es/callback/sent")


def test_ask_for_access_to_a_listing_without_javascript(nojs_page, live_app):
    page = nojs_page
    limiter.reset()
    page.goto("/es" + _service_path(page))
    page.get_by_role("link", name=re.compile("¿Es esta su organización?")).click()
    page.wait_for_load_state()
    assert re.search(r"/es/services/[^/]+/claim$", page.url)
    page.locator("main form button[type=submit]").click()  # empty: errors in place
    page.wait_for_load_state()
    assert "Escriba su nombre." in page.get_by_role("alert").inner_text()
    email = f"browser-{uuid.uuid4().hex[:8]}@example.org"
    page.locator("#name").fill("Robin Okafor")
    page.locator("#email").fill(email)
    page.locator("#job_title").fill("Coordinadora")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/claim/sent")
    assert page.get_by_role("heading", level=1).inner_text() == \
        "Gracias. Recibimos su solicitud."
    assert_accessible(page)
    with live_app.app_context():  # the live server's data is shared: undone
        filed = db.session.execute(delete(AccessRequest).where(AccessRequest.email == email))
        db.session.commit()
    assert filed.rowcount == 1


def test_use_my_location_fills_the_place_from_the_browser(browser, live_server):
    context = browser.new_context(base_url=live_server, geolocation={
        "latitude": 35.9940, "longitude": -78.8986}, permissions=["geolocation"],
        locale="en-US")
    try:
        page = context.new_page()
        page.goto("/")
        page.locator("#q").fill("food")
        page.get_by_role("button", name="Use my location").click()
        page.wait_for_url(re.compile(r"lat=35\.994"))
        assert "near your location" in page.locator("h1").inner_text()
        assert result_count(page) > 0
    finally:
        context.close()


# -- axe-core on every public page, in English and Spanish ----------------------------------

def _service_path(page) -> str:
    page.goto("/search?q=shelter&near=27701")
    return page.locator("li.hit h2 a").first.get_attribute("href").removeprefix("/es")


PAGES = {
    "home": "/",
    "results": "/search?q=food&near=27701",
    "no results": "/search?q=zzqqxxnothing",
    "service": None,  # found through a search
    "list": "/list",
    "callback": "/callback",
    "callback errors": "/callback",  # posted empty
    "callback sent": "/callback/sent",
    "claim": "{service}/claim",  # "Is this your organization?"
    "claim errors": "{service}/claim",  # posted empty
    "claim sent": "{service}/claim/sent",
    "error": "/no-such-page",
}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_public_page_is_accessible(page, name, lang):
    limiter.reset()
    prefix = "/es" if lang == "es" else ""
    path = PAGES[name] or _service_path(page)
    if "{service}" in path:
        path = path.format(service=_service_path(page))
    if name == "list":  # a list with a service in it
        page.goto(prefix + _service_path(page))
        page.locator("form.list-form button").first.click()
        page.wait_for_load_state()
    page.goto(prefix + path)
    if name in ("callback errors", "claim errors"):
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.get_by_role("alert").is_visible()
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/search?q=comida&near=27701", "/callback"])
def test_spanish_pages_are_accessible_without_javascript(nojs_page, path):
    nojs_page.goto("/es" + path)
    assert_accessible(nojs_page)


def test_reflow_at_320_px_without_sideways_scrolling(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        for path in ("/", "/search?q=food&near=27701", _service_path(page), "/callback"):
            page.goto(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, overflow)
    finally:
        context.close()
