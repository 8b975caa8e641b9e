"""A provider of one organization reads and changes nothing of another's, through any
address or form field of the provider portal.

The portal is crawled as organization A's provider (``tests/site_crawl.py``): every page
under /provider that a link, a GET form or a form's action leads to, and every form on
them. The rows of A and of B are read from the database (``two_organizations``), each
row of A paired with the row of B of the same table most like it. Then:

- no page A's provider sees shows an id or a word (a name, a number, an email) of B's;
- every page naming a row of A answers 404 to B's provider;
- A's provider gets 404 for each such page with B's row in place of A's: each id alone,
  then all at once (a page that checks its first id and not its second is caught);
- every form of A's, posted by A's provider with B's id in place of A's (in the action,
  or in a field holding it, each place alone, then all), is refused with 400 or 404,
  shows nothing of B's and leaves the database as it was; posted as the page shows it,
  the same form is accepted, so that the refusal was of B's id, not of the filling in.

Nothing here names a portal page: a page or form added later is crawled and tried
without a change here; one the crawl cannot reach fails the first test, which says so.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from navigator.extensions import limiter
from tests.database_state import changed_rows, empty_database_and_index, table_rows
from tests.html_forms import Field, HtmlForm
from tests.portal.two_organizations import A, B, build_pair
from tests.site_crawl import crawl, on_site

PORTAL = "/provider"
#: Enough for a listing editor of many pages; a crawl that reaches it fails.
LIMIT = 300
#: What the recipe gives A's provider at least (``two_organizations``): the home page,
#: the three referrals it sees, each of its two listings' page; a confirmation and a
#: form for today per listing, an answer per open referral.
FEWEST_PAGES, FEWEST_FORMS = 6, 6
#: Left out of the database's snapshot: ``user_session``, whose ``last_seen_at`` moves
#: as any signed-in request comes in (once a minute at most), whatever it asks. The
#: audit log is kept: a refused request records no disclosure and no change (nothing at
#: all, today); so are the sign-in failures and the search log, which no portal request
#: writes.
NOT_COMPARED = frozenset({"user_session"})


@pytest.fixture(scope="module")
def pair(app):
    """A and B, and the portal as A's provider finds it; rate limits off (the test sends
    a few hundred requests a minute)."""
    before, limiter.enabled = limiter.enabled, False
    limiter.reset()
    try:
        pair = build_pair(app)
        yield pair, crawl(pair.clients[A], PORTAL, PORTAL, LIMIT)
    finally:
        limiter.enabled = before
        with app.app_context():
            empty_database_and_index()


def _portal_forms(crawled):
    """The forms that post to the portal (not the sign-out form every page has)."""
    return [(url, form) for url, form in crawled.forms()
            if form.method == "post" and on_site(url, form.action, PORTAL)]


def _endpoint(adapter, url: str, method: str) -> str | None:
    try:
        return adapter.match(urlsplit(url).path, method=method)[0]
    except HTTPException:  # not a page of the site (a 404), or not by this method
        return None


def _named(text: str, counterpart: dict[str, str]) -> list[str]:
    return [id_ for id_ in counterpart if id_ in text]


def _shown(response, words: set[str]) -> list[str]:
    body = response.get_data(as_text=True)
    return sorted(word for word in words if word in body)


def _snapshot(app):
    with app.app_context():
        return table_rows(NOT_COMPARED)


def _unchanged(app, before, what: str) -> list[str]:
    return [f"{what} changed {change}" for change in changed_rows(before, _snapshot(app))]


def _report(failures: list[str]) -> str:
    return f"{len(failures)} found:\n" + "\n".join(failures[:40])


def test_the_crawl_reaches_every_portal_page_and_form(app, pair):
    kinds, crawled = pair
    failures = [f"{page.url} answered {page.status} to A's provider"
                for page in crawled.pages.values() if page.status != 200]
    failures += [f"not crawled (the limit of {LIMIT} pages was reached): {url}"
                 for url in crawled.left]
    adapter = app.url_map.bind("localhost")
    reached = {_endpoint(adapter, url, "GET") for url in crawled.pages}
    posted = {_endpoint(adapter, form.action, "POST") for _, form in _portal_forms(crawled)}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PORTAL):
            continue
        if re.search(r"<(int|float):", rule.rule):
            failures.append(f"{rule.rule} takes a number: its ids cannot be paired with "
                            "B's here, nor told from a count; address rows by their ids")
        if "GET" in rule.methods and rule.endpoint not in reached:
            failures.append(f"no page of the crawl is {rule.rule}: link it from a portal "
                            "page (the crawl only follows links and forms)")
        if "POST" in rule.methods and rule.endpoint not in posted:
            failures.append(f"no form of the crawl posts to {rule.rule}")
    assert not failures, _report(failures)
    # So that a crawl that silently finds nothing (a page that stopped showing its
    # links, the provider signed out) fails here rather than proving nothing below.
    assert len(crawled.pages) >= FEWEST_PAGES, sorted(crawled.pages)
    assert len(_portal_forms(crawled)) >= FEWEST_FORMS, _portal_forms(crawled)
    naming = [url for url in crawled.pages if _named(url, kinds.counterpart)]
    assert len(naming) >= FEWEST_PAGES - 1, naming


def test_the_rows_of_a_each_have_a_row_of_b_alike(pair):
    kinds, _ = pair
    assert set(kinds.rows[A]) == set(kinds.rows[B]), "the recipe gave A and B other tables"
    for table, ids in kinds.rows[A].items():
        alike = {kinds.counterpart[id_] for id_ in ids}
        # One to one: each row of A has its own row of B (a pending referral B's pending
        # one, not its draft, which would be refused as a draft and prove nothing).
        assert alike <= kinds.rows[B][table] and len(alike) == len(ids), table
    assert {"organization", "service", "location", "phone", "schedule",
            "referral"} <= set(kinds.rows[A])


def test_no_page_of_a_shows_anything_of_b(pair):
    kinds, crawled = pair
    theirs = kinds.words[B] | {id_ for ids in kinds.rows[B].values() for id_ in ids}
    failures = [f"{page.url} shows B's {word!r}" for page in crawled.pages.values()
                for word in sorted(theirs) if word in page.text]
    assert not failures, _report(failures)


def test_every_page_naming_a_row_of_a_is_not_found_for_b(app, pair):
    kinds, crawled = pair
    before, failures, tried = _snapshot(app), [], 0
    for url in crawled.pages:
        if not _named(url, kinds.counterpart):
            continue
        tried += 1
        response = kinds.clients[B].get(url)
        if response.status_code != 404:
            failures.append(f"{url} answered {response.status_code} to B's provider")
        failures += [f"{url} showed B's provider A's {word!r}"
                     for word in _shown(response, kinds.words[A])]
    failures += _unchanged(app, before, "B's provider asking for A's pages")
    assert not failures, _report(failures)
    assert tried >= FEWEST_PAGES - 1


def _swapped_urls(url: str, counterpart: dict[str, str]) -> list[str]:
    """``url`` with each id of A's it names replaced by B's alike, then all of them."""
    named = _named(url, counterpart)
    variants = [url.replace(id_, counterpart[id_]) for id_ in named]
    if len(named) > 1:
        for id_ in named:
            url = url.replace(id_, counterpart[id_])
        variants.append(url)
    return variants


def test_every_page_is_not_found_with_a_row_of_b_in_place_of_as(app, pair):
    kinds, crawled = pair
    before, failures, tried = _snapshot(app), [], 0
    for url in crawled.pages:
        for swapped in _swapped_urls(url, kinds.counterpart):
            tried += 1
            response = kinds.clients[A].get(swapped)
            if response.status_code != 404:
                failures.append(f"{swapped} (A's {url} with B's ids) answered "
                                f"{response.status_code} to A's provider")
            failures += [f"{swapped} showed A's provider B's {word!r}"
                         for word in _shown(response, kinds.words[B])]
    failures += _unchanged(app, before, "A's provider asking for B's pages")
    assert not failures, _report(failures)
    assert tried >= FEWEST_PAGES - 1


def _swapped_posts(form, counterpart: dict[str, str]) -> list[tuple[str, list, str]]:
    """(action, fields, what was swapped) for each place of ``form`` holding an id of A's
    (its action, a field), with B's alike there instead; then with all places swapped."""
    fields = form.filled(typing=False)
    places = [("action", id_) for id_ in _named(form.action, counterpart)]
    places += [(i, value) for i, (_, value) in enumerate(fields) if value in counterpart]

    def swap(chosen):
        action, sent = form.action, list(fields)
        for place, id_ in chosen:
            if place == "action":
                action = action.replace(id_, counterpart[id_])
            else:
                sent[place] = (sent[place][0], counterpart[id_])
        where = ", ".join("the action" if p == "action" else f"field {fields[p][0]!r}"
                          for p, _ in chosen)
        return action, sent, where

    return [swap([place]) for place in places] + ([swap(places)] if len(places) > 1 else [])


