"""The database going away and coming back, for real (``tests/outage_database.py``): pages
answer 503 with the crisis lines, what residents send is kept on disk and saved once when
the database is back."""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from navigator import create_app, spool
from navigator.extensions import db, limiter
from navigator.public import sent
from navigator.review.models import ListingReport
from navigator.security import CONTENT_SECURITY_POLICY
from navigator.spool_drain import NEXT_TRY
from navigator.workflow.models import CallbackRequest
from tests.database_state import empty_database_and_index
from tests.fictional_directory import Directory
from tests.outage_database import SwitchableDatabase
from tests.staff_accounts import Staff


@pytest.fixture(scope="module")
def outage_app(request, tmp_path_factory):
    """An app on a database of its own, with its own spool folder."""
    root = tmp_path_factory.mktemp("outage")
    server = None
    if os.environ.get("NAVIGATOR_TEST_DATABASE_URL", "").startswith("postgresql"):
        databases = request.getfixturevalue("postgres")
        url, server = databases.create(), databases.server
    else:
        (root / "db").mkdir()
        url = f"sqlite:///{root / 'db' / 'navigator.db'}"
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test",
              "NAVIGATOR_INDEX_DIR": str(root / "index"),
              "NAVIGATOR_SPOOL_DIR": str(root / "spool"), "NAVIGATOR_PASSWORD_HASH": "fast"}
    app = create_app(config)
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    app.test_config = config
    app.switch = SwitchableDatabase(app, server and server.render_as_string(
        hide_password=False), root / "db")
    return app


@pytest.fixture
def outage(outage_app):
    """The outage app with fresh rate limits, one listing and nothing else, no kept
    files; connections let back in whatever the test did."""
    limiter.reset()
    with outage_app.app_context():
        empty_database_and_index()
        Directory().service("Bull City Pantry", "Groceries every week", at=(36.0, -78.9),
                            address="1 Main St")
        db.session.commit()
    yield outage_app
    outage_app.switch.allow()
    with outage_app.app_context():
        for path in spool.folder().rglob("*.json"):
            path.unlink()
    outage_app.extensions[NEXT_TRY] = 0.0


def csrf(client, path: str = "/callback") -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                     client.get(path).get_data(as_text=True))[1]


def person() -> dict:
    return {"name": f"Dana-{secrets.token_hex(4)}",
            "phone": f"919-555-{secrets.randbelow(10_000):04d}"}


def send_callback(client, who: dict):
    return client.post("/callback", data={
        "csrf_token": csrf(client), **who, "language": "en", "best_time": "any",
        "need": "A place to stay tonight", "consent": "y"})


def callbacks(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CallbackRequest)
                                 .where(CallbackRequest.name == name))


def kept(app, where: str = "pending") -> list[Path]:
    with app.app_context():
        return sorted((spool.folder() / where).glob("*.json"))


def drain(app):
    return app.test_cli_runner().invoke(args=["spool", "drain"])


def service_id(app) -> str:
    from navigator.directory.models import Service

    with app.app_context():
        return db.session.scalar(select(Service.id))


def assert_unavailable_page(response) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page[:300]
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"
    assert ("Navigator is not available right now" in page
            or "Navigator no está disponible en este momento" in page)
    for line in ("tel:911", "tel:988", "tel:211"):
        assert f'href="{line}"' in page
    return page


# -- pages ------------------------------------------------------------------------------------

def test_pages_answer_503_with_the_crisis_lines(outage):
    client = outage.test_client()
    sid = service_id(outage)
    outage.switch.refuse()
    for path in ("/", "/search?q=pantry", "/es/search?q=zzyzx", f"/services/{sid}",
                 f"/list?services={sid}"):
        assert_unavailable_page(client.get(path))
    assert "no está disponible" in client.get("/es/search?q=zzyzx").get_data(as_text=True)
    for path in ("/api/services", f"/api/services/{sid}", "/api/organizations"):
        response = client.get(path)
        assert response.status_code == 503 and response.headers["Retry-After"] == "30"
        assert response.get_json() == {
            "status": 503,
            "error": "The service is unavailable for a moment; try again in 30 seconds."}
    # A page that needs no database still works: the callback form can be filled in.
    assert client.get("/callback").status_code == 200
    outage.switch.allow()
    assert "Bull City Pantry" in client.get("/search?q=pantry").get_data(as_text=True)


