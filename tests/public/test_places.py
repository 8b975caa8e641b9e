"""Places shown as precisely as they are known: a listing placed at its ZIP code's centre
shows its ZIP, never a distance in miles, on the results page and its own page; a
listing with a measured point shows miles as before."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.fictional_directory import ZIP_27701

#: A distance in miles, in English or Spanish ("0.6 mi away", "a 0,6 mi de distancia").
MILES = re.compile(r"\d\s*mi\b")


@pytest.fixture
def places(directory):
    zip_centre = directory.service("Alder pantry", "Groceries every week", at=ZIP_27701,
                                   approximate=True, address="12 Fictional Row")
    directory.service("Birch pantry", "Groceries every week",
                      at=directory.offset(*ZIP_27701, 0, 1), address="40 Fictional Way")
    directory.commit()
    return zip_centre


def words(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def hits(page) -> dict[str, str]:
    """Each result's visible words, by the listing's name."""
    html = page.get_data(as_text=True)
    found = {}
    for item in html.split('<li class="hit">')[1:]:
        name = re.search(r"<h2><a [^>]*>([^<]+)</a></h2>", item)[1]
        found[name] = words(item.split("</li>")[0])
    return found


def test_results_show_the_zip_not_miles_for_a_zip_centre_listing(app, places):
    with app.test_client() as client:
        page = client.get("/search", query_string={"q": "pantry", "near": "27701"})
    assert page.status_code == 200
    shown = hits(page)
    assert "in ZIP 27701 (approximate location)" in shown["Alder pantry"]
    assert not MILES.search(shown["Alder pantry"]) and "less than" not in shown["Alder pantry"]
    assert "0.6 mi away" in shown["Birch pantry"]
    assert "approximate" not in shown["Birch pantry"]


def test_results_in_spanish_show_the_zip_not_miles(app, places):
    with app.test_client() as client:
        page = client.get("/es/search", query_string={"q": "pantry", "near": "27701"})
    shown = hits(page)
    assert "en el código postal 27701 (ubicación aproximada)" in shown["Alder pantry"]
    assert not MILES.search(shown["Alder pantry"])
    assert "a 0,6 mi de distancia" in shown["Birch pantry"]


def test_without_a_zip_the_location_is_said_approximate(app, directory):
    directory.service("Alder pantry", "Groceries every week", at=ZIP_27701,
                      approximate=True)
    directory.commit()
    with app.test_client() as client:
        page = client.get("/search", query_string={"q": "pantry", "near": "27701"})
    shown = hits(page)["Alder pantry"]
    assert "approximate location" in shown and "ZIP" not in shown
    assert not MILES.search(shown)


def test_the_service_page_shows_no_miles_for_a_zip_centre_listing(app, places):
    with app.test_client() as client:
        for path in (f"/services/{places.id}", f"/es/services/{places.id}"):
            page = client.get(path, query_string={"near": "27701"})
            assert page.status_code == 200
            text = words(page.get_data(as_text=True))
            assert "12 Fictional Row" in text
            assert not MILES.search(text) and "less than" not in text
