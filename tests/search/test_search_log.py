"""The anonymous search log: one row per API search, words and ZIP only, never a person."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import inspect, select

from navigator.extensions import db
from navigator.search import SearchLog, SearchQuery, search

#: ZIP 27701's centroid in the offline gazetteer.
ZIP_27701 = (35.9967, -78.8966)

# categories: the taxonomy terms the words and filters point to, read from them alone.
ALLOWED_COLUMNS = {"id", "searched_on", "terms", "filters", "zip_code", "result_count",
                   "locale", "categories"}


@pytest.fixture
def listings(directory):
    directory.service("Rent relief fund", "Emergency rent and utility payments",
                      at=directory.offset(*ZIP_27701, 1, 1), address="350 Fictional Pkwy",
                      postal_code="27703", languages=("es",))
    directory.service("Utility help desk", "Help with power bills", at=ZIP_27701)
    directory.commit()
    return directory


def rows() -> list[SearchLog]:
    db.session.expire_all()
    return list(db.session.scalars(select(SearchLog).order_by(SearchLog.id)))


def api(client, **params):
    response = client.get("/api/search", query_string=params,
                          headers={"User-Agent": "Tester/1.0", "Cookie": "session=abc123",
                                   "X-Forwarded-For": "203.0.113.9"},
                          environ_base={"REMOTE_ADDR": "198.51.100.7"})
    return response


def test_the_table_has_no_column_for_a_person(app_context):
    columns = {c["name"] for c in inspect(db.engine).get_columns("search_log")}
    assert columns == ALLOWED_COLUMNS


def test_each_api_search_writes_one_row(client, listings):
    response = api(client, q="  Help with RENT, please!!  ", near="27701",
                   language="es", radius_km="10", open_now="false")
    assert response.status_code == 200
    total = response.get_json()["total"]
    [row] = rows()
    assert row.terms == "rent"  # folded, stopwords dropped
    assert json.loads(row.filters) == {"language": ["es"], "radius_km": 10.0}
    assert row.zip_code == "27701"
    assert row.result_count == total == 1
    assert row.searched_on == date.today()
    assert row.locale == "en"

    api(client, q="utility bills")
    api(client, q="utility bills", page="2")
    assert [r.terms for r in rows()] == ["rent", "utility bills", "utility bills"]


def test_filters_are_recorded_but_never_coordinates(client, listings):
    api(client, q="rent", lat="36.0012", lon="-78.9123", radius_km="5", cost="free",
        accessibility="wheelchair", age="30", accepting_referrals="true", open_now="true")
    [row] = rows()
    assert row.zip_code is None
    filters = json.loads(row.filters)
    assert filters == {"cost": ["free"], "accessibility": ["wheelchair"], "age": 30.0,
                       "open_now": True, "accepting_referrals": True, "radius_km": 5.0}
    assert_nothing_personal(row, "36.0012", "-78.9123", "78.91", "36.00")


def test_an_address_is_kept_only_as_its_zip(client, listings):
    from flask import current_app
    current_app.extensions["navigator.search"].geocoder._entries = None  # new addresses
    api(client, q="rent", near="350 Fictional Parkway")
    api(client, q="rent", near="1234 Unlisted Rd, Durham, NC 27707")
    api(client, q="rent", near="Walltown")
    first, second, third = rows()
    assert (first.zip_code, second.zip_code, third.zip_code) == ("27703", "27707", None)
    for row in (first, second, third):
        assert_nothing_personal(row, "350", "Fictional", "1234", "Unlisted", "Walltown")


def test_numbers_typed_in_the_query_are_not_kept(client, listings):
    api(client, q="919-555-0142 utility rent (919) 555 0142 or 9195550142")
    [row] = rows()
    assert row.terms == "utility rent"
    assert not any(ch.isdigit() for ch in row.terms)
    assert_nothing_personal(row, "919", "555", "0142")


def test_no_ip_session_or_agent_anywhere_in_a_row(client, listings):
    api(client, q="rent", near="27701")
    [row] = rows()
    assert_nothing_personal(row, "198.51.100.7", "203.0.113.9", "abc123", "Tester")


def test_bad_requests_and_internal_searches_are_not_logged(client, listings):
    assert api(client, q="rent", radius_km="nope").status_code == 400
    assert api(client, q="rent", near="Springfield Gorge").status_code == 400
    search(SearchQuery(text="rent"), log_search=False)
    assert rows() == []
    search(SearchQuery(text="rent"))
    assert len(rows()) == 1


def test_terms_are_capped_and_a_failed_log_does_not_fail_the_search(client, listings,
                                                                     monkeypatch):
    assert api(client, q=" ".join(["homelessness"] * 35)).status_code == 200
    [row] = rows()
    assert 150 < len(row.terms) <= 200

    import navigator.search as search_package

    class Broken:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("database away")

    monkeypatch.setattr(search_package, "SearchLog", Broken)
    response = api(client, q="utility")
    assert response.status_code == 200 and response.get_json()["total"] == 2


def assert_nothing_personal(row: SearchLog, *needles: str) -> None:
    values = " ".join(str(getattr(row, column)) for column in ALLOWED_COLUMNS - {"id"})
    for needle in needles:
        assert needle not in values, (needle, values)


def test_searches_are_written_in_batches_and_never_lost(app, app_context):
    """Outside tests searches are written in batches: when a batch is full, when its
    oldest search is a few seconds old (a quiet site), and at exit."""
    import time

    from navigator.search.search_log import SearchLogBuffer

    # A delay no busy machine reaches between two lines, for the batch's part; a short
    # one for the quiet-time write.
    buffer = SearchLogBuffer(app, size=3, delay=60)
    row = {"searched_on": date.today(), "terms": "rent", "filters": "{}", "zip_code": None,
           "result_count": 1, "locale": "en"}
    buffer.add(dict(row))
    buffer.add(dict(row))
    assert rows() == []  # waiting for a full batch
    buffer.add(dict(row))
    assert len(rows()) == 3  # full: written at once
    buffer.add(dict(row, terms="detox"))
    assert len(rows()) == 3
    buffer.flush()  # what the process does at exit
    assert rows()[-1].terms == "detox"

    quiet = SearchLogBuffer(app, size=3, delay=0.2)
    quiet.add(dict(row, terms="food"))
    deadline = time.monotonic() + 10
    while len(rows()) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [r.terms for r in rows()] == ["rent", "rent", "rent", "detox", "food"]


def test_a_batch_that_cannot_be_written_is_logged_without_its_words(app_context, caplog):
    from navigator.search.search_log import SearchLogBuffer

    buffer = SearchLogBuffer(app_context, size=1, delay=0)
    buffer.add({"searched_on": date.today(), "terms": "zyxwordsrefused", "filters": "{}",
                "zip_code": None, "result_count": None, "locale": "en"})  # NOT NULL
    assert "could not record 1 searches" in caplog.text
    assert "IntegrityError" in caplog.text and "zyxwordsrefused" not in caplog.text
    assert rows() == []
