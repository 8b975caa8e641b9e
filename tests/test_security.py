"""Security headers on every response; HSTS only in production."""

from __future__ import annotations

import pytest

from navigator import create_app
from navigator.security import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("path", ["/", "/es/", "/login", "/api/search?q=food", "/nowhere",
                                  "/static/css/site.css"])
def test_security_headers_everywhere(client, path):
    headers = client.get(path).headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src" not in CONTENT_SECURITY_POLICY  # default-src 'self': no inline
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers


@pytest.fixture
def production(app, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_ENV", "production")
    monkeypatch.setenv("NAVIGATOR_SECRET_KEY", "x" * 32)
    return create_app({"TESTING": True,
                       "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                       "NAVIGATOR_INDEX_DIR": app.config["NAVIGATOR_INDEX_DIR"]})


def test_hsts_in_production(production):
    response = production.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def _language_cookie(response) -> list[str]:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang=")]
    return [part.strip() for part in cookie.split(";")]


def test_the_language_cookie_is_secure_in_production(production, client):
    """Even when the request looks like plain HTTP (a proxy ended TLS in front)."""
    remembered = _language_cookie(production.test_client().get("/es/callback"))
    assert remembered[0] == "lang=es"
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= set(remembered)
    # In development over plain HTTP it could not be sent back if it were Secure.
    assert "Secure" not in _language_cookie(client.get("/es/callback"))


def test_templates_have_no_inline_script_or_style():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), template
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", text), template
