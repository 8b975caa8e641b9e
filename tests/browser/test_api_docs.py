"""The open data API's page for people (/api/docs) in a real browser: the site's layout,
every endpoint listed, accessible with JavaScript on and off, and no wider than a 320 px
screen."""

from __future__ import annotations

import pytest

from tests.browser.browsing import assert_accessible, new_page


def test_api_docs_page_lists_the_endpoints_and_is_accessible(page):
    response = page.goto("/api/docs")

    assert response.status == 200
    assert page.locator("h1").is_visible()
    assert page.get_by_role("banner").locator('a[href="tel:911"]').is_visible()
    assert page.locator("h3 code").filter(has_text="GET /api/services").first.is_visible()
    assert page.get_by_role("table").count() >= 5
    assert_accessible(page)


def test_api_docs_page_works_without_javascript(nojs_page):
    response = nojs_page.goto("/api/docs")

    assert response.status == 200
    assert_accessible(nojs_page)


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_api_docs_page_fits_a_320_px_screen(browser, live_server, locale):
    """No sideways scrolling of the page on the narrowest phones (WCAG 1.4.10): parameter
    names and paths wrap, in both languages the page follows the browser's."""
    page = new_page(browser, live_server, locale=locale, is_mobile=True, has_touch=True,
                    viewport={"width": 320, "height": 640})
    try:
        page.goto("/api/docs")
        assert page.locator("html").get_attribute("lang") == locale[:2]
        assert page.get_by_role("table").count() >= 5
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, overflow
        # Every table and endpoint's path is on the screen, none cut at the page's edge.
        widest = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
            'main table, main h3')].map(e => e.getBoundingClientRect().right))""")
        assert widest <= 320
        assert_accessible(page)
    finally:
        page.context.close()