def test_signed_in_staff_see_the_503_page_with_the_crisis_lines(outage):
    staff = Staff(outage)
    staff.user("outage-navigator@example.org")
    client = outage.test_client()
    assert staff.sign_in(client, "outage-navigator@example.org").status_code == 302
    outage.switch.refuse()
    for path in ("/navigator", "/search?q=pantry", "/"):
        page = assert_unavailable_page(client.get(path))
        # Rendered without asking the database who is signed in.
        assert "Signed in as" not in page
    # A static file needs no database, and is not kept by a browser while who is signed
    # in cannot be told.
    css = client.get("/static/css/site.css")
    assert css.status_code == 200 and css.headers["Cache-Control"] == "no-store"
    outage.switch.allow()
    back = client.get("/navigator")  # still signed in
    assert back.status_code == 200
    assert "Signed in as outage-navigator@example.org" in back.get_data(as_text=True)


# -- what residents send ----------------------------------------------------------------------

def test_a_callback_sent_during_the_outage_is_saved_once_when_it_is_back(outage, caplog):
    caplog.set_level(logging.INFO)
    client, who = outage.test_client(), person()
    outage.switch.refuse()
    response = send_callback(client, who)
    assert response.status_code == 302 and response.headers["Location"] == "/callback/sent"
    assert "Thank you. Your request was sent." in client.get(
        "/callback/sent").get_data(as_text=True)

    [path] = kept(outage)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    entry = json.loads(path.read_text())
    assert entry["kind"] == "callback" and entry["record"]["name"] == who["name"]
    assert not kept(outage, "writing")

    # Still down: nothing is lost, nothing is saved.
    waiting = drain(outage)
    assert waiting.exit_code == 1 and "0 saved, 0 failed, 1 waiting" in waiting.output
    assert kept(outage) and not kept(outage, "claimed")

    outage.switch.allow()
    assert "1 saved, 0 failed, 0 waiting" in drain(outage).output
    assert callbacks(outage, who["name"]) == 1
    assert "0 saved" in drain(outage).output and callbacks(outage, who["name"]) == 1
    assert not any(kept(outage, where) for where in ("pending", "claimed", "failed"))
    with outage.app_context():
        row = db.session.scalar(select(CallbackRequest).where(
            CallbackRequest.name == who["name"]))
        assert (row.phone, row.status, row.need) == (who["phone"], "new",
                                                     "A place to stay tonight")
        assert row.id == entry["record"]["id"]
    # What the person sent was never logged.
    for secret in who.values():
        assert secret not in caplog.text


def test_a_report_sent_during_the_outage_is_saved_when_it_is_back(outage):
    client, sid = outage.test_client(), service_id(outage)
    outage.switch.refuse()
    token = csrf(client)  # the callback form works without the database
    for target in (sid, "no-such-listing"):
        response = client.post(f"/services/{target}/report", data={
            "csrf_token": token, "problem": "hours", "details": "Closed on Mondays now"})
        assert response.status_code == 202
        assert "Thank you. We received your report." in response.get_data(as_text=True)
    # A report that does not validate is not kept: the page cannot be shown to fix it.
    assert_unavailable_page(client.post(f"/services/{sid}/report",
                                        data={"csrf_token": token, "problem": "nonsense"}))
    assert len(kept(outage)) == 2
    outage.switch.allow()
    assert "2 saved" in drain(outage).output
    with outage.app_context():
        reports = db.session.scalars(select(ListingReport)).all()
        # The report about a listing no one has is dropped once it can be checked.
        assert [(r.service_id, r.problem, r.details) for r in reports] == [
            (sid, "hours", "Closed on Mondays now")]


