"""/admin/review: a resident's problem report (closed as fixed or checked, or dismissed)
and a request for access (approved by inviting the person as a provider of the
organization, or rejected); every decision audited and taken once; only admins see any
of it, and bad input answers 400 or 404 with the message in place."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from navigator.auth.models import User
from navigator.extensions import db
from navigator.review.models import AccessRequest, ListingReport

from tests.admin.accounts import audit_events
from tests.admin.review_world import ADMIN, ADMIN2, PROVIDER, make_world
from tests.outbox_messages import outbox_messages

LINK = re.compile(r"http://\S+/password/set/[A-Za-z0-9_-]+")


@pytest.fixture
def world(app, staff, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    return make_world(app, staff)


def _html(response, status=200) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:3000]
    return html


def _item(app, model, item_id):
    with app.app_context():
        item = db.session.get(model, item_id)
        db.session.expunge(item)
        return item


def _outbox(app) -> list[str]:
    return sorted(outbox_messages(app))


def test_a_report_shows_the_listing_and_the_residents_words(app, world):
    report_id = world.report("Nobody answers <script>alert(1)</script>", days_ago=3)
    world.propose("service", "shelter", {"name": "Night shelter"})
    html = _html(world.get("admin", f"/admin/review/reports/{report_id}"))
    assert "Problem report: shelter service" in html
    assert "The phone number is wrong" in html
    assert "Nobody answers &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "919-555-0100" in html and "1 Main St" in html and "shelter org" in html
    assert f'href="/services/{world.ids["shelter"]}"' in html
    assert "1 change waiting for review" in html
    assert "3 days ago" in html


@pytest.mark.parametrize("outcome, status, said", [
    ("reviewed", "reviewed", "Already marked fixed or checked by"),
    ("dismissed", "dismissed", "Already dismissed by"),
])
def test_a_report_is_closed_once_with_its_note(app, world, outcome, status, said):
    report_id = world.report("Wrong number")
    path = f"/admin/review/reports/{report_id}/decide"
    assert world.post("admin", path, outcome=outcome, note="Called them").status_code == 302
    report = _item(app, ListingReport, report_id)
    assert (report.status, report.reviewed_by_email, report.review_note) == (
        status, ADMIN, "Called them")
    assert [e.entity_id for e in audit_events(app, f"listing_report.{status}")] == [report_id]
    again = _html(world.post("admin2", path, outcome="dismissed"), 409)
    assert f"{said} {ADMIN}." in again
    assert _item(app, ListingReport, report_id).reviewed_by_email == ADMIN
    assert "Problem report" not in _html(world.get("admin", "/admin/review")).split(
        "<tbody>")[1]


@pytest.mark.parametrize("data", [{}, {"outcome": "deleted"}, {"outcome": "reviewed",
                                                                "note": "x" * 2001}])
def test_a_bad_report_decision_is_refused_in_place(app, world, data):
    report_id = world.report()
    html = _html(world.post("admin", f"/admin/review/reports/{report_id}/decide", **data), 400)
    assert 'class="error-summary"' in html
    assert _item(app, ListingReport, report_id).status == "new"


def test_an_access_request_shows_who_asks_and_the_organizations_accounts(app, world):
    request_id = world.access_request()
    html = _html(world.get("admin", f"/admin/review/access/{request_id}"))
    assert "Access request: shelter org" in html
    assert "Robin Vega" in html and "Intake lead" in html
    assert "I run intake &lt;b&gt;here&lt;/b&gt;." in html
    accounts = html.split("The organization's provider accounts")[1].split("</ul>")[0]
    assert PROVIDER in accounts


def test_approving_an_access_request_invites_a_provider(app, world, tmp_path):
    request_id = world.access_request()
    done = world.post("admin", f"/admin/review/access/{request_id}/approve", note="Checked")
    html = _html(done)
    assert "We emailed new@shelter.example.org" in html
    assert done.headers["Referrer-Policy"] == "no-referrer"
    [mail] = _outbox(app)
    assert "To: new@shelter.example.org" in mail and LINK.search(mail)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@shelter.example.org"))
        assert (user.role, user.organization_id) == ("provider", world.ids["shelter_org"])
        user_id = str(user.id)
    request = _item(app, AccessRequest, request_id)
    assert (request.status, request.reviewed_by_email, request.review_note) == (
        "approved", ADMIN, "Checked")
    assert [e.entity_id for e in audit_events(app, "access_request.approved")] == [request_id]
    assert [e.entity_id for e in audit_events(app, "user.invite")] == [user_id]
    again = _html(world.post("admin2", f"/admin/review/access/{request_id}/approve"), 409)
    assert f"Already approved by {ADMIN}." in again
    assert len(_outbox(app)) == 1


def test_an_access_request_for_an_existing_account_is_refused(app, world, tmp_path):
    request_id = world.access_request(email=ADMIN2.upper())
    page = _html(world.get("admin", f"/admin/review/access/{request_id}"))
    assert f"There is already an account for {ADMIN2}" in page
    refused = _html(world.post("admin", f"/admin/review/access/{request_id}/approve"), 409)
    assert f"There is already an account for {ADMIN2}, so no invitation was made." in refused
    assert _item(app, AccessRequest, request_id).status == "pending"
    assert _outbox(app) == [] and audit_events(app, "user.invite") == []
    done = world.post("admin", f"/admin/review/access/{request_id}/reject",
                      note="Already has an account")
    assert done.status_code == 302
    request = _item(app, AccessRequest, request_id)
    assert (request.status, request.review_note) == ("rejected", "Already has an account")
    assert [e.entity_id for e in audit_events(app, "access_request.rejected")] == [request_id]


def _urls(world) -> list[tuple[str, str]]:
    proposal = world.propose("service", "shelter", {"name": "Night shelter"})
    report, access = world.report(), world.access_request()
    return [("get", "/admin/review"), ("get", f"/admin/review/proposals/{proposal}"),
            *(("post", f"/admin/review/proposals/{proposal}/{a}")
              for a in ("approve", "edit", "reject")),
            ("get", f"/admin/review/reports/{report}"),
            ("post", f"/admin/review/reports/{report}/decide"),
            ("get", f"/admin/review/access/{access}"),
            *(("post", f"/admin/review/access/{access}/{a}") for a in ("approve", "reject"))]


@pytest.mark.parametrize("who", ["navigator", "provider"])
def test_only_admins_reach_the_review_queue(app, world, who):
    for method, path in _urls(world):
        if method == "get":
            response = world.get(who, path)
        else:
            response = world.post(who, path, note="n", outcome="reviewed",
                                  value_name="Mine")
        assert response.status_code == 403, (method, path)
    with app.app_context():
        assert {p.status for p in db.session.scalars(select(ListingReport))} == {"new"}
        assert {p.status for p in db.session.scalars(select(AccessRequest))} == {"pending"}
    assert world.staff.client().get("/admin/review").status_code == 302  # to sign in


def test_unknown_reports_and_requests_are_not_found(world):
    for path in ("/admin/review/reports/nope", "/admin/review/access/nope"):
        assert world.get("admin", path).status_code == 404
    for path in ("/admin/review/reports/nope/decide", "/admin/review/access/nope/approve",
                 "/admin/review/access/nope/reject"):
        assert world.post("admin", path, outcome="reviewed").status_code == 404
