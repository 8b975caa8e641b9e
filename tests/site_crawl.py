"""A part of the site crawled as a signed-in browser would find it: from a start page,
every same-site page under a path prefix that a link or a GET form leads to, breadth
first, and every form on each page (``tests/html_forms.py``).

A page reached only as a form's action (a form's page shown again with its errors) is
found too: each action under the prefix is asked for with GET, and kept as a page unless
it answers 405 (an action that is not also a page). Only GETs are sent: the crawl changes
nothing but what reading a page records.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from tests.html_forms import HtmlForm, forms_of

#: The test client's own host: a link there (or with no host) stays on the site.
SITE_HOSTS = frozenset({"", "localhost"})


@dataclass
class Page:
    url: str  # path and query
    status: int
    text: str  # what it showed
    forms: list[HtmlForm] = field(default_factory=list)


@dataclass
class Crawl:
    pages: dict[str, Page]
    #: Pages left unvisited because the crawl reached its limit.
    left: list[str]

    def forms(self) -> list[tuple[str, HtmlForm]]:
        """Each form once (by method, action and field names), with the first page that
        showed it."""
        seen: dict[tuple, tuple[str, HtmlForm]] = {}
        for page in self.pages.values():
            for form in page.forms:
                seen.setdefault((form.method, form.action, tuple(form.names)),
                                (page.url, form))
        return list(seen.values())


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def on_site(base: str, href: str, prefix: str) -> str | None:
    """``href`` (on the page ``base``) as a path and query, if it is a page of this site
    under ``prefix``; None otherwise (another site, a ``tel:`` link, a fragment only)."""
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SITE_HOSTS:
        return None
    if parts.path != prefix and not parts.path.startswith(prefix.rstrip("/") + "/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _found(url: str, html: str, prefix: str) -> tuple[list[str], list[str], list[HtmlForm]]:
    """The links, the form actions (as pages to try) and the forms of the page ``url``."""
    reader = _Links()
    reader.feed(html)
    reader.close()
    forms = forms_of(html, url)
    links = [on_site(url, href, prefix) for href in reader.hrefs]
    actions = []
    for form in forms:
        if form.method == "get":
            query = urlencode(form.filled(typing=False))
            links.append(on_site(url, form.action.split("?")[0] + f"?{query}", prefix))
        else:
            actions.append(on_site(url, form.action, prefix))
    return [u for u in links if u], [u for u in actions if u], forms


def crawl(client, start: str, prefix: str, limit: int = 300) -> Crawl:
    """Every page under ``prefix`` that ``client`` reaches from ``start``."""
    pages: dict[str, Page] = {}
    queue: deque[tuple[str, bool]] = deque([(start, False)])  # (url, only an action)
    queued = {start}
    while queue and len(pages) < limit:
        url, action = queue.popleft()
        response = client.get(url)
        if action and response.status_code == 405:
            continue
        page = pages[url] = Page(url, response.status_code, response.get_data(as_text=True))
        if response.mimetype != "text/html":
            continue
        links, actions, page.forms = _found(url, page.text, prefix)
        for found, only_action in [(u, False) for u in links] + [(u, True) for u in actions]:
            if found not in queued:
                queued.add(found)
                queue.append((found, only_action))
    return Crawl(pages, [url for url, _ in queue])
