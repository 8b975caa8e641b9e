"""The open data API's page for people (/api/docs) in a real browser: the site's layout,
every endpoint listed, and accessible with JavaScript on and off."""

from __future__ import annotations

from tests.browser.browsing import assert_accessible


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
