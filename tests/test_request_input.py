"""What a request may carry (``navigator.request_input``): numbers in ASCII digits,
text that can be stored, paths and query strings checked before any view, and log
lines that hold no control character from a request."""

from __future__ import annotations

import logging

import pytest

from navigator import create_app
from navigator.request_input import (
    NotANumber, OutOfRange, decimal_number, printable, storable, whole_number)


@pytest.mark.parametrize("raw, value", [
    ("12", 12), (" 7 ", 7), ("-3", -3), ("+4", 4), ("007", 7), ("9" * 18, int("9" * 18))])
def test_whole_numbers(raw, value):
    assert whole_number(raw) == value


@pytest.mark.parametrize("raw", [
    "--1", "²", "١٢", "1_000", "", " ", "1.0", "0x10", "1e3", "½", "12a", "-", "+-1"])
def test_what_is_not_a_whole_number(raw):
    """"²" and "--1" passed the old check (``isdigit`` after a strip of "-"), and
    ``int()`` reads "١٢" and "1_000"."""
    with pytest.raises(NotANumber):
        whole_number(raw)


@pytest.mark.parametrize("raw, low, high", [
    ("9" * 19, None, None), ("9" * 10_000, None, None), ("0", 1, 10), ("11", 1, 10),
    ("-" + "9" * 30, None, None)])
def test_whole_numbers_out_of_range(raw, low, high):
    with pytest.raises(OutOfRange):
        whole_number(raw, low, high)


@pytest.mark.parametrize("raw, value", [
    ("1.5", 1.5), ("-.5", -0.5), ("12", 12.0), ("1e3", 1000.0), (" 35.99 ", 35.99),
    ("3.", 3.0)])
def test_decimal_numbers(raw, value):
    assert decimal_number(raw) == value


@pytest.mark.parametrize("raw", ["²", "1_0", "nan", "inf", "-infinity", "١", "1,5", "", "."])
def test_what_is_not_a_decimal_number(raw):
    with pytest.raises(NotANumber):
        decimal_number(raw)


@pytest.mark.parametrize("raw, low, high", [("1e309", None, None), ("-1e309", None, None),
                                            ("91", -90, 90), ("9" * 10_000, 0, 500)])
def test_decimal_numbers_out_of_range(raw, low, high):
    with pytest.raises(OutOfRange):
        decimal_number(raw, low, high)


def test_storable_text():
    assert storable("ñandú 🏠 \ufffd \u202e")
    assert not storable("a\x00b") and not storable("a\ud800b") and not storable("\udfff")


def test_printable_escapes_control_characters():
    line = printable("/a\x00b\r\nX-Forged: 1\x1b[31m\u2028ñ")
    assert line == "/a\\x00b\\r\\nX-Forged: 1\\x1b[31m\\u2028ñ"
    assert line.isprintable()


@pytest.mark.parametrize("url", ["/search?q=food%00", "/search?a%00=1", "/login?next=/%00",
                                 "/callback?need=rent%00", "/es/search?page=%00"])
def test_a_nul_in_a_query_string_is_a_400_page(client, url):
    page = client.get(url)
    assert page.status_code == 400 and page.mimetype == "text/html"


def test_a_query_string_that_is_not_utf8_is_a_400(client):
    """Werkzeug reads one, but ``request.full_path`` (sign-in's ``next``, the language
    switch) cannot: refused before any page reads it."""
    for path in ("/search", "/login", "/navigator", "/api/services"):
        response = client.get(path, environ_overrides={"QUERY_STRING": "q=caf\xe9"})
        assert response.status_code == 400, path
    assert client.get("/api/services", environ_overrides={"QUERY_STRING": "q=\xff"}
                      ).get_json()["error"] == "The query string is not UTF-8."


@pytest.mark.parametrize("path", ["/services/a%00b", "/es/services/a%00", "/navigator/%00",
                                  "/api/services/%00", "/static/%00.css"])
def test_a_nul_in_a_path_names_nothing(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/services/%ff%fe", "/search?q=%ff%C0%AF%e2%82%zz%",
                                  "/services/%ED%A0%80", "/api/services?search=%ff"])
def test_invalid_percent_encodings_are_read_as_replacement_characters(client, path):
    assert client.get(path).status_code in (200, 404)


def test_a_log_line_holds_no_control_character_from_the_path(app, tmp_path, caplog):
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]  # migrated by ``app``
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "NAVIGATOR_INDEX_DIR": str(tmp_path), "SECRET_KEY": "test"})

    @app.get("/fails/<path:rest>")
    def fails(rest):
        raise RuntimeError("a failure")

    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        # (A line feed would match no page: the rule's ``.`` does not take one.)
        response = app.test_client().get("/fails/a%0DForged%1B[31m%C2%85%09")
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == app.logger.name]
    assert record.getMessage() == "unhandled error on /fails/a\\rForged\\x1b[31m\\x85\\t"
