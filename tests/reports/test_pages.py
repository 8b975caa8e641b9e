"""The report pages: who may open them, what they show (suppressed figures, charts with
their tables, never a resident), their CSV files, bad filters and the audit log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.extensions import db
from navigator.reports.sections import SECTIONS
from tests.reports import world
from tests.staff_accounts import Staff

PERIOD = f"start={world.START.isoformat()}&end={world.END.isoformat()}"


@pytest.fixture
def made(app, staff):
    """The small world; no app context is held, so each request has its own (``staff``
    empties the database afterwards)."""
    with app.app_context():
        return world.build()


def _report_events(app) -> list[tuple]:
    with app.app_context():
        return [tuple(e) for e in db.session.execute(
            select(AuditEvent.action, AuditEvent.entity_id)
            .where(AuditEvent.entity_type == "report").order_by(AuditEvent.id))]


def _signed_in(app, email: str):
    client = app.test_client()
    response = Staff(app).sign_in(client, email, world.PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def admin(app, made):
    return _signed_in(app, "admin@example.org")


@pytest.fixture
def navigator(app, made):
    return _signed_in(app, "east@example.org")


def _every_report_address(client) -> list[str]:
    """Every page and CSV file of the reports the client's role reaches from the index."""
    found = [f"/admin/reports?{PERIOD}"]
    for section in SECTIONS:
        found.append(f"/admin/reports/{section.key}?{PERIOD}")
        page = client.get(found[-1]).get_data(as_text=True)
        found += [href.replace("&amp;", "&")
                  for href in re.findall(r'href="(/admin/reports/[^"]+\.csv[^"]*)"', page)]
        found.append(f"/admin/reports/internal/{section.key}?{PERIOD}")
    return found


def test_a_provider_gets_403_and_a_visitor_is_sent_to_sign_in(app, made):
    provider = _signed_in(app, "provider@example.org")
    anonymous = app.test_client()
    for path in ("/admin/reports", "/admin/reports/directory",
                 "/admin/reports/directory/pending-review.csv",
                 "/admin/reports/internal/directory"):
        assert provider.get(path).status_code == 403, path
        response = anonymous.get(path)
        assert response.status_code == 302 and "/login" in response.location, path


def test_a_navigator_sees_the_aggregate_pages_but_not_the_internal_one(navigator):
    assert navigator.get("/admin/reports").status_code == 200
    page = navigator.get(f"/admin/reports/directory?{PERIOD}")
    assert page.status_code == 200
    assert "internal" not in navigator.get("/admin/reports").get_data(as_text=True).lower()
    assert navigator.get("/admin/reports/internal/directory").status_code == 403


def test_the_section_page_shows_suppressed_figures_with_charts_and_tables(admin):
    page = admin.get(f"/admin/reports/directory?{PERIOD}").get_data(as_text=True)
    assert "<h1>Directory health</h1>" in page
    # Every count of the small world is under 11.
    assert "&lt;11" in page
    charts = re.findall(r'<svg class="chart" role="img"[^>]*>', page)
    assert len(charts) == 3  # by category, the review queue, the answer time
    for chart in charts:
        title = re.search(r'aria-labelledby="([^"]+)"', chart)[1]
        assert f'<title id="{title}">' in page
    assert page.count('<th scope="col"') > 10 and '<th scope="row">' in page
    assert page.count("<caption") == 4
    # The raw figures are not there: Food's 5 listings, 2 and 3 confirmed.
    food = re.search(r'<th scope="row">Food</th>(.*?)</tr>', page, re.S)[1]
    assert re.findall(r"<td[^>]*>([^<]*)</td>", food) == ["&lt;11"] * 5


def test_the_internal_page_shows_raw_counts_and_is_audited(app, admin):
    page = admin.get(f"/admin/reports/internal/directory?{PERIOD}").get_data(as_text=True)
    assert "Internal — not for publication" in page
    food = re.search(r'<th scope="row">Food</th>(.*?)</tr>', page, re.S)[1]
    assert re.findall(r"<td[^>]*>([^<]*)</td>", food) == ["5", "2", "40%", "3", "60%"]
    assert _report_events(app) == [("report.internal.view", "directory")]