def test_a_claim_sent_during_the_outage_is_filed_when_it_is_back(outage):
    client, sid = outage.test_client(), service_id(outage)
    token = csrf(client)
    outage.switch.refuse()
    # The claim page itself needs its listing: the outage page.
    assert_unavailable_page(client.get(f"/services/{sid}/claim"))
    who = {"name": "Robin Okafor", "job_title": "Director", "message": ""}
    for target, email in ((sid, "robin@example.org"), ("no-such-listing", "x@example.org")):
        response = client.post(f"/services/{target}/claim", data={
            "csrf_token": token, "email": email, **who})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/services/{target}/claim/sent"
        # The thanks needs no database: the same page as when it is up.
        thanks = client.get(response.headers["Location"])
        assert thanks.status_code == 200
        assert "Thank you. We received your request." in thanks.get_data(as_text=True)
    # A claim that does not validate is not kept: the page cannot be shown to fix it.
    assert_unavailable_page(client.post(f"/services/{sid}/claim", data={
        "csrf_token": token, "email": "robin@", **who}))
    entries = [json.loads(path.read_text()) for path in kept(outage)]
    assert [e["kind"] for e in entries] == ["claim", "claim"]
    outage.switch.allow()
    assert "2 saved" in drain(outage).output
    with outage.app_context():
        from navigator.directory.models import Service
        from navigator.review.models import AccessRequest

        [request] = db.session.scalars(select(AccessRequest)).all()
        # The claim for a listing no one has is dropped once it can be checked.
        assert (request.service_id, request.email, request.status) == (
            sid, "robin@example.org", "pending")
        assert request.organization_id == db.session.get(Service, sid).organization_id
        assert request.id == entries[0]["record"]["id"]


def test_the_next_request_that_goes_well_saves_what_was_kept(outage):
    client, who = outage.test_client(), person()
    outage.switch.refuse()
    send_callback(client, who)
    # A page that works without the database tries once, then waits RETRY_AFTER.
    client.get("/callback", buffered=True)
    assert outage.extensions[NEXT_TRY] > 0 and len(kept(outage)) == 1
    outage.switch.allow()
    client.get("/callback", buffered=True)
    assert callbacks(outage, who["name"]) == 0  # still waiting its turn
    outage.extensions[NEXT_TRY] = 0.0  # as RETRY_AFTER seconds later
    client.get("/callback", buffered=True)  # the drain runs once the response is sent
    assert callbacks(outage, who["name"]) == 1 and not kept(outage)


def test_an_app_that_starts_saves_what_was_kept(outage):
    client, who = outage.test_client(), person()
    outage.switch.refuse()
    send_callback(client, who)
    outage.switch.allow()
    create_app(outage.test_config)
    assert callbacks(outage, who["name"]) == 1 and not kept(outage)


# -- the spool --------------------------------------------------------------------------------

def test_two_drainers_at_once_save_each_request_once(outage):
    """Two workers drain the same folder at the same moment, and a claim left by a worker
    that died just after saving its request is taken up again: one row each."""
    people = [person() for _ in range(12)]
    with outage.app_context():
        records = [spool.new_record(**who, email=None, language="en", best_time="any",
                                    need="Food") for who in people]
        for record in records:
            spool.keep(sent.CALLBACK, record)
        # The dead worker's claim: saved, never removed.
        sent.save_callback(records[0])
        db.session.commit()
        [first] = [p for p in kept(outage) if records[0]["id"] in p.name]
        claimed = spool.folder() / "claimed" / f"{first.stem}@{1_000}.json"
        claimed.parent.mkdir(mode=0o700, exist_ok=True)
        os.rename(first, claimed)

    start, results = threading.Barrier(2), []

    def worker():
        with outage.app_context():
            start.wait()
            results.append(spool.drain())

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # SQLite lets one writer in at a time: what the other could not take waits.
    leftover = drain(outage)
    assert leftover.exit_code == 0, leftover.output
    assert sum(r.failed for r in results) == 0
    assert sum(r.saved for r in results) + int(leftover.output.split()[0]) == len(people)
    for who in people:
        assert callbacks(outage, who["name"]) == 1
    assert not any(kept(outage, where) for where in ("pending", "claimed", "failed"))


def test_a_file_that_cannot_be_read_is_set_aside_not_lost(outage):
    with outage.app_context():
        folder = spool.folder() / "pending"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        (folder / "00000000000000000001-broken.json").write_text("{not json")
    assert "0 saved, 1 failed" in drain(outage).output
    assert [p.name.split("@")[0] for p in kept(outage, "failed")] == [
        "00000000000000000001-broken"]
    status = outage.test_cli_runner().invoke(args=["spool", "status"])
    assert "0 waiting, 0 being saved, 1 failed" in status.output
    again = outage.test_cli_runner().invoke(args=["spool", "drain", "--retry-failed"])
    assert "1 failed requests put back" in again.output and "0 saved, 1 failed" in again.output
    assert not kept(outage) and len(kept(outage, "failed")) == 1
