"""Every input the site takes, given what breaks parsers and databases: a NUL (which
PostgreSQL refuses in text), a lone surrogate and invalid percent-encodings (read as
U+FFFD), "--1" and "²" (which ``str.isdigit`` takes and ``int()`` refuses), other
digits, 10,000 characters or digits, negative, huge and infinite numbers, the last day
of the calendar.

Each field of every form the pages show (public, workspace, provider portal, admin,
sign-in, password change), found by reading the pages of a small world
(tests/fuzz_world.py), one field at a time with the others as a person would fill them;
each part of every path; every HSDS API parameter one at a time, from the OpenAPI
document; every page's query string. No answer may be a server error, and where the
input was refused (a 4xx, or any NUL) the database is as it was.

The forms, pages and parameters come from the application (``url_map``, the forms'
classes, the OpenAPI document): a new one is fuzzed without a change here, and a new
page address the world cannot fill in fails ``test_the_world_has_a_page_for_every_address``.
The suite runs on SQLite and on PostgreSQL (.ci/run), where a NUL fails for real.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from wtforms.fields.core import UnboundField

from navigator.api.documentation import document
from navigator.extensions import db, limiter
from navigator.forms import Form
from tests.database_state import empty_database_and_index
from tests.fuzz_world import Writes, build_world
from tests.html_forms import forms_of

#: Sent as they are, already percent-encoded, by what each tries.
VALUES = {
    "NUL": "a%00b",
    "lone surrogate": "a%ED%A0%80b",
    "invalid percent-encodings": "%ff%C0%AF%e2%82%zz%",
    "--1": "--1",
    "²": "%C2%B2",
    "huge": "9" * 30,
    "10,000 characters": "x" * 10_000,
    # What only a field read as a number, a date or a choice could trip on:
    "negative": "-1",
    "10,000 digits": "9" * 10_000,
    "Arabic-Indic digits": "%D9%A1%D9%A2",
    "underscored digits": "1_000",
    "huge negative": "-" + "9" * 30,
    "infinite": "1e309",
    "the last day": "9999-12-31",
    "the first moment": "0001-01-01T00:00",
}
#: For a field of text or a choice: the values up to the 10,000 characters.
TEXT = tuple(VALUES)[:tuple(VALUES).index("10,000 characters") + 1]
#: The inputs that a browser sends as numbers or dates: every value.
NUMBER_KINDS = frozenset({"number", "range", "date", "datetime-local", "month", "week",
                          "time"})
#: For what is never typed (a path, a page's query string): what could break reading.
FEW = ("NUL", "lone surrogate", "invalid percent-encodings", "²", "10,000 characters")
#: For a CSRF token.
TOKEN = ("NUL", "10,000 characters")


@pytest.fixture(scope="module")
def world(app):
    """The world, with rate limits off (the fuzz sends hundreds of forms a minute)."""
    before = app.config["NAVIGATOR_API_RATE_LIMIT"], limiter.enabled
    app.config["NAVIGATOR_API_RATE_LIMIT"] = "off"
    limiter.enabled = False
    try:
        yield build_world(app)
    finally:
        app.config["NAVIGATOR_API_RATE_LIMIT"], limiter.enabled = before
        with app.app_context():
            empty_database_and_index()


@pytest.fixture
def writes(app):
    """What each request committed to the database."""
    with app.app_context():
        engine = db.engine
    with Writes(engine) as seen:
        yield seen


@pytest.fixture(scope="module")
def pages(world):
    """Path -> (status, forms) of every page of the world, each opened by its role."""
    found = {}
    for role, paths in world.pages.items():
        for path in paths:
            response = world.clients[role].get(path)
            html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
            found[path] = response.status_code, forms_of(html, urlsplit(path).path)
    return found


class Fuzz:
    """Sends requests and keeps what went wrong: a server error, or a refused input
    that changed the database."""

    def __init__(self, world, writes):
        self.world, self.writes = world, writes
        self.problems: list[str] = []
        self.written: set[str] = set()
        writes.take()

    def send(self, what: str, value: str, method: str, url: str, body: str | None = None,
             role: str | None = None, environ: dict | None = None):
        client = self.world.clients[role] if role else self.world.client_for(url)
        try:
            response = client.open(url, method=method, data=body, environ_overrides=environ,
                                   content_type="application/x-www-form-urlencoded")
        except Exception as error:  # the error page failed too (TESTING raises it here)
            self.writes.take()
            self.problems.append(f"{type(error).__name__} for {what} = {value} ({method} "
                                 f"{url[:120]})")
            return None
        changed = self.writes.take()
        self.written |= changed
        code = response.status_code
        if code >= 500:
            self.problems.append(f"{code} for {what} = {value} ({method} {url[:120]})")
        elif changed and (value == "NUL" or 400 <= code < 500):
            self.problems.append(f"{code} for {what} = {value}, and {sorted(changed)} "
                                 f"changed ({method} {url[:120]})")
        elif urlsplit(url).path.startswith("/api/") and code >= 400 and not (
                response.is_json and response.get_json().get("error")):
            self.problems.append(f"{code} without a JSON error for {what} = {value}")
        return response

    def check(self) -> None:
        assert not self.problems, "\n".join(self.problems[:40])


def _body(pairs) -> str:
    return "&".join(f"{quote(name)}={value}" for name, value in pairs)


def _encoded(pairs) -> list[tuple[str, str]]:
    return [(name, quote(value, safe="")) for name, value in pairs]


def _endpoint(app, path: str, method: str) -> str:
    return app.url_map.bind("localhost").match(urlsplit(path).path, method=method)[0]


def _forms(app, world, pages) -> dict:
    """Each form once: (method, endpoint, field names) -> (form, role)."""
    found = {}
    for role, paths in world.pages.items():
        for path in paths:
            for form in pages[path][1]:
                key = (form.method, _endpoint(app, form.action, form.method.upper()),
                       tuple(sorted(form.names)))
                found.setdefault(key, (form, role))
    return found


def _form_classes() -> list[type]:
    classes, todo = [], [Form]
    while todo:
        cls = todo.pop()
        subclasses = cls.__subclasses__()
        classes += subclasses
        todo += subclasses
    return [c for c in classes if c.__module__.startswith("navigator.")]


def _fields(cls) -> frozenset[str]:
    """A form class's fields, by name (a list of rows or a subform, such as a day of the
    hours editor, is one field: its inputs are "phones-0-number", "monday-state")."""
    return frozenset(name for name in dir(cls)
                     if isinstance(getattr(cls, name), UnboundField))


def test_the_world_has_a_page_for_every_address(app, world, pages):
    """Every address the site answers GET on is a page of the world (so its forms and
    path are fuzzed); each opens, and answers HEAD as it answers GET."""
    rules = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    adapter = app.url_map.bind("localhost")
    opened = {adapter.match(urlsplit(p).path, method="GET", return_rule=True)[0].rule
              for p in pages}
    assert rules - opened == set(), "add these to tests/fuzz_world.py's pages"
    for path, (status, _) in pages.items():
        assert status == (404 if path in world.missing else 200), (path, status)
        head = world.client_for(path).head(path)
        assert head.status_code == status, (path, "HEAD", head.status_code)


def test_every_form_and_every_form_class_is_fuzzed(app, world, pages):
    forms = _forms(app, world, pages)
    posted = {endpoint for method, endpoint, _ in forms if method == "post"}
    rules = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert rules - posted == set(), "no page of the world shows a form for these"
    # A list of rows shows as its rows' inputs ("phones-0-number"), a group as its own
    # ("address-city"): each stands for the form's field ("phones", "address").
    shown = {frozenset(name.split("-", 1)[0] for name in names) - {"csrf_token"}
             for _, _, names in forms}
    for cls in _form_classes():
        assert _fields(cls) - {"csrf_token"} in shown, f"no page shows {cls.__name__}"


def test_form_fields(app, world, pages, writes):
    fuzz = Fuzz(world, writes)
    for (method, endpoint, _), (form, role) in _forms(app, world, pages).items():
        filled = form.filled()
        for name in _one_of_each_group(form):
            others = _encoded([(n, v) for n, v in filled if n != name])
            kind = next(f.kind for f in form.fields if f.name == name)
            labels = (TOKEN if name == "csrf_token" else VALUES if kind in NUMBER_KINDS
                      else TEXT)
            for label in labels:
                pairs = [*others, (name, VALUES[label])]
                what = f"{endpoint} {name}"
                if method == "get":
                    fuzz.send(what, label, "GET", f"{form.action}?{_body(pairs)}", role=role)
                else:
                    fuzz.send(what, label, "POST", form.action, _body(pairs), role=role)
    fuzz.check()
    # What a form accepted was written: the watch on the database sees writes.
    assert {"callback_request", "listing_report", "resident", "consent"} <= fuzz.written


def _one_of_each_group(form) -> list[str]:
    """The form's input names, a repeated group taken once: the inputs of one subform
    or row share a prefix ("monday-opens_1", "phones-0-number"), and groups with the
    same inputs of the same kinds (each day of the hours editor, each row of a list)
    are the same fields with the same checks, so only the first is fuzzed."""
    kinds = {f.name: f.kind for f in form.fields}
    groups: dict[str, list[str]] = {}
    for name in form.names:
        groups.setdefault(name.rsplit("-", 1)[0] if "-" in name else name, []).append(name)
    seen: set[tuple] = set()
    kept = []
    for prefix, names in groups.items():
        shape = tuple(sorted((n[len(prefix):], kinds.get(n)) for n in names))
        if prefix in names or shape not in seen:  # a lone input is always its own
            seen.add(shape)
            kept += names
    return kept


def test_paths(app, world, pages, writes):
    """Each part of every address (of a page, or a form's action) in turn."""
    adapter = app.url_map.bind("localhost")
    addresses = {}
    for path in pages:
        addresses.setdefault(("GET", urlsplit(path).path), None)
    for form, role in _forms(app, world, pages).values():
        if form.method == "post":
            token = dict(form.filled()).get("csrf_token", "")
            addresses.setdefault(("POST", form.action), (role, token))
    fuzz = Fuzz(world, writes)
    for (method, path), posted in addresses.items():
        rule, arguments = adapter.match(path, method=method, return_rule=True)
        for argument in arguments.values():
            for label in FEW:
                url = path.replace(quote(str(argument), safe="/"), VALUES[label], 1)
                role = posted[0] if posted else None
                body = _body([("csrf_token", quote(posted[1], safe=""))]) if posted else None
                fuzz.send(f"{rule.rule} path", label, method, url, body,
                          role=role or world.role_of(path))
    fuzz.check()


def test_query_strings_of_every_page(app, world, pages, writes):
    """Every page with every parameter any page or the API reads, all at once: each
    value on the public pages, those that could break reading on the others."""
    names = sorted({name for operation in _api_parameters().values() for name in operation}
                   | {"services", "print", "need", "next", "miles", "sort", "cost",
                      "accessibility", "age", "accepting_referrals"})
    fuzz = Fuzz(world, writes)
    endpoints = {}
    for path in pages:  # a page of each endpoint (the Spanish ones are the same views)
        endpoints.setdefault(_endpoint(app, path, "GET"), urlsplit(path).path)
    for endpoint, base in endpoints.items():
        if endpoint.startswith("api."):
            continue  # one parameter at a time below
        for label in VALUES if world.role_of(base) == "anonymous" else FEW:
            fuzz.send(f"{base} query", label, "GET",
                      f"{base}?{'&'.join(f'{n}={VALUES[label]}' for n in names)}")
        # Bytes no client should send unencoded, and not UTF-8.
        fuzz.send(f"{base} query", "raw Latin-1 bytes", "GET", base,
                  environ={"QUERY_STRING": "q=caf\xe9&page=\xb2"})
    fuzz.check()


def _api_parameters() -> dict[str, list[str]]:
    """OpenAPI path -> the names of its parameters."""
    found = {}
    for path, item in document()["paths"].items():
        found[path] = [p["$ref"].rsplit("/", 1)[1] if "$ref" in p else p["name"]
                       for p in item["get"].get("parameters", [])]
    return found


#: What a parameter needs beside it to be read at all.
PARTNERS = {"lat": "&lon=0", "lon": "&lat=0", "proximity": "&postcode=27701"}


def test_api_parameters_one_at_a_time(app, world, writes):
    """A refused parameter is a JSON 400 that names it."""
    fuzz = Fuzz(world, writes)
    for path, names in _api_parameters().items():
        url = "/api" + path.replace("{id}", world.ids["organization"])
        for name in names:
            for label, value in VALUES.items():
                response = fuzz.send(f"{path} {name}", label, "GET",
                                     f"{url}?{name}={value}{PARTNERS.get(name, '')}")
                named = response.get_json().get("parameter") if response is not None \
                    and response.status_code == 400 else name
                if named != name:
                    fuzz.problems.append(f"400 for {path} {name} = {label} names {named!r}")
    fuzz.check()
