"""Several hosts on one database: each host's index follows the directory's change log.

Two app instances with their own index folders stand for two hosts: host A commits
(its index follows inline), host B runs only its follower, both in this process (the
same with each host in its own processes: ``test_two_hosts``). Real databases and real
indexes on disk throughout.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event, select

from navigator.directory.models import DirectoryChange, Service
from navigator.extensions import db
from navigator.search import SearchQuery, follow_step, search
from navigator.search.following import follow
from navigator.search.index import LOCK_TIMEOUT
from navigator.search.searching import _state

pytestmark = pytest.mark.usefixtures("directory")


def names(text: str = "") -> list[str]:
    """What the current app's host finds for ``text``."""
    return sorted(h.name for h in search(SearchQuery(text=text, per_page=100),
                                         log_search=False).hits)


def on(host, text: str = "") -> list[str]:
    with host.app_context():
        return names(text)


def step(host) -> int:
    with host.app_context():
        return follow_step()


def postgres_only() -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (NOTIFY, concurrent writers)")


def test_a_change_on_one_host_reaches_the_other_through_its_follower(app, directory,
                                                                      host_b):
    client_a, client_b = app.test_client(), host_b.test_client()
    # B starts with no index: not ready, and a search says so without building one.
    health = client_b.get("/healthz")
    assert health.status_code == 503 and health.get_json()["ready"] is False
    assert client_b.get("/api/search?q=beds").status_code == 503
    assert client_b.get("/search?q=beds").status_code == 503
    with host_b.app_context():
        assert _state().index.folder.live() is None
    assert step(host_b) == 1  # the follower builds it
    health = client_b.get("/healthz").get_json()
    assert health["ready"] is True and health["index_change"] == health["database_change"]

    shelter = directory.service("Harbor shelter", "Emergency beds tonight")
    directory.service("Quiet shelter", "Beds for women")
    directory.commit()
    assert names("beds") == ["Harbor shelter", "Quiet shelter"]  # A, inline
    assert on(host_b, "beds") == []  # B has not followed yet
    etag_a = client_a.get("/api/services").headers["ETag"]
    assert client_b.get("/api/services").headers["ETag"] == etag_a  # from the database
    assert step(host_b) == 1
    assert on(host_b, "beds") == ["Harbor shelter", "Quiet shelter"]
    assert [r["name"] for r in client_b.get("/api/search?q=harbor").get_json()["results"]] \
        == ["Harbor shelter"]

    # An inactivated service disappears from B's results; both ETags change, alike.
    shelter.status = "inactive"
    db.session.commit()
    assert client_a.get("/api/services").headers["ETag"] != etag_a
    assert client_b.get("/api/services").headers["ETag"] == \
        client_a.get("/api/services").headers["ETag"]
    assert client_b.get("/api/services", headers={"If-None-Match": etag_a}).status_code == 200
    assert step(host_b) == 1
    assert on(host_b, "beds") == ["Quiet shelter"]
    assert client_b.get("/api/search?q=harbor").get_json()["results"] == []
    # Both hosts have applied the same change: the same version, as cache keys use.
    with host_b.app_context():
        stamp_b = _state().index.stamp()
    assert _state().index.stamp() == stamp_b
    assert step(host_b) == 0  # nothing new: nothing done


def test_the_follower_wakes_on_notify(app, directory, host_b):
    postgres_only()
    step(host_b)
    stop, errors = threading.Event(), []

    def run():
        with host_b.app_context():
            try:  # polls only once a minute: what it applies came by NOTIFY
                follow(follow_step, db.engine, poll=60, duration=30, stop=stop)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(repr(error))

    thread = threading.Thread(target=run)
    thread.start()
    try:
        time.sleep(1.0)  # the follower is listening and has done its first step
        directory.service("Night bus", "Free rides at night")
        directory.commit()
        committed, seen = time.monotonic(), False
        while time.monotonic() - committed < 5 and not seen:
            seen = on(host_b, "rides") == ["Night bus"]
            time.sleep(0.05)
        assert seen, "the change did not reach host B within 5 s"
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive() and errors == []


def fail_once(monkeypatch, index) -> list:
    """Make ``index.apply`` fail the first time ("disk full"), then work; the list of its
    calls."""
    real, calls = index.apply, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(index, "apply", flaky)
    return calls


def test_a_failed_update_is_tried_again(app, directory, host_b, caplog, monkeypatch):
    step(host_b)
    directory.service("Tool library", "Borrow tools")
    directory.commit()
    with host_b.app_context():
        calls = fail_once(monkeypatch, _state().index)
        with caplog.at_level(logging.ERROR, logger="navigator.search"):
            applied = follow(follow_step, db.engine, poll=0.1, duration=3, listen=False)
    assert applied == 1 and len(calls) == 2
    assert "search index update failed; trying again" in caplog.text
    assert on(host_b, "tools") == ["Tool library"]


