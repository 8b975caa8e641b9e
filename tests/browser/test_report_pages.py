"""The report pages in a real browser, in English and Spanish, at a 360 px phone's width
and on a desktop: axe finds nothing, with JavaScript on and off; each SVG chart is a
named image with its data table beside it; the pages fit the screen."""

from __future__ import annotations

import pytest

from tests.browser.browsing import DESKTOP, assert_accessible, new_page
from tests.browser.test_staff_nav import SMALL_PHONE, _account, _fits, _sign_in

ADMIN = "admin-reports@example.org"
NAVIGATOR = "nav-reports@example.org"


@pytest.fixture(params=["phone", "desktop"])
def screen(request, browser, live_server):
    page = new_page(browser, live_server, **(SMALL_PHONE if request.param == "phone"
                                             else DESKTOP))
    yield page
    page.context.close()


def _check_charts(page) -> int:
    """Each chart: an image named by its title, followed by the table of its figures."""
    charts = page.locator("svg.chart")
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("role") == "img"
        name = chart.locator("title").text_content()
        assert name and page.get_by_role("img", name=name).count() >= 1
        body = chart.locator("xpath=ancestor::div[@class='report-body']")
        table = body.locator("table")
        assert table.count() == 1
        assert table.locator("caption").inner_text().startswith(name)
        assert table.locator("tbody tr").count() >= 1
    return charts.count()


def test_the_report_pages_pass_axe_with_their_charts_and_tables(screen, live_app):
    page = screen
    _account(live_app, ADMIN, "admin")
    _sign_in(page, ADMIN)
    nav = page.get_by_role("navigation", name="Staff")
    nav.get_by_role("link", name="Reports").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Reports"
    assert_accessible(page)
    _fits(page)

    page.get_by_role("link", name="Directory health", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Directory health"
    assert _check_charts(page) >= 2  # the Durham listings by category, the review queue
    assert_accessible(page)
    _fits(page)

    page.locator("#start").fill("2026-06-01")
    page.locator("#end").fill("2026-05-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "cannot be before its start" in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    page.goto("/admin/reports/internal/directory")
    assert "Internal — not for publication" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_report_pages_pass_axe_in_spanish(browser, live_server, live_app):
    page = new_page(browser, live_server, locale="es-US", **SMALL_PHONE)
    try:
        _account(live_app, NAVIGATOR, "navigator")
        _sign_in(page, NAVIGATOR)
        page.goto("/admin/reports")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.get_by_role("heading", level=1).inner_text() == "Informes"
        assert_accessible(page)
        page.get_by_role("link", name="Salud del directorio", exact=True).click()
        page.wait_for_load_state()
        assert _check_charts(page) >= 2
        assert "Gráfico de barras" in page.locator("svg.chart desc").first.text_content()
        assert_accessible(page)
        _fits(page)
    finally:
        page.context.close()


def test_the_charts_are_there_without_javascript(browser, live_server, live_app):
    page = new_page(browser, live_server, java_script_enabled=False, **SMALL_PHONE)
    try:
        _account(live_app, NAVIGATOR, "navigator")
        _sign_in(page, NAVIGATOR)
        page.goto("/admin/reports/directory")
        assert _check_charts(page) >= 2
        assert_accessible(page)
    finally:
        page.context.close()
