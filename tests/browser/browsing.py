"""What browser tests share besides fixtures: the viewports and the accessibility check
(``from tests.browser.browsing import assert_accessible``).
"""

from __future__ import annotations

import weakref

from axe_playwright_python.sync_playwright import Axe

#: Context options for a small phone (an iPhone SE's CSS size) and a laptop screen.
PHONE = {
    "viewport": {"width": 375, "height": 667},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
#: A resident's phone as the pages are laid out for (issue 19): 375 x 740, what a common
#: phone shows below the browser's bars. The first result must fit on it.
PHONE_SCREEN = {**PHONE, "viewport": {"width": 375, "height": 740}}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

#: The standards the public pages are held to: WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
_axe = Axe()  # reads axe-core's script once

#: Fail fast: a page here answers in milliseconds, so waiting 30 s (the default) only hides.
TIMEOUT_MS = 10_000

#: The context options of the pages ``new_page`` opened.
_OPENED_WITH: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

# True when the page's document has scripting off: a <noscript>'s content is then parsed
# as markup, not as text. Synchronous, so it works with JavaScript off, and under any CSP.
_SCRIPTING_OFF = """() => {
  const probe = document.createElement("noscript");
  probe.innerHTML = "<i></i>";
  return probe.children.length === 1;
}"""

# The page as a browser without JavaScript shows it, <noscript> content unwrapped: in the
# twin (below) scripting is on, and it would treat that content as text.
_SNAPSHOT = """() => {
  const root = document.documentElement.cloneNode(true);
  for (const element of root.querySelectorAll("noscript")) {
    element.replaceWith(...element.childNodes);
  }
  return "<!doctype html>\\n" + root.outerHTML;
}"""


def new_page(browser, base_url: str, **options):
    """A page in a new context (``page.context.close()`` closes both); ``options`` are
    ``Browser.new_context``'s. English and Durham's clock unless told otherwise, so a page
    that follows the browser's language or the time of day looks the same on every machine."""
    options = {"locale": "en-US", "timezone_id": "America/New_York", **options}
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    _OPENED_WITH[page] = options
    return page


def accessibility_violations(page, context=None) -> list[dict]:
    """axe-core's violations of ``AXE_TAGS`` on the page as it is now.

    ``context`` is axe's: a selector or ``{"include": [...], "exclude": [...]}``.
    """
    if page.evaluate(_SCRIPTING_OFF):
        return _violations_without_javascript(page, context)
    return _axe.run(page, context=context, options=_AXE_OPTIONS).response["violations"]


def _violations_without_javascript(page, context) -> list[dict]:
    # axe-core needs timers, and a page with JavaScript off runs none, not even for
    # Playwright: axe would wait forever. So axe checks a twin: the same DOM at the same
    # size in a context with JavaScript on, where a Content-Security-Policy keeps the
    # page's own scripts from running.
    options = _OPENED_WITH.get(page) or {
        "viewport": page.viewport_size,
        "device_scale_factor": page.evaluate("window.devicePixelRatio"),
        "has_touch": page.evaluate("navigator.maxTouchPoints > 0"),
    }
    options = {key: value for key, value in options.items() if key != "java_script_enabled"}
    html = page.evaluate(_SNAPSHOT)
    url = page.url.split("#")[0]
    twin_context = page.context.browser.new_context(**options)
    try:
        twin_context.set_default_timeout(TIMEOUT_MS)
        twin = twin_context.new_page()
        twin.route(lambda address: address.split("#")[0] == url,
                   lambda route: route.fulfill(
                       status=200, content_type="text/html; charset=utf-8", body=html,
                       headers={"Content-Security-Policy": "script-src 'none'"}))
        twin.goto(page.url)
        return _axe.run(twin, context=context, options=_AXE_OPTIONS).response["violations"]
    finally:
        twin_context.close()


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def assert_accessible(page, context=None) -> None:
    """Fail, naming each violation and the elements at fault, unless axe finds none.
    Pages with JavaScript off are checked as such a browser shows them."""
    violations = accessibility_violations(page, context)
    assert not violations, (
        f"{len(violations)} accessibility violation(s) on {page.url}:\n"
        + describe_violations(violations)
    )
