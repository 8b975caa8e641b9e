"""The public pages through the test client, on the Durham sample directory: what each page
shows, the forms (valid and invalid, CSRF, rate limits), my list, the Spanish paths, and
bad input that must never be a 500."""

from __future__ import annotations

import re
from datetime import time
from html import unescape

import pytest
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.extensions import db, limiter
from navigator.review.models import ListingReport
from navigator.workflow.models import CallbackRequest

pytestmark = pytest.mark.usefixtures("durham")

SHELTER = "UMD Community Shelter for single adults"
PANTRY = "Durham Community Food Pantry"
CLOSED = "UMD clothing closet"  # temporarily closed
INACTIVE = "LGBTQ+ youth programs (LGBTQ Center of Durham)"


@pytest.fixture
def web(durham):
    """A test client with a fresh cookie jar and fresh rate-limit counters; what the
    forms saved is removed afterwards."""
    limiter.reset()
    with durham.test_client() as client:
        yield client
    with durham.app_context():
        db.session.query(CallbackRequest).delete()
        db.session.query(ListingReport).delete()
        db.session.commit()


@pytest.fixture(scope="module")
def ids(durham) -> dict[str, str]:
    with durham.app_context():
        return dict(db.session.execute(select(Service.name, Service.id)).all())


@pytest.fixture
def rows(durham):
    """Rows of a table, read in a context of their own (not the requests')."""

    def read(model) -> list:
        with durham.app_context():
            found = db.session.scalars(select(model)).all()
            db.session.expunge_all()
            return found

    return read