def test_every_view_is_audited(app, admin):
    admin.get("/admin/reports")
    admin.get(f"/admin/reports/directory?{PERIOD}")
    admin.get(f"/admin/reports/directory/pending-review.csv?{PERIOD}")
    assert _report_events(app) == [
        ("report.view", "index"), ("report.view", "directory"),
        ("report.download", "directory/pending-review")]


def test_the_csv_file_is_suppressed_and_follows_the_filters(admin):
    response = admin.get(f"/admin/reports/directory/confirmed-by-organization.csv?{PERIOD}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == ("Organization,Listings,Confirmed in the last 180 days,"
                        "Share confirmed in 180 days,Confirmed in the last 365 days,"
                        "Share confirmed in 365 days")
    assert lines[1:] == ["Eno Food Cooperative,<11,<11,<11,<11,<11",
                         "Haw River Housing Trust,<11,0,<11,<11,<11",
                         "Total,<11,<11,<11,<11,<11"]
    food_only = admin.get("/admin/reports/directory/confirmed-by-category.csv"
                          f"?{PERIOD}&category={world.PANTRY}").get_data(as_text=True)
    assert food_only.splitlines()[1:] == ["Food,<11,<11,<11,<11,<11"]
    assert admin.get(f"/admin/reports/directory/nothing.csv?{PERIOD}").status_code == 404
    assert admin.get(f"/admin/reports/nothing?{PERIOD}").status_code == 404


def test_no_resident_name_id_or_words_on_any_report_page_or_file(app, made):
    secrets = [*world.RESIDENTS, *world.FREE_TEXT, *made["residents"], *made["needs"],
               *made["referrals"].values()]
    for email in ("admin@example.org", "east@example.org"):
        client = _signed_in(app, email)
        addresses = _every_report_address(client)
        assert sum(".csv" in a for a in addresses) >= 4
        for address in addresses:
            response = client.get(address)
            if email != "admin@example.org" and "/internal/" in address:
                assert response.status_code == 403
                continue
            assert response.status_code == 200, address
            text = response.get_data(as_text=True)
            for secret in secrets:
                assert secret not in text, (address, secret)


@pytest.mark.parametrize("query, field, message", [
    ("start=2026-06-01&end=2026-05-01", "end", "cannot be before its start"),
    ("start=2026-13-45", "start", "Not a valid date value"),
    ("end=yesterday", "end", "Not a valid date value"),
    ("category=no-such-term", "category", "Choose a category from the list."),
    ("team=Nobody", "team", "Choose a team from the list."),
    ("place=" + "x" * 81, "place", "Use 80 characters or fewer."),
    ("start=9999-12-31", "start", "before the year 3000"),
    ("end=0001-01-05", "end", "Enter a date from 2000 on."),
    ("start=1999-12-31&end=2000-01-01", "start", "Enter a date from 2000 on."),
])
def test_bad_filters_answer_with_the_error_in_place(admin, query, field, message):
    for path in ("/admin/reports", "/admin/reports/directory"):
        response = admin.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        page = response.get_data(as_text=True)
        assert 'class="error-summary"' in page and message in page
        assert f'id="{field}-error"' in page
        assert "<svg" not in page
    response = admin.get(f"/admin/reports/directory/answer-time.csv?{query}")
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_the_default_period_is_the_last_twelve_months(admin):
    page = admin.get("/admin/reports").get_data(as_text=True)
    assert re.search(r"From \w+ \d+, \d{4} to \w+ \d+, \d{4}, both days included", page)
    links = re.findall(r'href="/admin/reports/directory\?([^"]+)"', page)
    assert links and "start=" in links[0] and "end=" in links[0]


def test_the_pages_are_in_spanish(admin):
    admin.set_cookie("lang", "es")
    page = admin.get(f"/admin/reports/directory?{PERIOD}").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Salud del directorio" in page
    assert "mayo de 2026" in page or "mayo 2026" in page
