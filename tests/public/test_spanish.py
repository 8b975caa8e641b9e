"""The Spanish site: a complete catalog, and Spanish pages with no English interface left.

- The catalog (``navigator/translations/es/LC_MESSAGES/messages.po``) translates every
  message, none is fuzzy, placeholders are kept, and nothing the sources mark for
  translation today is missing from it (forgotten ``make translations``).
- Every public page under ``/es/`` (forms with their errors, flashed notices, error pages)
  says ``<html lang="es">`` and shows no interface string in English: no English msgid of
  the catalog, no common English word. A listing's own words are English and carry
  ``lang="en"``: whatever is inside such an element is skipped, and so is a listing's text
  the page marks English elsewhere (its name, quoted in "Agregar <name> a mi lista").
  English that is the directory's own but not marked ``lang="en"`` is not the catalog's
  business: it has a test of its own (expected to fail until the pages mark it).
- The same pages without ``/es`` say ``<html lang="en">``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from sqlalchemy import String, select

from navigator.directory.categories import HIDDEN_STATUSES
from navigator.directory.models import Service
from navigator.extensions import db, limiter
from navigator.review.models import AccessRequest, ListingReport
from navigator.workflow.models import CallbackRequest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "navigator" / "translations"
SPANISH = TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po"
#: As ``make translations`` extracts (Makefile).
EXTRACT = ["-F", str(TRANSLATIONS / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
           "--ignore-dirs", ".* __pycache__ tests bench instance"]

PANTRY = "Durham Community Food Pantry"
SHELTER = "UMD Community Shelter for single adults"

#: Words and phrases of English that no Spanish page shows outside a ``lang="en"`` element.
ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|your|you|with|for|of|to|or|is|are|not|this|from|near|at|we|our|"
    r"please|thank you|page|today|away|found|results?)\b", re.IGNORECASE)
ENGLISH_PHRASES = ("Search", "Call ", "Open now", "Closed", "Directions", "services found",
                   "Hours", "My list", "Add to", "Remove", "Filter", "Ask a", "Back to",
                   "Verified", "Report a", "Send ", "Skip to", "Need help")
#: Attributes people read (or hear), and enhance.js's words (data-geo-*).
READ_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt", "data-geo-label",
                   "data-geo-busy", "data-geo-failed")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def spanish_catalog():
    with SPANISH.open("rb") as file:
        return read_po(file)


def forms(message) -> tuple[str, ...]:
    """A message's msgstr forms (one, or one per plural form)."""
    return tuple(message.string) if isinstance(message.string, (tuple, list)) \
        else (message.string,)


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]|%%", text or ""))


# -- the catalog ------------------------------------------------------------------------------

def test_every_message_is_translated_and_none_is_fuzzy():
    catalog = spanish_catalog()
    assert catalog.num_plurals == 2 and catalog.plural_expr == "(n != 1)", \
        f"Spanish has two plural forms: {catalog.plural_forms}"
    assert not catalog.fuzzy, "the catalog's header is marked fuzzy (pybabel skips it)"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        strings = forms(message)
        if len(strings) != (2 if message.pluralizable else 1) or \
                not all(s and s.strip() for s in strings):
            problems.append(f"not translated: {message.id!r} -> {message.string!r}")
    assert not problems, "\n".join(problems)
    assert len(catalog) > 150  # the catalog is the real one, not an empty file


def test_translations_keep_their_placeholders():
    problems = []
    for message in spanish_catalog():
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        for index, string in enumerate(forms(message)):
            source = ids[min(index, len(ids) - 1)]
            if placeholders(string) != placeholders(source):
                problems.append(f"{source!r} -> {string!r}")
            if re.search(r"%(?!\(\w+\)[sd]|%)", string):
                problems.append(f"a lone % (write %%): {string!r}")
    assert not problems, "\n".join(problems)


