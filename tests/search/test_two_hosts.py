"""Two hosts on one PostgreSQL database, each in its own processes with its own index
folder: host A is this test process (the session's app, its index following inline),
host B is gunicorn serving ``wsgi:app`` beside its own ``flask search follow``, both
started here (``tests.search.host_processes``) and used over HTTP only.

What one host commits reaches the other's ``/api/search`` within 5 s, an inactivated
listing leaves it, and the HSDS API's ETag changes on both; a host started with an empty
index folder says it is not ready, answers searches with 503 (never 500) and becomes
ready by itself; a commit on a host never waits on its index's writer lock.

No app context is held by the tests: host A's requests each have their own, as in a
server (see ``tests.staff_accounts``).
"""

from __future__ import annotations

import json
import time
from typing import NamedTuple

import pytest
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.extensions import db
from navigator.search.store import IndexFolder

from tests.fictional_directory import Directory
from tests.search.host_processes import Browser, OtherHost

pytestmark = pytest.mark.postgres

#: How soon a commit on one host shows in the other's searches (issue 18).
PROPAGATION_SECONDS = 5.0
PROVIDER = "desk@harbor.example.org"
#: The provider's "today" form, as a person fills it in who changes nothing.
KEEP = {"accepting": "", "places": "", "unit": "bed", "alert": ""}
#: The listings taking referrals among those about beds.
ACCEPTING = "/api/search?q=beds&accepting_referrals=true"


@pytest.fixture
def host_b(app, staff, tmp_path):
    """Host B, not started yet. Torn down before ``staff``, which empties the database
    afterwards: B's processes have ended by then."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL only (two hosts' processes on one database)")
    host = OtherHost(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "host-b")
    try:
        yield host
    finally:
        host.stop()


class Listing(NamedTuple):
    id: str
    organization_id: str


def listing(app, name: str, description: str) -> Listing:
    """A new listing committed on host A."""
    with app.app_context():
        service = Directory().service(name, description)
        made = Listing(service.id, service.organization_id)
        db.session.commit()
        return made


def found(browser: Browser, path: str) -> list[str] | None:
    """The names a search of the API finds, or None when it is not answered (503)."""
    reply = browser.get(path)
    assert reply.status in (200, 503), (path, reply.status, reply.text()[:2000])
    if reply.status != 200:
        return None
    return sorted(r["name"] for r in json.loads(reply.body)["results"])


def ready(browser: Browser) -> bool:
    reply = browser.get("/healthz")
    return reply.status == 200 and json.loads(reply.body)["ready"] is True


def started(host: OtherHost) -> Browser:
    """B's follower and web server started together, and B ready."""
    host.start_follower()
    browser = host.start_server()
    host.wait(lambda: ready(browser), "host B to be ready")
    return browser


def within(seconds: float, check, what: str) -> None:
    """Fails unless ``check()`` holds within ``seconds`` (asked every 50 ms)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"{what}: not within {seconds:g} s"
        time.sleep(0.05)


def test_a_host_started_with_an_empty_index_folder_becomes_ready_by_itself(app, host_b):
    listing(app, "Winter coats", "Free coats for children")
    b = host_b.start_server()  # no follower yet: nothing builds its index
    health = b.get("/healthz")
    assert health.status == 503 and json.loads(health.body)["ready"] is False
    searches = ("/api/search?q=coats", "/api/search?q=coats&open_now=true&per_page=5",
                "/api/search?lat=35.99&lon=-78.9&radius_km=5", "/search?q=coats")
    for path in searches:
        reply = b.get(path)
        assert reply.status == 503 and reply.headers["Retry-After"], (path, reply.status)
    assert not host_b.index_dir.exists()  # a search never builds it

    host_b.start_follower()
    answers = set()

    def built() -> bool:
        for path in searches:  # while it builds, every search is answered, never a 500
            answers.add(b.get(path).status)
        return ready(b)

    host_b.wait(built, "host B's follower to build its index")
    assert answers <= {200, 503}, answers
    assert found(b, "/api/search?q=coats") == ["Winter coats"]
    assert "Winter coats" in b.get("/search?q=coats").text()


def test_a_change_on_one_host_reaches_the_others_search_within_5_s(app, host_b, staff):
    quiet = listing(app, "Quiet shelter", "Beds for women")
    staff.user(PROVIDER, "provider", quiet.organization_id)
    a, a_provider = app.test_client(), staff.client()
    assert staff.sign_in(a_provider, PROVIDER).status_code == 302
    b = started(host_b)
    assert found(b, "/api/search?q=beds") == ["Quiet shelter"]
    etags = [a.get("/api/services").headers["ETag"]]
    assert b.get("/api/services").headers["ETag"] == etags[0]  # from the database's log

    def etags_changed() -> None:
        """Both hosts' ETags changed, alike; B answers a request with the old one in
        full, one with the new one with 304."""
        new = a.get("/api/services").headers["ETag"]
        assert new not in etags and b.get("/api/services").headers["ETag"] == new
        assert b.get("/api/services", headers={"If-None-Match": etags[-1]}).status == 200
        assert b.get("/api/services", headers={"If-None-Match": new}).status == 304
        etags.append(new)

    # A new listing, committed on A.
    harbor = listing(app, "Harbor shelter", "Emergency beds tonight")
    within(PROPAGATION_SECONDS, lambda: found(b, "/api/search?q=beds")
           == ["Harbor shelter", "Quiet shelter"], "the new listing on host B")
    etags_changed()

    # An edit through A's provider form: the shelter takes referrals now.
    assert found(b, ACCEPTING) == []
    response = a_provider.post(f"/provider/listings/{quiet.id}/today", data={
        **KEEP, "accepting": "yes", "csrf_token": staff.csrf(a_provider, "/provider")})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    within(PROPAGATION_SECONDS, lambda: found(b, ACCEPTING) == ["Quiet shelter"],
           "the edit on host B")
    etags_changed()

    # The new listing inactivated, committed on A: it leaves B's results.
    with app.app_context():
        db.session.get(Service, harbor.id).status = "inactive"
        db.session.commit()
    within(PROPAGATION_SECONDS, lambda: found(b, "/api/search?q=beds") == ["Quiet shelter"],
           "the inactivation on host B")
    assert found(b, "/api/search?q=harbor") == []
    etags_changed()


def test_a_commit_on_a_host_never_waits_on_its_index_lock(app, host_b, staff):
    """B's follower is busy (its index's writer lock held, here by the test): a provider's
    change through B's web server is committed and answered meanwhile; the follower
    applies it once it has the lock again."""
    quiet = listing(app, "Quiet shelter", "Beds for women")
    staff.user(PROVIDER, "provider", quiet.organization_id)
    b = started(host_b)
    assert b.post("/login", {"email": PROVIDER, "password": staff.password}).status == 302
    assert found(b, ACCEPTING) == []

    with IndexFolder(host_b.index_dir).writing(timeout=30):
        # Were the commit to wait for the lock, it would wait as long as the test holds
        # it: the request would time out (30 s) before the lock was given up.
        saved = b.post(f"/provider/listings/{quiet.id}/today",
                       {**KEEP, "accepting": "yes"}, form_page="/provider")
        assert saved.status == 302, saved.text()[:2000]
        with app.app_context():
            assert db.session.scalar(select(Service.accepting_referrals)
                                     .where(Service.id == quiet.id)) is True
        assert json.loads(b.get("/healthz").body)["lag"] >= 1  # the follower waits
        assert found(b, ACCEPTING) == []
    within(PROPAGATION_SECONDS, lambda: found(b, ACCEPTING) == ["Quiet shelter"],
           "the change on host B once its follower has the lock")
