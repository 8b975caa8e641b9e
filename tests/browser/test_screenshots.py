"""The README's pictures, taken from the running site: a resident's results on a 375 x 740
phone and a care navigator's workspace on a desktop.

Each test checks the page it pictures (the results are there, the workspace is signed in)
and writes a PNG; ``make screenshots`` sets ``NAVIGATOR_SCREENSHOTS=docs/images`` so that
they replace the README's, otherwise they go to a temporary folder.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from navigator.extensions import db, limiter

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def pictures(tmp_path) -> Path:
    folder = Path(os.environ.get("NAVIGATOR_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _size(png: Path) -> tuple[int, int]:
    """A PNG's width and height, read from its header."""
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{png} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_a_residents_results_on_a_phone(phone_screen, pictures):
    phone_screen.goto("/search?q=shelter")
    first = phone_screen.locator("li.hit").first
    height = phone_screen.viewport_size["height"]
    # The picture shows what a resident acts on: the first result's name and phone.
    for part in (first.locator("h2 a"), first.locator('.actions a[href^="tel:"]')):
        box = part.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height
    picture = pictures / "public-results-phone.png"
    phone_screen.screenshot(path=str(picture))
    scale = phone_screen.evaluate("window.devicePixelRatio")
    assert _size(picture) == (375 * scale, height * scale)


def test_a_navigators_workspace(desktop, live_app, pictures):
    from navigator.auth.accounts import create_user, find_user

    limiter.reset()
    email = "screenshot-navigator@example.org"
    with live_app.app_context():
        if find_user(email) is None:
            create_user(email, PASSWORD, "navigator")
            db.session.commit()
    desktop.goto("/login")
    desktop.locator("#email").fill(email)
    desktop.locator("#password").fill(PASSWORD)
    desktop.locator("form button[type=submit]").click()
    desktop.wait_for_load_state()
    assert desktop.url.endswith("/navigator")
    picture = pictures / "workspace.png"
    desktop.screenshot(path=str(picture))
    assert _size(picture)[0] == 1280 * desktop.evaluate("window.devicePixelRatio")