def test_a_late_commit_is_never_skipped(app, directory, host_b):
    """T1 writes its change row, then is slow to commit; T2 commits meanwhile. T2 waits
    for T1 (change ids go in commit order), so the follower never sees T2 without T1."""
    postgres_only()
    early = directory.service("Early listing", "Late words")
    late = directory.service("Other listing", "Other words")
    directory.commit()
    step(host_b)
    early_id, late_id = early.id, late.id
    in_commit, release, order = threading.Event(), threading.Event(), []

    def slow_commit(connection):
        if threading.current_thread().name == "t1":
            in_commit.set()  # T1's change row is written, its COMMIT not sent yet
            release.wait(timeout=30)

    def change(name: str, service_id: str, text: str):
        with app.app_context():
            db.session.get(Service, service_id).description = text
            db.session.commit()
            order.append(name)

    event.listen(db.engine, "commit", slow_commit)
    try:
        t1 = threading.Thread(target=change, name="t1", args=("t1", early_id, "Late lamps"))
        t2 = threading.Thread(target=change, name="t2", args=("t2", late_id, "Other lamps"))
        t1.start()
        assert in_commit.wait(timeout=30)
        t2.start()
        time.sleep(1.0)
        assert order == []  # T2 waits for T1's commit
        step(host_b)
        assert on(host_b, "lamps") == []
        release.set()
        t1.join(timeout=30)
        t2.join(timeout=30)
    finally:
        release.set()
        event.remove(db.engine, "commit", slow_commit)
    assert order == ["t1", "t2"]
    step(host_b)
    assert on(host_b, "lamps") == ["Early listing", "Other listing"]
    changes = db.session.execute(select(DirectoryChange.id, DirectoryChange.service_ids)
                                 .order_by(DirectoryChange.id)).all()
    assert [json.loads(ids) for _, ids in changes[-2:]] == [[early_id], [late_id]]


def test_a_search_never_builds_a_missing_index(app, directory, client):
    import shutil

    directory.service("Winter coats", "Free coats")
    directory.commit()
    shutil.rmtree(app.config["NAVIGATOR_INDEX_DIR"])
    response = client.get("/api/search?q=coats")
    assert response.status_code == 503 and "not ready" in response.get_json()["error"]
    assert response.headers["Retry-After"]
    page = client.get("/search?q=coats")
    assert page.status_code == 503 and b"Winter coats" not in page.data
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["ready"] is False
    assert not Path(app.config["NAVIGATOR_INDEX_DIR"]).exists()
    follow_step()
    assert client.get("/healthz").get_json()["ready"] is True
    assert [r["name"] for r in client.get("/api/search?q=coats").get_json()["results"]] \
        == ["Winter coats"]


def test_a_commit_never_waits_on_the_index_lock(app, directory, host_b):
    """With a follower (production on PostgreSQL), web workers never write the index:
    a commit goes through while the follower holds the index's writer lock."""
    from navigator.directory.models import Organization

    step(host_b)
    with host_b.app_context():
        with _state().index.folder.writing():  # the follower is busy
            started = time.monotonic()
            organization = Organization(id=directory.id(), name="Lockless aid",
                                        description="Fictional")
            db.session.add(organization)
            db.session.add(Service(id=directory.id(), organization_id=organization.id,
                                   name="Lockless pantry", status="active"))
            db.session.commit()
            # Waiting would take LOCK_TIMEOUT (60 s): the lock is held until after this.
            assert time.monotonic() - started < LOCK_TIMEOUT / 2
        assert follow_step() == 1
        assert names("lockless") == ["Lockless pantry"]


def test_a_failed_inline_update_is_tried_again_in_the_background(app, directory, caplog,
                                                                  monkeypatch):
    calls = fail_once(monkeypatch, _state().index)
    monkeypatch.setattr("navigator.search.follower.RETRY_DELAYS", (0.2, 0.2, 0.2))
    with caplog.at_level(logging.INFO, logger="navigator.search"):
        directory.service("Bike repair", "Fix flats")
        directory.commit()  # the step fails: logged, and the commit stands
        assert "trying it again in the background" in caplog.text
        deadline = time.monotonic() + 10
        # The retry logs its success just after the new index is visible: wait for both.
        while time.monotonic() < deadline and not (
                names("flats") == ["Bike repair"] and "applied on a new try" in caplog.text):
            time.sleep(0.1)
    assert names("flats") == ["Bike repair"] and len(calls) == 2
    assert "applied on a new try" in caplog.text