def test_the_catalog_has_every_message_the_sources_mark(tmp_path):
    template = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", *EXTRACT, "-o", str(template), str(ROOT)])
    with template.open("rb") as file:
        extracted = {m.id for m in read_po(file) if m.id}
    assert len(extracted) > 150, "the extraction found almost nothing: is babel.cfg right?"
    translated = {m.id for m in spanish_catalog() if m.id}
    missing = sorted(map(str, extracted - translated))
    assert not missing, ("in the sources but not in messages.po: run `make translations` "
                         "and translate them:\n" + "\n".join(missing))


# -- the pages ---------------------------------------------------------------------------------

class ReadText(HTMLParser):
    """What a person reads or hears on a page, except inside elements in another
    language (``lang`` other than ``page_lang``) and scripts."""

    def __init__(self, page_lang: str):
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[tuple[str, bool]] = []  # (tag, in another language)
        self.texts: list[str] = []
        self.quoted: list[str] = []  # words inside elements in another language
        self.html_lang: str | None = None

    def _other_language(self) -> bool:
        return any(other for _, other in self.stack)

    def _add(self, text: str | None, label: str = "", other: bool = False) -> None:
        text = " ".join((text or "").split())
        if text and other:
            self.quoted.append(text)
        elif text:
            self.texts.append(f"{label}{text}" if label else text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        if tag == "html":
            self.html_lang = lang
        other = tag != "html" and lang is not None and \
            lang.split("-")[0].lower() != self.page_lang
        other_language = other or self._other_language()
        for name in READ_ATTRIBUTES:
            self._add(attrs.get(name), f"[{name}] ", other_language)
        if tag == "input" and (attrs.get("type") or "") in ("submit", "button", "reset"):
            self._add(attrs.get("value"), "[button] ", other_language)
        if tag not in VOID:
            self.stack.append((tag, other))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style", "template"):
            return
        self._add(data, other=self._other_language())


def read_text(body: str, page_lang: str) -> ReadText:
    parser = ReadText(page_lang)
    parser.feed(body)
    parser.close()
    return parser


def _pattern(msgid: str) -> str:
    """A msgid as a regular expression: a number for %(x)d, any text for %(x)s."""
    parts = re.split(r"(%\(\w+\)[sd])", " ".join(msgid.split()).replace("%%", "%"))
    return "".join((r"\d[\d,.]*" if part.endswith("d") else ".+?")
                   if re.fullmatch(r"%\(\w+\)[sd]", part) else re.escape(part)
                   for part in parts)


@pytest.fixture(scope="module")
def english_messages() -> list[tuple[str, re.Pattern, bool]]:
    """(msgid, pattern, whole text only) of each English msgid whose Spanish differs.
    One-word messages ("Free", "Closed") only match a whole text; longer ones anywhere."""
    found = []
    for message in spanish_catalog():
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        for source in ids:
            if source in forms(message):
                continue  # the same in both languages ("Error", the site's name)
            pattern = _pattern(source)
            one_word = len(re.sub(r"%\(\w+\)[sd]", "", source).split()) < 2
            found.append((source, re.compile(
                pattern if one_word else rf"(?<!\w){pattern}(?!\w)"), one_word))
    return found


@dataclass
class Directory:
    """The directory's own words (every text column but the categories'), to tell a
    listing's English from the interface's."""

    values: set[str]
    text: str  # the values, one a line
    names: list[str]  # the short values (names, labels), longest first

    def holds(self, words: str) -> bool:
        """``words`` are a value, or (three words or more) a piece of one (a snippet)."""
        words = " ".join(words.split())
        return words in self.values or (len(words.split()) >= 3 and words in self.text)

    def names_in(self, words: str) -> list[str]:
        return [name for name in self.names if name in words]


@pytest.fixture(scope="module")
def directory(durham) -> Directory:
    skipped = {"taxonomy", "taxonomy_term", "taxonomy_term_translation", "metadata",
               "meta_table_description"}
    values: set[str] = set()
    with durham.app_context():
        for table in db.Model.metadata.sorted_tables:
            if table.name in skipped:
                continue
            columns = [c for c in table.columns if isinstance(c.type, String)]
            if columns:
                for row in db.session.execute(select(*columns)):
                    values.update(" ".join(v.split()) for v in row if isinstance(v, str))
    values.discard("")
    return Directory(values, "\n".join(values),
                     sorted((v for v in values if len(v) <= 150 and len(v.split()) > 1),
                            key=len, reverse=True))


def english_in(words: str, english_messages) -> str | None:
    """Why ``words`` read as English, or None."""
    for msgid, pattern, whole in english_messages:
        if (pattern.fullmatch(words) if whole else pattern.search(words)):
            return f"the catalog's English {msgid!r}"
    word = ENGLISH_WORDS.search(words)
    if word:
        return f"English: {word[0]!r}"
    phrase = next((p for p in ENGLISH_PHRASES if p in words), None)
    return f"English: {phrase!r}" if phrase else None


def _without(words: str, parts) -> str:
    for part in parts:
        words = words.replace(part, " ")
    return " ".join(words.split())


def english_left(texts: list[str], quoted: list[str], english_messages,
                 directory: Directory) -> tuple[list[str], list[str]]:
    """(interface English, listing English not marked lang="en") among a Spanish page's
    texts. A listing's words the page marks as English elsewhere (its name, quoted in
    "Agregar <name> a mi lista") are not English left on the page."""
    interface, listing = [], []
    quoted = sorted(set(quoted), key=len, reverse=True)
    for text in texts:
        words = re.sub(r"^\[[\w-]+\] ", "", text)
        why = english_in(words, english_messages)
        if why is None:
            continue
        rest = _without(words, quoted)
        if rest != words:
            why = english_in(rest, english_messages)
            if why is None:
                continue
        # The directory's words: a whole value, or a piece of one (a snippet between
        # <mark>s) when no message of the catalog is in it.
        if rest in directory.values or (not why.startswith("the catalog") and
                                        directory.holds(rest.strip(" …"))):
            listing.append(f"{text!r} ({why})")
            continue
        names = directory.names_in(rest)
        bare = _without(rest, names)
        if names and english_in(bare, english_messages) is None:
            listing.append(f"{text!r} ({why}, in {names[0]!r})")
        else:
            interface.append(f"{text!r} ({english_in(bare, english_messages) or why})")
    return interface, listing


@pytest.fixture(scope="module")
def service_ids(durham) -> dict[str, str]:
    """Name -> id of every service that has a public page."""
    with durham.app_context():
        return dict(db.session.execute(
            select(Service.name, Service.id)
            .where(Service.status.not_in(HIDDEN_STATUSES))).all())


def csrf(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


def visit_every_page(client, lang: str, service_ids: dict[str, str]) -> list[tuple]:
    """Every public page in ``lang``, as a person goes through them: (what, response,
    expected status). Forms are sent empty or wrong, so that their errors show; CSRF
    stays on (tokens are taken from the pages), and one form is sent without one."""
    prefix = "/es" if lang == "es" else ""
    pantry, shelter = service_ids[PANTRY], service_ids[SHELTER]
    pages = []

    def get(path: str, status: int = 200):
        pages.append((f"GET {prefix}{path}", client.get(prefix + path), status))

    def post(path: str, data: dict, status: int, follow: bool = False):
        response = client.post(prefix + path, data=data, follow_redirects=follow)
        pages.append((f"POST {prefix}{path} {sorted(data)}", response, status))

    get("/")
    get("/search?q=comida&near=27701")
    get("/search?q=food&near=27701")
    get("/search?q=zzzzqqqq")  # no results
    get("/search?q=zzzzqqqq&open_now=1")  # no results, with a filter to take off
    get("/search?q=shleter")  # "did you mean"
    get("/search?q=comida&near=Springfield+Gorge")  # a place that cannot be found
    get("/search?q=comida&near=27701&open_now=1&miles=5&sort=distance&cost=free")
    get("/search?q=comida&miles=lejos")  # a setting that cannot be read
    get("/search?q=" + "comida+" * 40)  # a long search, cut
    get("/search?near=27701")  # everything, with pages of results
    get("/search?near=27701&page=2")
    home = client.get(prefix + "/").get_data(as_text=True)
    category = re.search(r'href="([^"]*/search\?taxonomy_term_id=[^"]+)"', home)
    assert category, "the home page links no category"
    pages.append((f"GET {category[1]}", client.get(category[1].replace("&amp;", "&")), 200))
    get(f"/services/{pantry}")
    get(f"/services/{shelter}")
    service = f"{prefix}/services/{pantry}"
    post(f"/services/{pantry}/report", {"csrf_token": csrf(client, service)}, 400)
    post(f"/services/{pantry}/report", {"csrf_token": csrf(client, service),
                                        "problem": "hours"}, 200, follow=True)  # thanks
    claim = f"/services/{pantry}/claim"
    get(claim)
    post(claim, {"csrf_token": csrf(client, prefix + claim)}, 400)
    post(claim, {"csrf_token": csrf(client, prefix + claim), "name": "Ana",
                 "email": "ana@", "job_title": "x" * 121, "message": "x" * 1001}, 400)
    post(claim, {"csrf_token": csrf(client, prefix + claim), "name": "Ana",
                 "email": "ana@example.org", "job_title": "Directora"}, 200,
         follow=True)  # thanks
    get("/services/no-such-id/claim", 404)
    get("/list")  # empty
    token = csrf(client, service)
    for service_id in (pantry, shelter):
        post("/list/add", {"csrf_token": token, "service_id": service_id,
                           "next": f"{prefix}/services/{service_id}"}, 200, follow=True)
    get("/list")
    get("/list?print=1")
    get(f"/list?services={pantry},{shelter}")  # a list someone shared
    post("/list/remove", {"csrf_token": token, "service_id": shelter}, 200, follow=True)
    get("/callback")
    post("/callback", {"csrf_token": csrf(client, prefix + "/callback")}, 400)
    post("/callback", {}, 400)  # no token either: "the form expired"
    post("/callback", {"csrf_token": csrf(client, prefix + "/callback"), "name": "Ana",
                       "phone": "555-01", "email": "ana@", "language": lang,
                       "best_time": "midnight", "need": "x" * 1001}, 400)
    post("/callback", {"csrf_token": csrf(client, prefix + "/callback"), "name": "Ana",
                       "phone": "", "email": "", "language": lang, "best_time": "any",
                       "need": "comida", "consent": "y"}, 400)
    get("/callback/sent")
    get("/services/no-such-id", 404)
    get("/no-such-page", 404)
    return pages


def _visit(durham, visit):
    """Pages visited with a client of their own (fresh cookies and rate limits, no app
    context held across requests); what the forms saved is removed afterwards."""
    limiter.reset()
    with durham.test_client() as client:
        pages = visit(client)
    with durham.app_context():
        db.session.query(CallbackRequest).delete()
        db.session.query(ListingReport).delete()
        db.session.query(AccessRequest).delete()
        db.session.commit()
    return pages


@pytest.fixture(scope="module")
def spanish_pages(durham, service_ids):
    return _visit(durham, lambda client: visit_every_page(client, "es", service_ids))


@pytest.fixture(scope="module")
def spanish_service_pages(durham, service_ids):
    """The page of every service, in Spanish."""
    return _visit(durham, lambda client: [
        (f"GET /es/services/{service_id} ({name})", client.get(f"/es/services/{service_id}"),
         200) for name, service_id in sorted(service_ids.items())])


@dataclass
class Findings:
    wrong: list[str]  # a status or <html lang> other than expected
    interface: list[str]  # the interface's English
    listing: list[str]  # a listing's English not marked lang="en"


def check_pages(pages, lang: str, english_messages=(), directory=None,
                skip_errors: bool = False) -> Findings:
    found = Findings([], [], [])
    for what, response, status in pages:
        if skip_errors and response.status_code >= 500:
            continue
        if response.status_code != status:
            found.wrong.append(f"{what}: status {response.status_code}, not {status}")
        page = read_text(response.get_data(as_text=True), lang)
        if page.html_lang != lang:
            found.wrong.append(f'{what}: <html lang="{page.html_lang}">, not "{lang}"')
        if lang == "es":
            interface, listing = english_left(page.texts, page.quoted, english_messages,
                                              directory)
            found.interface += [f"{what}: {problem}" for problem in interface]
            found.listing += [f"{what}: {problem}" for problem in listing]
    return found


def test_every_spanish_page_is_in_spanish(spanish_pages, english_messages, directory):
    found = check_pages(spanish_pages, "es", english_messages, directory)
    assert not found.wrong, "\n".join(found.wrong)
    assert not found.interface, "English on Spanish pages:\n" + "\n".join(found.interface)


def test_every_service_page_is_in_spanish(spanish_service_pages, english_messages,
                                          directory):
    # A page that fails to render is test_every_service_page_opens's business.
    found = check_pages(spanish_service_pages, "es", english_messages, directory,
                        skip_errors=True)
    assert not found.wrong, "\n".join(found.wrong)
    assert not found.interface, "English on Spanish pages:\n" + "\n".join(found.interface)


def test_every_service_page_opens(spanish_service_pages):
    failed = [what for what, response, status in spanish_service_pages
              if response.status_code != status]
    assert not failed, f"{len(failed)} pages did not open:\n" + "\n".join(failed)


def test_listing_english_on_spanish_pages_is_marked_english(
        spanish_pages, spanish_service_pages, english_messages, directory):
    found = check_pages(spanish_pages + spanish_service_pages, "es", english_messages,
                        directory, skip_errors=True)
    assert not found.listing, ("a listing's English not marked lang=\"en\":\n"
                               + "\n".join(found.listing))


def test_english_pages_say_they_are_english(durham, service_ids):
    pages = _visit(durham, lambda client: visit_every_page(client, "en", service_ids))
    found = check_pages(pages, "en")
    assert not found.wrong, "\n".join(found.wrong)
    words = " ".join(read_text(pages[0][1].get_data(as_text=True), "en").texts)
    assert "Find help in Durham" in words and "Encuentre" not in words


def test_a_spanish_404_after_spanish_pages_is_spanish(durham):
    with durham.test_client() as client:
        client.get("/es/")
        page = client.get("/es/no-such-page")
        assert page.status_code == 404
        assert read_text(page.get_data(as_text=True), "es").html_lang == "es"


def test_a_spanish_404_on_a_first_visit_is_spanish(durham):
    """No cookie yet, an English browser: the address says Spanish."""
    with durham.test_client() as fresh:
        page = fresh.get("/es/no-such-page", headers={"Accept-Language": "en-US"})
        assert page.status_code == 404
        assert read_text(page.get_data(as_text=True), "es").html_lang == "es"


def test_a_place_not_found_is_said_in_the_page_language(durham):
    with durham.test_client() as client:
        spanish = client.get("/es/search?q=comida&near=Springfield+Gorge")
        assert "No encontramos “Springfield Gorge”. Pruebe con un código postal" in \
            spanish.get_data(as_text=True)
        english = client.get("/search?q=food&near=Springfield+Gorge")
        assert "We could not find “Springfield Gorge”. Try a ZIP code" in \
            english.get_data(as_text=True)


def test_the_api_answers_in_english_unless_asked_otherwise(durham):
    """The API has no /es paths: its language is the ``lang`` cookie's, else the
    browser's (Accept-Language), else English."""
    with durham.test_client() as api:
        answer = api.get("/api/search?q=food&near=Springfield+Gorge")
        assert answer.status_code == 400
        assert answer.get_json() == {"parameter": "near", "error": (
            "We could not find “Springfield Gorge”. Try a ZIP code (like 27701), a street "
            "address, or a Durham neighborhood.")}
    with durham.test_client() as api:
        answer = api.get("/api/search?q=food&near=Springfield+Gorge",
                         headers={"Accept-Language": "es-MX,es;q=0.9"})
        assert answer.get_json()["error"].startswith("No encontramos “Springfield Gorge”")
