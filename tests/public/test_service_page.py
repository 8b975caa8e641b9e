"""A service's page on the Durham sample, through the test client: what a resident needs
to go or to call comes first (address, directions, phone, today's hours), then about,
who it serves, how to get help and the cost; the cost said once, in the page's language;
and the short help bar with the full list of lines in the footer."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.extensions import db

pytestmark = pytest.mark.usefixtures("durham")

CAFE = "UMD Community Café (free meals)"  # option "free", description "Free.", hours daily
CLINIC = "Holton Wellness Center clinic"  # option "sliding scale", a sentence beside it
LIFELINE = "988 Suicide & Crisis Lifeline"  # open 24 hours, 7 days a week


@pytest.fixture(scope="module")
def ids(durham) -> dict[str, str]:
    with durham.app_context():
        return dict(db.session.execute(select(Service.name, Service.id)).all())


def page(durham, path: str) -> str:
    with durham.test_client() as client:
        response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, heading: str) -> str:
    """The words under an h2 of the page, up to the next h2."""
    found = re.search(rf"<h2>{re.escape(heading)}</h2>(.*?)<h2", html, re.S)
    assert found, f"no section {heading!r}"
    return words(found[1])


def test_where_to_go_and_what_to_call_come_before_the_rest(durham, ids):
    html = page(durham, f"/services/{ids[CAFE]}")
    main = html[html.index("<main"):html.index("</main>")]
    order = [main.index(marker) for marker in (
        "Today:", 'href="tel:', "410 Liberty St.", ">Directions<", "<h2>About</h2>",
        "<h2>Who it is for</h2>", "<h2>How to get help</h2>", "<h2>Cost</h2>",
        "<h2>Hours</h2>")]
    assert order == sorted(order)


@pytest.mark.parametrize(("lang", "free"), [("", "Free"), ("/es", "Gratis")])
def test_the_cost_is_said_once_in_the_pages_language(durham, ids, lang, free):
    # The listing's option says "free" and its description "Free.": one line.
    html = page(durham, f"{lang}/services/{ids[CAFE]}")
    cost = section(html, "Cost" if not lang else "Costo")
    assert cost == free


def test_a_cost_word_beside_a_sentence_in_spanish(durham, ids):
    html = page(durham, f"/es/services/{ids[CLINIC]}")
    cost = section(html, "Costo")
    assert cost.startswith("Pago según sus ingresos ")
    assert "sliding scale" not in cost
    # The publisher's sentence stays, marked as English.
    assert '<li lang="en">Low-cost care; call to ask about fees.</li>' in html


@pytest.mark.parametrize(("lang", "always"), [("", "Open 24 hours"),
                                              ("/es", "Abierto las 24 horas")])
def test_a_day_open_round_the_clock_says_so(durham, ids, lang, always):
    html = page(durham, f"{lang}/services/{ids[LIFELINE]}")
    table = words(html[html.index('<table class="hours">'):html.index("</table>")])
    assert table.count(always) == 7
    assert not re.search(r"\d:\d\d", table)  # no "12:00 AM – 12:00 AM"


@pytest.mark.parametrize("lang", ["", "/es"])
def test_the_help_bar_is_one_line_with_the_full_list_in_the_footer(durham, ids, lang):
    html = page(durham, f"{lang}/services/{ids[CAFE]}")
    header = html[html.index("<header>"):html.index("</header>")]
    footer = html[html.index("<footer>"):html.index("</footer>")]
    assert re.findall(r'href="tel:([^"]+)"', header) == ["911", "988", "211"]
    assert 'href="#crisis-lines"' in header
    assert 'id="crisis-lines"' in footer
    assert len(re.findall(r'href="tel:', footer)) >= 6  # every line of help_lines.csv


def test_the_home_page_keeps_the_full_help_bar(durham):
    html = page(durham, "/")
    header = html[html.index("<header>"):html.index("</header>")]
    assert len(re.findall(r'href="tel:', header)) >= 6
    assert "#crisis-lines" not in html