def test_each_id_is_swapped_alone_then_all_at_once():
    """What the tests below send for an address or a form holding two ids of A's."""
    counterpart = {"a-service": "b-service", "a-phone": "b-phone"}
    assert _swapped_urls("/provider/s/a-service/p/a-phone", counterpart) == [
        "/provider/s/b-service/p/a-phone", "/provider/s/a-service/p/b-phone",
        "/provider/s/b-service/p/b-phone"]
    form = HtmlForm("post", "/provider/s/a-service/phones", [
        Field("csrf_token", "hidden", "token"), Field("phone_id", "hidden", "a-phone"),
        Field("number", "tel", "919-555-0100")])
    assert [(action, dict(fields)["phone_id"], where) for action, fields, where
            in _swapped_posts(form, counterpart)] == [
        ("/provider/s/b-service/phones", "a-phone", "the action"),
        ("/provider/s/a-service/phones", "b-phone", "field 'phone_id'"),
        ("/provider/s/b-service/phones", "b-phone", "the action, field 'phone_id'")]


def test_no_form_takes_a_row_of_b_in_place_of_as(app, pair):
    """The module's last test (pytest keeps the file's order): posting each form as the
    page shows it changes A's rows, which the tests above read as the crawl found them."""
    kinds, crawled = pair
    client, failures, tried = kinds.clients[A], [], 0
    for page_url, form in _portal_forms(crawled):
        for action, fields, where in _swapped_posts(form, kinds.counterpart):
            tried += 1
            said = f"the form of {page_url} posting to {form.action}, with B's id in {where}"
            before = _snapshot(app)
            response = client.post(action, data=MultiDict(fields))
            if response.status_code not in (400, 404):
                failures.append(f"{said}, answered {response.status_code}")
            failures += [f"{said}, showed B's {word!r}"
                         for word in _shown(response, kinds.words[B])]
            failures += _unchanged(app, before, said)
        if _named(form.action, kinds.counterpart) or any(
                value in kinds.counterpart for _, value in form.filled(typing=False)):
            response = client.post(form.action, data=MultiDict(form.filled(typing=False)))
            if response.status_code >= 400:
                failures.append(
                    f"the form of {page_url} posting to {form.action}, as the page shows "
                    f"it, answered {response.status_code}: the test cannot tell a refusal "
                    f"of B's ids from one of how it filled the form in")
    assert not failures, _report(failures)
    assert tried >= FEWEST_FORMS
