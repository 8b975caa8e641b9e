"""The pages that exist load in a real browser, keep the crisis lines in view and pass axe;
and the harness itself works: the live server has the Durham directory, and the
accessibility check does catch a violation, with JavaScript on and off."""

from __future__ import annotations

import pytest

from tests.browser.browsing import assert_accessible


def test_home_page_loads_with_the_help_bar(page):
    response = page.goto("/")

    assert response.status == 200
    assert page.locator("h1").is_visible()
    # The crisis lines sit in the page's banner, where every page shows them.
    call_911 = page.get_by_role("banner").locator('a[href="tel:911"]')
    assert call_911.is_visible()
    assert "911" in call_911.inner_text()


def test_home_page_is_accessible(page):
    page.goto("/")

    assert_accessible(page)


def test_home_page_works_without_javascript(nojs_page):
    response = nojs_page.goto("/")

    assert response.status == 200
    assert nojs_page.locator('a[href="tel:911"]').is_visible()
    assert_accessible(nojs_page)


def test_unknown_path_gets_an_accessible_404_page(page):
    response = page.goto("/no-such-page")

    assert response.status == 404
    assert page.locator("h1").is_visible()
    # A person who took a wrong turn still sees the crisis lines and a way back.
    assert page.get_by_role("banner").locator('a[href="tel:911"]').is_visible()
    assert page.get_by_role("main").locator('a[href="/"]').is_visible()
    assert_accessible(page)


def test_live_server_has_the_durham_directory(desktop):
    response = desktop.request.get("/api/search?q=food")

    assert response.ok
    assert response.json()["total"] > 0


def _broken_page(noscript: bool) -> str:
    # An image with no text alternative; in <noscript> for a browser without JavaScript,
    # which the check must see as that browser shows it.
    wrapper = "noscript" if noscript else "div"
    return ('<!doctype html><html lang="en"><head><title>Broken</title></head><body>'
            f'<main><h1>Broken</h1><{wrapper}><img src="/static/none.png"></{wrapper}></main>'
            '</body></html>')


@pytest.fixture(params=["javascript", "nojs_page", "nojs_context_of_its_own"])
def any_page(request, browser, live_server):
    """(page, whether JavaScript is on): on; off (the fixture); off in a context of its own."""
    if request.param == "javascript":
        yield request.getfixturevalue("desktop"), True
    elif request.param == "nojs_page":
        yield request.getfixturevalue("nojs_page"), False
    else:
        context = browser.new_context(base_url=live_server, java_script_enabled=False)
        try:
            yield context.new_page(), False
        finally:
            context.close()


def test_accessibility_check_reports_violations(any_page):
    browser_page, javascript = any_page
    html = _broken_page(noscript=not javascript)
    browser_page.route("**/axe-self-test", lambda route: route.fulfill(
        content_type="text/html", body=html))
    browser_page.goto("/axe-self-test")

    with pytest.raises(AssertionError) as failure:
        assert_accessible(browser_page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "at img:" in message  # the failing element's selector


@pytest.mark.parametrize("path", ["/search?q=i+want+to+kill+myself",
                                  "/es/search?q=mi+esposo+me+pega"])
def test_the_crisis_panel_comes_first_and_is_accessible(page, path):
    page.goto(path)
    panel = page.locator(".crisis-panel")
    assert panel.is_visible()
    assert panel.locator('a[href^="tel:"]').count() >= 2
    # Before any result, on a phone too.
    first_result = page.locator(".hit").first
    assert panel.bounding_box()["y"] < first_result.bounding_box()["y"]
    assert_accessible(page)