def text(response) -> str:
    """The page's visible words, roughly (tags dropped, entities decoded)."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def csrf(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


# -- home and search ----------------------------------------------------------------------

def test_home_has_one_search_box_a_place_box_and_categories(web):
    page = web.get("/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'name="q"' in body and 'name="near"' in body
    assert 'href="tel:911"' in body and 'href="tel:988"' in body and 'href="tel:211"' in body
    for category in ("Housing", "Food", "Mental health", "Substance use"):
        assert category in text(page)
    assert "/search?taxonomy_term_id=" in body


def test_search_shows_what_a_person_needs_to_act(web):
    page = web.get("/search", query_string={"q": "place to sleep", "near": "27701"})
    assert page.status_code == 200
    words = text(page)
    assert SHELTER in words
    # The sample's shelters are placed at their ZIP's centre: their ZIP, not miles.
    assert "services found" in words and "in ZIP 27701 (approximate location)" in words
    assert "less than 0.1 mi" not in words
    body = page.get_data(as_text=True)
    assert 'role="status"' in body
    assert "<title>“place to sleep” near" in body
    assert 'href="tel:' in body and "google.com/maps/dir/" in body
    assert "<mark>" in body  # highlighted snippet
    assert 'name="taxonomy_term_id"' in body and 'name="open_now"' in body  # facets
    assert INACTIVE not in words


def test_filters_narrow_the_results_and_stay_in_the_url(web):
    everything = web.get("/search", query_string={"q": "food", "near": "27701"})
    total = int(re.search(r"(\d+) services? found", text(everything))[1])
    free = web.get("/search", query_string={"q": "food", "near": "27701", "cost": "free"})
    free_total = int(re.search(r"(\d+) services? found", text(free))[1])
    assert 0 < free_total <= total
    near = web.get("/search", query_string={"q": "food", "near": "27701", "miles": "1"})
    assert int(re.search(r"(\d+) services? found", text(near))[1]) < total
    # The filter form keeps the words and the place; the chosen filter stays checked.
    body = free.get_data(as_text=True)
    assert re.search(r'name="cost" value="free" checked', body)
    assert 'type="hidden" name="q" value="food"' in body


def test_pages_of_results_link_to_each_other(web):
    first = web.get("/search", query_string={"near": "27701"})
    body = first.get_data(as_text=True)
    assert 'rel="next"' in body
    next_url = unescape(re.search(r'href="([^"]+)" rel="next"', body)[1])
    second = web.get(next_url)
    assert second.status_code == 200 and "Page 2 of" in text(second)
    assert 'rel="prev"' in second.get_data(as_text=True)
    # A page past the end (an old link) goes to the last page.
    far = web.get("/search", query_string={"near": "27701", "page": "49"})
    assert far.status_code == 302 and "page=" in far.headers["Location"]


def test_typo_offers_did_you_mean(web):
    page = web.get("/search", query_string={"q": "shleter"})
    assert "Did you mean" in text(page) and "shelter" in text(page)


def test_no_results_is_a_helpful_page(web):
    page = web.get("/search", query_string={"q": "zzzqqqxxy"})
    assert page.status_code == 200
    words = text(page)
    assert "No services found" in words and "We did not find a match" in words
    body = page.get_data(as_text=True)
    assert 'href="tel:211"' in body
    assert "/callback?need=zzzqqqxxy" in body
    assert "/search?taxonomy_term_id=" in body  # categories to browse instead


@pytest.mark.parametrize("params", [
    {"q": "x" * 5000},
    {"q": "<script>alert(1)</script>"},
    {"q": "'; DROP TABLE service; --"},
    {"q": "\u202e\ufffd 🏠"},
    {"q": "food", "near": "00000"},
    {"q": "food", "near": "nowhere-at-all-xyz"},
    {"q": "food", "page": "abc"},
    {"q": "food", "page": "-3"},
    {"q": "food", "page": "--1"},
    {"q": "food", "page": "²"},
    {"q": "food", "per_page": "²"},
    {"q": "food", "page": "9" * 10_000},
    {"q": "food", "age": "١٢"},
    {"q": "food", "miles": "lots"},
    {"q": "food", "lat": "91", "lon": "0"},
    {"q": "food", "lat": "35.9"},
    {"q": "food", "language": "klingon"},
    {"q": "food", "sort": "sideways"},
    {"q": "food", "taxonomy_term_id": "not-a-term"},
    {"q": "food", "open_now": "maybe"},
])
def test_bad_search_input_is_never_an_error(web, params):
    page = web.get("/search", query_string=params)
    assert page.status_code == 200, params
    body = page.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body


@pytest.mark.parametrize("path", ["/search", "/es/search"])
def test_a_page_number_that_is_not_digits_is_page_one(web, path):
    """``str.isdigit`` takes "²" and "--1" passed a strip of "-": read strictly, they are
    set aside with a word, and the first page is shown."""
    for page_number in ("--1", "²"):
        page = web.get(path, query_string={"q": "food", "page": page_number})
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert ("page number" if path == "/search" else "número de página") in text(page)
        assert '<ol class="hits" start="1">' in body


def test_a_nul_in_an_address_is_a_plain_400(web):
    """A NUL can be stored nowhere (PostgreSQL refuses it): a page's address holding one
    is refused before any page reads it (``navigator.request_input``)."""
    page = web.get("/search", query_string={"q": "food\x00"})
    assert page.status_code == 400
    assert "We could not read that" in text(page)


def test_a_place_that_cannot_be_found_is_said_plainly(web):
    page = web.get("/search", query_string={"q": "food", "near": "nowhere-at-all-xyz"})
    words = text(page)
    assert "We could not find" in words and "Showing results everywhere" in words
    assert 'aria-invalid="true"' in page.get_data(as_text=True)


@pytest.mark.parametrize("repeat", [100, 120])  # 500 characters, and past the API's 500
def test_overlong_query_is_cut_with_a_note(web, repeat):
    page = web.get("/search", query_string={"q": "food " * repeat})
    assert "first 200 characters" in text(page)
    assert "longer than" not in text(page)  # never the API's own words
    assert 'value="food food' in page.get_data(as_text=True)  # searched, not emptied


# -- service page and reports ----------------------------------------------------------------

def test_service_page_has_what_it_takes_to_get_there(web, ids):
    page = web.get(f"/services/{ids[SHELTER]}")
    assert page.status_code == 200
    words = text(page)
    for heading in ("Who it is for", "How to get help", "Cost", "Hours", "Where"):
        assert heading in words
    assert "Ages 18 and older" in words
    assert "Not yet verified" in words  # the sample data carries no assured_date
    assert "Report a problem with this listing" in words
    assert f"<title>{SHELTER} · Durham Navigator</title>" in page.get_data(as_text=True)


def test_hours_mark_today(web, durham):
    from navigator.directory.models import Schedule

    with durham.app_context():
        # Hours with times to show (a day open around the clock says "Open 24 hours").
        with_hours = db.session.scalar(
            select(Schedule.service_id).where(Schedule.service_id.is_not(None),
                                              Schedule.opens_at > time(0, 0)).limit(1))
    page = web.get(f"/services/{with_hours}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'class="hours"' in body
    assert body.count('aria-current="date"') == 1
    assert re.search(r"\d{1,2}:\d\d\s?[AP]M", text(page))


def test_temporarily_closed_service_says_so(web, ids):
    assert "Temporarily closed" in text(web.get(f"/services/{ids[CLOSED]}"))


@pytest.mark.parametrize("path", ["/services/no-such-id", "/services/" + "x" * 300,
                                  "/es/services/no-such-id"])
def test_unknown_service_is_a_404_page(web, path):
    page = web.get(path)
    assert page.status_code == 404
    assert 'href="tel:911"' in page.get_data(as_text=True)


def test_inactive_service_has_no_page(web, ids):
    assert web.get(f"/services/{ids[INACTIVE]}").status_code == 404


def test_report_a_problem_goes_to_review(web, ids, rows):
    path = f"/services/{ids[PANTRY]}"
    token = csrf(web, path)
    sent = web.post(path + "/report", data={"csrf_token": token, "problem": "phone",
                                             "details": "The number rings a fax machine."})
    assert sent.status_code == 302
    [report] = rows(ListingReport)
    assert (report.problem, report.status) == ("phone", "new")
    assert "Thank you" in text(web.get(sent.headers["Location"]))


def test_report_needs_a_problem_and_a_token(web, ids, rows):
    path = f"/services/{ids[PANTRY]}"
    empty = web.post(path + "/report", data={"csrf_token": csrf(web, path)})
    assert empty.status_code == 400 and "Choose what is wrong" in text(empty)
    forged = web.post(path + "/report", data={"problem": "phone"})
    assert forged.status_code == 400
    assert len(rows(ListingReport)) == 0


def test_reports_are_rate_limited(web, ids, rows):
    path = f"/services/{ids[PANTRY]}"
    token = csrf(web, path)
    codes = [web.post(path + "/report", data={"csrf_token": token, "problem": "hours"}
                      ).status_code for _ in range(7)]
    assert codes[:5] == [302] * 5 and codes[5:] == [429, 429]
    assert len(rows(ListingReport)) == 5


# -- my list ---------------------------------------------------------------------------------

def test_my_list_add_print_share_remove_without_javascript(web, ids):
    shelter, pantry = ids[SHELTER], ids[PANTRY]
    token = csrf(web, "/callback")
    for sid in (shelter, pantry):
        added = web.post("/list/add", data={"csrf_token": token, "service_id": sid,
                                            "next": "/search?q=food"})
        assert added.status_code == 302 and added.headers["Location"] == "/search?q=food"
    page = web.get("/list")
    words = text(page)
    assert SHELTER in words and PANTRY in words and "My list (2)" in words
    share = unescape(re.search(r'id="share-link"[^>]*value="([^"]+)"',
                               page.get_data(as_text=True))[1])
    assert shelter in share and pantry in share
    printed = web.get("/list?print=1")
    assert "print.css" in printed.get_data(as_text=True)
    # Someone else opens the share link: the same services, in a fresh browser.
    with web.application.test_client() as other:
        shared = other.get(share.replace("http://localhost", ""))
        assert SHELTER in text(shared) and PANTRY in text(shared)
        assert "My list (" not in text(shared)
    web.post("/list/remove", data={"csrf_token": token, "service_id": shelter})
    assert SHELTER not in text(web.get("/list"))


def test_list_ignores_what_is_not_a_listing(web, ids):
    token = csrf(web, "/callback")
    assert web.post("/list/add", data={"csrf_token": token,
                                       "service_id": "nope"}).status_code == 404
    # An outside address in "next" is not followed.
    sent = web.post("/list/add", data={"csrf_token": token, "service_id": ids[PANTRY],
                                       "next": "//evil.example/"})
    assert sent.headers["Location"] == "/list"
    assert web.get("/list?services=<b>,../../x," + "y" * 400).status_code == 200


# -- callback requests -------------------------------------------------------------------------

def test_callback_request_is_saved_with_a_next_steps_page(web, rows):
    token = csrf(web, "/callback")
    sent = web.post("/callback", data={
        "csrf_token": token, "name": "Sam", "phone": "(919) 555-0142", "email": "",
        "language": "es", "best_time": "evening", "need": "Help with rent this month",
        "consent": "y"})
    assert sent.status_code == 302 and sent.headers["Location"] == "/callback/sent"
    [request] = rows(CallbackRequest)
    assert (request.name, request.phone, request.language, request.status) == (
        "Sam", "919-555-0142", "es", "new")
    confirmation = text(web.get("/callback/sent"))
    assert "What happens next" in confirmation and "48 hours" in confirmation


@pytest.mark.parametrize("fields, message", [
    ({"name": ""}, "Tell us what to call you"),
    ({"phone": "", "email": ""}, "Give a phone number or an email address"),
    ({"phone": "555-01"}, "Enter a 10-digit phone number"),
    ({"phone": "", "email": "not-an-email"}, "Enter an email address"),
    ({"need": ""}, "Tell us a little about what you need"),
    ({"need": "x" * 1001}, "1,000 characters or fewer"),
    ({"consent": None}, "agree to be contacted"),
    ({"best_time": "midnight"}, "Not a valid choice"),
    ({"need": "Food\x00"}, "a character we cannot save"),
])
def test_callback_form_errors_are_shown_in_place(web, fields, message, rows):
    data = {"csrf_token": csrf(web, "/callback"), "name": "Sam", "phone": "919-555-0142",
            "language": "en", "best_time": "any", "need": "Food", "consent": "y"}
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    page = web.post("/callback", data=data)
    assert page.status_code == 400
    assert message in text(page)
    body = page.get_data(as_text=True)
    assert 'aria-invalid="true"' in body and 'role="alert"' in body
    assert "<title>Error:" in body
    assert len(rows(CallbackRequest)) == 0


def test_a_nul_in_a_form_keeps_what_was_typed(web, rows):
    """A NUL (PostgreSQL cannot store one; SQLite would) is refused beside its field,
    and the text comes back with it shown as U+FFFD, to be sent again without it."""
    page = web.post("/callback", data={
        "csrf_token": csrf(web, "/callback"), "name": "Sam", "phone": "919-555-0142",
        "language": "en", "best_time": "any", "need": "Rent\x00 this month", "consent": "y"})
    assert page.status_code == 400
    body = page.get_data(as_text=True)
    assert re.search(r'id="need-error">[^<]*character we cannot save', body)
    assert "\nRent\ufffd this month</textarea>" in body and 'value="Sam"' in body
    assert len(rows(CallbackRequest)) == 0


def test_callback_without_token_is_refused(web, rows):
    page = web.post("/callback", data={"name": "Sam", "phone": "919-555-0142",
                                       "language": "en", "best_time": "any", "need": "x",
                                       "consent": "y"})
    assert page.status_code == 400
    assert len(rows(CallbackRequest)) == 0


# -- languages ---------------------------------------------------------------------------------

def test_every_page_is_also_under_es(web, ids):
    sid = ids[PANTRY]
    for path in ("/", "/search?q=comida", f"/services/{sid}", "/list", "/callback",
                 "/callback/sent"):
        page = web.get("/es" + path)
        assert page.status_code == 200, path
        assert '<html lang="es">' in page.get_data(as_text=True), path


def test_language_switch_keeps_the_page_and_persists(web):
    page = web.get("/search?q=food&near=27701")
    switch = unescape(re.search(r'href="([^"]+)" lang="es"', page.get_data(as_text=True))[1])
    assert switch == "/es/search?q=food&near=27701"
    spanish = web.get(switch)
    assert spanish.headers.get("Set-Cookie", "").startswith("lang=es")
    # Links on a Spanish page stay Spanish.
    assert 'href="/es/services/' in spanish.get_data(as_text=True)
    # The home page follows the remembered choice, not the browser.
    assert web.get("/", headers={"Accept-Language": "en"}).status_code == 200


def test_first_visit_follows_the_browser_language(durham):
    with durham.test_client() as fresh:
        first = fresh.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"})
        assert first.status_code == 302 and first.headers["Location"] == "/es/"
        assert fresh.get("/", headers={"Accept-Language": "en-US"}).status_code == 200


def test_static_files_are_cached_by_content(web):
    body = web.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', body)[1]
    response = web.get(css)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_no_results_offers_the_categories_the_words_pointed_at_first(web):
    page = web.get("/search", query_string={"q": "place to sleep", "near": "27701",
                                            "language": "vi", "miles": "1"})
    words = text(page)
    assert "No services found" in words
    assert "Search again without filters" in words
    assert "Search everywhere, not only near ZIP 27701" in words
    tiles = re.findall(r'<li><a href="/search\?taxonomy_term_id=[^"]+"><strong>([^<]+)</strong>',
                       page.get_data(as_text=True))
    assert tiles[0] == "Housing", tiles[:3]


def test_behind_a_proxy_each_client_has_its_own_rate_limit(app, ids):
    """With NAVIGATOR_PROXIES set, the limit counts the forwarded client address: one
    person's tries never lock out everyone behind the same proxy."""
    from navigator import create_app

    proxied = create_app({**app.config, "NAVIGATOR_PROXIES": 1})
    limiter.reset()
    path = f"/services/{ids[PANTRY]}"
    codes = {}
    for client_address in ("198.51.100.1", "198.51.100.2"):
        with proxied.test_client() as client:
            headers = {"X-Forwarded-For": client_address}
            page = client.get(path, headers=headers).get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
            codes[client_address] = [client.post(
                path + "/report", data={"csrf_token": token, "problem": "hours"},
                headers=headers).status_code for _ in range(6)]
    assert codes["198.51.100.1"] == [302] * 5 + [429]
    assert codes["198.51.100.2"] == [302] * 5 + [429]
    with proxied.app_context():
        db.session.query(ListingReport).delete()
        db.session.commit()


