"""The public site on a resident's phone (375 x 740, ``PHONE_SCREEN``), in English and
Spanish, with JavaScript on and off: the first result's name and phone on the first
screen under a one-line help bar, the filters a tap away, the cost in the page's
language, no category tile wider than its box, the consent error across the form.
axe-core checks every page seen."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.extensions import db, limiter
from tests.browser.browsing import PHONE_SCREEN, assert_accessible, new_page

HEIGHT = PHONE_SCREEN["viewport"]["height"]
CAFE = "UMD Community Café (free meals)"  # option "free", description "Free."


@pytest.fixture(params=["javascript", "no javascript"])
def screen(request, browser, live_server):
    """A 375 x 740 page, with JavaScript on, then off."""
    page = new_page(browser, live_server, java_script_enabled=request.param == "javascript",
                    **PHONE_SCREEN)
    yield page
    page.context.close()


def on_first_screen(page, locator) -> bool:
    """Whether the element is shown whole, the page not scrolled."""
    box = locator.bounding_box()
    return (page.evaluate("window.scrollY") == 0 and box is not None and box["y"] >= 0
            and box["y"] + box["height"] <= HEIGHT)


def service_path(live_app, name: str) -> str:
    with live_app.app_context():
        return "/services/" + db.session.scalar(select(Service.id).where(Service.name == name))


@pytest.mark.parametrize("path", ["/search?q=shelter", "/es/search?q=shelter",
                                  "/search?q=food", "/es/search?q=comida"])
def test_the_first_results_name_and_phone_are_on_the_first_screen(screen, path):
    screen.goto(path)
    first = screen.locator("li.hit").first
    name = first.locator("h2 a")
    call = first.locator('.actions a[href^="tel:"]')
    assert on_first_screen(screen, name), (path, name.bounding_box())
    assert on_first_screen(screen, call), (path, call.bounding_box())
    # Above them, the one-line help bar: 911 · 988 · 211 and the way to every line.
    banner = screen.get_by_role("banner")
    for number in ("911", "988", "211"):
        assert on_first_screen(screen, banner.locator(f'a[href="tel:{number}"]'))
    assert banner.locator('a[href^="tel:"]').count() == 3
    assert on_first_screen(screen, banner.locator('a[href="#crisis-lines"]'))
    assert_accessible(screen)


def test_all_crisis_lines_are_one_tap_away(screen):
    screen.goto("/es/search?q=shelter")
    screen.get_by_role("banner").get_by_role("link", name="Todas las líneas de crisis").click()
    lines = screen.locator("#crisis-lines")
    assert screen.url.endswith("#crisis-lines")
    assert lines.locator('a[href^="tel:"]').count() >= 6
    box = lines.bounding_box()
    assert 0 <= box["y"] < HEIGHT  # scrolled to


@pytest.mark.parametrize(("path", "name"), [
    ("/search?q=food", "Filter (0)"),
    ("/search?q=food&open_now=1&cost=free", "Filter (2)"),
    ("/es/search?q=comida&cost=free", "Filtrar (1)"),
])
def test_the_filters_are_a_tap_away_from_the_top_of_the_results(screen, path, name):
    screen.goto(path)
    control = screen.get_by_role("link", name=name, exact=True)
    assert on_first_screen(screen, control)
    control.click()
    assert screen.url.endswith("#filters")
    heading = screen.locator("#filters-title")
    box = heading.bounding_box()
    assert 0 <= box["y"] < HEIGHT and screen.evaluate("window.scrollY") > 0
    assert_accessible(screen)


def test_on_a_desktop_the_filters_stay_beside_the_results(desktop):
    desktop.goto("/search?q=food&open_now=1")
    assert desktop.locator(".filter-link").is_hidden()
    filters = desktop.locator("aside.filters").bounding_box()
    results = desktop.locator(".results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert abs(filters["y"] - results["y"]) < 5


@pytest.mark.parametrize(("lang", "free"), [("", "Free"), ("/es", "Gratis")])
def test_the_cost_is_said_once_in_the_pages_language(screen, live_app, lang, free):
    screen.goto(lang + service_path(live_app, CAFE))
    heading = screen.get_by_role("heading", name="Costo" if lang else "Cost", exact=True)
    cost = heading.locator("xpath=following-sibling::ul[1]")
    assert cost.locator("li").all_inner_texts() == [free]
    assert_accessible(screen)


def test_cost_words_of_the_results_are_spanish(screen):
    screen.goto("/es/search?q=comida&cost=free")
    facts = screen.locator("li.hit .facts").first.inner_text()
    assert "Gratis" in facts and "Free" not in facts


@pytest.mark.parametrize("path", ["/", "/es/", "/es/search?q=zzqqxxnothing"])
def test_no_category_tile_is_wider_than_its_box(screen, path):
    screen.goto(path)
    tiles = screen.locator(".tiles a")
    assert tiles.count() > 10
    overflowing = screen.evaluate("""() => [...document.querySelectorAll('.tiles a')]
        .filter(tile => {
          const box = tile.getBoundingClientRect();
          return tile.scrollWidth > tile.clientWidth || [...tile.querySelectorAll('*')]
            .some(child => child.getBoundingClientRect().right > box.right + 0.5);
        })
        .map(tile => tile.innerText.replace(/\\s+/g, ' '))""")
    assert overflowing == []
    assert screen.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(screen)


def test_the_consent_error_spans_the_form(screen):
    limiter.reset()
    screen.goto("/es/callback")
    screen.locator("form button[type=submit]").click()
    screen.wait_for_load_state()
    error = screen.locator("#consent-error").bounding_box()
    form = screen.locator("main form").bounding_box()
    box = screen.locator("#consent").bounding_box()
    assert error["width"] > form["width"] * 0.8
    assert box["y"] >= error["y"] + error["height"]  # the box below its error, not beside
    assert_accessible(screen)
