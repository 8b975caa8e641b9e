"""One host following inline: a web process's follower thread does the rebuilds that
its own commits and the host's other processes (an import on the command line) leave
to it, while its searches answer from the index as it was."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import update

from navigator import create_app
from navigator.directory.models import Service
from navigator.extensions import db
from navigator.search import SearchQuery, follow_step, search
from navigator.search.searching import _state

PACKAGE = Path(__file__).resolve().parent.parent / "directory" / "packages" / "minimal"


@pytest.fixture
def web_host(app, tmp_path):
    """A web process of a one-host site on the test database: inline, with its follower
    thread (which tests do not start otherwise), its own index folder."""
    host = create_app({
        "TESTING": True, "SECRET_KEY": "test", "NAVIGATOR_PASSWORD_HASH": "fast",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "NAVIGATOR_INDEX_DIR": str(tmp_path / "web"),
        "NAVIGATOR_SEARCH_FOLLOW": "inline", "NAVIGATOR_SEARCH_FOLLOW_THREAD": True,
    })
    yield host
    with host.app_context():
        _state().inline.stop()
        db.session.remove()
        db.engine.dispose()


def names(host, text: str) -> list[str]:
    with host.app_context():
        return sorted(hit.name for hit in search(SearchQuery(text=text),
                                                 log_search=False).hits)


def eventually(check, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the follower thread did not catch up"
        time.sleep(0.1)


def started(host) -> None:
    """The host's index built, then its first request, which starts the thread."""
    with host.app_context():
        follow_step()
        assert not _state().inline.running
    assert host.test_client().get("/healthz").status_code == 200
    with host.app_context():
        assert _state().inline.running


def test_the_thread_rebuilds_for_an_import_made_on_the_command_line(directory, runner,
                                                                     web_host):
    directory.service("Listing before the import", "Unique zebra words")
    directory.commit()
    started(web_host)
    assert names(web_host, "zebra") == ["Listing before the import"]

    result = runner.invoke(args=["directory", "import", str(PACKAGE)])
    assert result.exit_code == 0, result.output
    assert "`flask search follow --once` does it now" in result.output
    eventually(lambda: names(web_host, "grocery") == ["Weekly Grocery Pickup"])
    assert names(web_host, "zebra") == ["Listing before the import"]


def test_a_rebuild_committed_by_the_web_process_is_done_by_its_thread(directory, web_host,
                                                                      monkeypatch):
    pantry = directory.service("Corner pantry", "Free groceries")
    directory.commit()
    started(web_host)
    with web_host.app_context():
        follower = _state().follower
    rebuilt_on: list[str] = []
    rebuild = follower._rebuild

    def recorded(*args, **kwargs):
        rebuilt_on.append(threading.current_thread().name)
        return rebuild(*args, **kwargs)

    monkeypatch.setattr(follower, "_rebuild", recorded)
    with web_host.app_context():
        # A write as SQL, as an import's: the log asks for a rebuild.
        db.session.execute(update(Service).where(Service.id == pantry.id)
                           .values(name="Renamed pantry"))
        db.session.commit()
    eventually(lambda: names(web_host, "groceries") == ["Renamed pantry"])
    assert rebuilt_on == ["search-follower"]  # never in the committing thread
    with web_host.app_context():
        assert _state().inline.running