def test_the_place_is_named_in_the_page_language(web):
    assert "cerca de código postal 27701" in text(
        web.get("/es/search", query_string={"q": "comida", "near": "27701"}))
    assert "near ZIP 27701" in text(web.get("/search", query_string={"q": "food",
                                                                     "near": "27701"}))


def test_a_cached_result_is_not_changed_by_showing_it(durham):
    """A search's results are shared by every request that asks it within the minute:
    showing them, twice in English and twice in Spanish, changes nothing in them."""
    import dataclasses
    import pickle

    from navigator.i18n import in_language
    from navigator.public.presenting import facet_options, result_view
    from navigator.search import SearchQuery, place_for, search

    with durham.test_request_context("/search"):
        query = SearchQuery(text="food", place=place_for(near="27701"), per_page=10)
        results = search(query, log_search=False)
        assert results.hits and search(query, log_search=False) is results  # the cached one
        before = pickle.dumps(results)
        shown = {}
        for lang in ("en", "es", "en", "es"):
            with in_language(lang):
                views = [result_view(hit, lang, results.place) for hit in results.hits]
                shown[lang] = ([(v.status_text, v.languages, v.costs, v.distance)
                                for v in views], facet_options(results, query, lang))
        assert shown["en"] != shown["es"]  # each language had its own words
        assert pickle.dumps(results) == before
        with pytest.raises(dataclasses.FrozenInstanceError):
            results.hits[0].name = "changed"
        with pytest.raises(dataclasses.FrozenInstanceError):
            results.public_view = "kept on the results"


@pytest.mark.parametrize("path, words, heading, line", [
    ("/search", "i don't want to live anymore", "You do not have to go through this alone",
     "988"),
    ("/es/search", "ya no quiero vivir", "No tiene que pasar por esto a solas", "988"),
    ("/search", "my boyfriend hits me", "You do not have to go through this alone",
     "919-403-6562"),
    ("/es/search", "mi esposo me pega", "No tiene que pasar por esto a solas",
     "919-519-3735"),
])
def test_a_search_that_expresses_a_crisis_opens_with_the_crisis_lines(web, path, words,
                                                                      heading, line):
    page = web.get(path, query_string={"q": words}).get_data(as_text=True)
    panel = page.index('class="crisis-panel"')
    assert panel < page.index('class="result-count"')
    assert heading in page and line in page[panel:page.index("</section>", panel)]
    # The API names the concept, so that other clients can do the same.
    assert web.get("/api/search", query_string={"q": words}).get_json()["crisis"]


def test_an_ordinary_search_has_no_crisis_panel(web):
    assert 'class="crisis-panel"' not in web.get("/search?q=food+pantry").get_data(as_text=True)
    assert web.get("/api/search?q=food+pantry").get_json()["crisis"] is None
