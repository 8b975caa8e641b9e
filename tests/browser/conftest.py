"""Browser fixtures: one live server per session on its own database, loaded with the
Durham sample directory; one headless Chromium per session (Debian's ``chromium``, driven
by Playwright through ``executable_path``: no browser is ever downloaded); and pages at
phone and desktop sizes.

- ``live_server`` -> base URL (``"http://127.0.0.1:PORT"``); pages get it as their
  ``base_url``, so ``page.goto("/")`` works.
- ``browser`` -> ``playwright.sync_api.Browser``.
- ``phone``, ``phone_screen``, ``desktop``, ``nojs_page`` -> a fresh ``Page`` in a fresh
  context;
  ``page`` -> the same, once per viewport (test ids ``[phone]`` and ``[desktop]``).

Check accessibility with ``assert_accessible`` from tests/browser/browsing.py.

The live server has its own SQLite database and index, so the other tests' database (which
they expect empty) is never touched. Its data lives for the whole session: tests that change
it must undo their changes. Its rate limiter is the process's one (``navigator.extensions.
limiter``, in memory): a test that posts a limited form many times calls ``limiter.reset()``
first. Setting ``RATELIMIT_ENABLED`` here would switch the limiter off for every app.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from navigator import create_app, search
from navigator.extensions import db
from tests.browser.browsing import DESKTOP, PHONE, PHONE_SCREEN, VIEWPORTS, new_page
from tests.paths import ROOT

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("NAVIGATOR_CHROMIUM", "/usr/bin/chromium")
#: A missing browser fails the run instead of skipping (CI sets it).
REQUIRE_BROWSER = os.environ.get("NAVIGATOR_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    # Every test under this folder is a browser test (`-m "not browser"` leaves them out).
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (NAVIGATOR_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_app(live_server):
    """The live server's application (to add staff accounts to its database)."""
    return _LIVE_APPS[live_server]


_LIVE_APPS: dict = {}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The site on 127.0.0.1 with the Durham sample directory; yields its base URL."""
    tmp = tmp_path_factory.mktemp("live")
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'navigator.db'}",
        "NAVIGATOR_INDEX_DIR": str(tmp / "index"),
        "NAVIGATOR_PASSWORD_HASH": "fast",
    })
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(
        args=["directory", "import", str(ROOT / "directory_data")])
    assert result.exit_code == 0, f"directory import failed:\n{result.output}"
    with app.app_context():
        # The import left the index to the host's follower, which builds it: its listings
        # are there, beside the one document of the spelling vocabulary.
        search.follow_step()
        index = app.extensions["navigator.search"].index
        assert index.snapshot().searcher.doc_count() > 1, (
            "the search index is empty after the import")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    _LIVE_APPS[base_url] = app
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the session; skips (or fails under
    NAVIGATOR_REQUIRE_BROWSER=1) when Playwright or the browser is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, "
                     "or set NAVIGATOR_CHROMIUM)")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox"])
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


def _open(browser, base_url, **options):
    page = new_page(browser, base_url, **options)
    try:
        yield page
    finally:
        page.context.close()


@pytest.fixture
def phone(browser, live_server):
    """A page 375x667 CSS pixels, touch, 2x density."""
    yield from _open(browser, live_server, **PHONE)


@pytest.fixture
def phone_screen(browser, live_server):
    """A page 375x740 CSS pixels (``PHONE_SCREEN``): a resident's first screen."""
    yield from _open(browser, live_server, **PHONE_SCREEN)


@pytest.fixture
def desktop(browser, live_server):
    """A page 1280x800."""
    yield from _open(browser, live_server, **DESKTOP)


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser, live_server):
    """A page at each viewport in turn: the test runs once as [phone], once as [desktop]."""
    yield from _open(browser, live_server, **VIEWPORTS[request.param])


@pytest.fixture
def nojs_page(browser, live_server):
    """A phone-sized page with JavaScript off: what works without scripts."""
    yield from _open(browser, live_server, java_script_enabled=False, **PHONE)
