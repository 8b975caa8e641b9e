"""The index follows the database: after-commit sync (the inline follower), rollbacks,
`flask search reindex`, a missing or damaged index (not ready until the follower builds
it), and several processes writing at once."""

from __future__ import annotations

import logging
import multiprocessing
import queue
import shutil
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from navigator.directory.models import Location, Organization, Service, ServiceAtLocation
from navigator.extensions import db
from navigator.search.index import APPLIED_DOC, VOCABULARY_DOC
from navigator.search import IndexNotReady, SearchQuery, follow_step, place_for, rebuild, search
from navigator.search.searching import _state

#: ZIP 27701's centroid in the offline gazetteer.
ZIP_27701 = (35.9967, -78.8966)

pytestmark = pytest.mark.usefixtures("directory")


def find(text: str = "", **options):
    options.setdefault("per_page", 100)
    return search(SearchQuery(text=text, **options), log_search=False)


def names(text: str = "", **options) -> list[str]:
    return sorted(h.name for h in find(text, **options).hits)


def index_dir(app) -> Path:
    return Path(app.config["NAVIGATOR_INDEX_DIR"])


def stored_documents() -> list[dict]:
    """Every live listing in a freshly opened index (not this process's snapshot); the
    rebuild's one vocabulary document for "did you mean" and the marker of the change
    applied are not listings."""
    index = _state().index._open()
    with index.searcher() as searcher:
        return [fields for _, fields in searcher.iter_docs()
                if fields.get("doc_id") not in (VOCABULARY_DOC, APPLIED_DOC)]


# -- after-commit sync -------------------------------------------------------------------


def test_commits_keep_the_index_current(directory):
    soup = directory.service("Soup kitchen", "Hot soup", at=directory.offset(*ZIP_27701, 1, 0))
    directory.service("Bread line", "Hot soup and bread")
    directory.commit()
    assert names("soup") == ["Bread line", "Soup kitchen"]

    # Add.
    directory.service("Soup truck", "Soup delivered")
    directory.commit()
    assert names("soup") == ["Bread line", "Soup kitchen", "Soup truck"]

    # Change a service's name: the old name is gone, the new one found, no duplicate.
    soup.name = "Stone soup cafe"
    db.session.commit()
    assert names("kitchen") == []
    assert names("cafe") == ["Stone soup cafe"]
    assert names("soup") == ["Bread line", "Soup truck", "Stone soup cafe"]

    # Change a location's coordinates: distances follow.
    place = place_for(lat=ZIP_27701[0], lon=ZIP_27701[1])
    assert find("cafe", place=place).hits[0].distance_km == pytest.approx(1, abs=0.02)
    location = db.session.scalars(
        select(Location).join(ServiceAtLocation).where(ServiceAtLocation.service_id == soup.id)
    ).one()
    location.latitude, location.longitude = directory.offset(*ZIP_27701, 7, 0)
    db.session.commit()
    hit = find("cafe", place=place).hits[0]
    assert hit.distance_km == pytest.approx(7, abs=0.05)
    assert (hit.lat, hit.lon) == pytest.approx(directory.offset(*ZIP_27701, 7, 0))

    # An organization's new name reaches its services' documents.
    org = db.session.get(Organization, soup.organization_id)
    org.name = "Eastside Neighbors"
    db.session.commit()
    assert {h.organization for h in find("soup").hits} == {"Eastside Neighbors"}

    # Make one inactive, then delete another.
    soup.status = "inactive"
    db.session.commit()
    assert names("soup") == ["Bread line", "Soup truck"]
    truck = db.session.scalars(select(Service).where(Service.name == "Soup truck")).one()
    db.session.delete(truck)
    db.session.commit()
    assert names("soup") == ["Bread line"]

    # What the index holds on disk agrees: one document per listing, no leftovers.
    documents = stored_documents()
    assert sorted(d["name"] for d in documents) == ["Bread line"]


def test_a_rollback_indexes_nothing(directory):
    directory.service("Kept listing", "Warm coats")
    directory.commit()
    directory.service("Rolled back listing", "Warm coats")
    db.session.flush()  # flushed, so the sync has seen it, then rolled back
    db.session.rollback()
    assert names("coats") == ["Kept listing"]
    # A later, unrelated commit does not bring it back either.
    directory.service("Later listing", "Gloves")
    directory.commit()
    assert names("coats") == ["Kept listing"]
    assert sorted(d["name"] for d in stored_documents()) == ["Kept listing", "Later listing"]


def test_reindex_command_rebuilds_from_the_database(app, directory, runner):
    directory.service("Indexed listing", "Free haircuts")
    directory.commit()
    org_id = db.session.scalars(select(Organization.id)).first()
    # SQL written through the session is in the change log too (as a rebuild)...
    db.session.execute(insert(Service).values(
        id=str(uuid.uuid4()), organization_id=org_id, name="Logged listing",
        description="Free haircuts", status="active"))
    db.session.commit()
    assert names("haircuts") == ["Indexed listing", "Logged listing"]
    # ... rows written behind it entirely are not seen until a reindex.
    with db.engine.begin() as connection:
        connection.execute(insert(Service).values(
            id=str(uuid.uuid4()), organization_id=org_id, name="Raw listing",
            description="Free haircuts", status="active"))
    assert names("haircuts") == ["Indexed listing", "Logged listing"]

    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 3 listing(s)" in result.output
    assert names("haircuts") == ["Indexed listing", "Logged listing", "Raw listing"]


def test_an_import_leaves_the_rebuild_to_the_follower(directory, runner):
    package = Path(__file__).resolve().parent.parent / "directory" / "packages" / "minimal"
    if not package.exists():
        pytest.skip("the minimal HSDS package is not present")
    directory.service("Listing before the import", "Unique zebra words")
    directory.commit()
    result = runner.invoke(args=["directory", "import", str(package)])
    assert result.exit_code == 0, result.output
    assert "`flask search follow --once` does it now" in result.output
    # Searches answer from the index as it was until the follower rebuilds it.
    assert names("grocery") == []
    followed = runner.invoke(args=["search", "follow", "--once"])
    assert followed.output.startswith("Applied 1 change(s).")
    assert names("grocery") == ["Weekly Grocery Pickup"]
    assert names("zebra") == ["Listing before the import"]
    count = db.session.scalar(select(db.func.count()).select_from(Service)
                              .where(Service.status.not_in(("inactive", "defunct"))))
    listed = {d["service_id"] for d in stored_documents()}
    assert len(listed) == count
    assert find("").total >= count


# -- recovery --------------------------------------------------------------------------


def test_a_missing_index_is_not_built_by_a_search_but_by_the_follower(app, directory):
    directory.service("Diaper pantry", "Diapers")
    directory.commit()
    assert names("diapers") == ["Diaper pantry"]  # this process holds a searcher

    shutil.rmtree(index_dir(app))
    with pytest.raises(IndexNotReady):
        names("diapers")
    assert not index_dir(app).exists()  # the search built nothing
    # A commit of the inline follower does not build it either...
    directory.service("Diaper bank", "Diapers")
    directory.commit()
    assert _state().index.folder.live() is None
    # ... the follower does.
    assert follow_step() == 1
    assert names("diapers") == ["Diaper bank", "Diaper pantry"]

    # A process starting without an index at all.
    _state().index.close()
    shutil.rmtree(index_dir(app))
    with pytest.raises(IndexNotReady):
        names("diapers")
    follow_step()
    assert names("diapers") == ["Diaper bank", "Diaper pantry"]


@pytest.mark.parametrize("warm", [True, False], ids=["open-searcher", "cold-start"])
def test_a_corrupted_index_is_rebuilt_by_the_follower(app, directory, caplog, warm):
    directory.service("Bus passes", "Free transit passes")
    directory.service("Phone program", "Free phones")
    directory.commit()
    assert names("free") == ["Bus passes", "Phone program"]
    if not warm:
        _state().index.close()

    live = _state().index.folder.live()
    for path in live.iterdir():
        if path.is_file() and not path.name.endswith("LOCK"):
            path.write_bytes(b"\x00garbage\xff" * 64)
    _state().results.clear()  # else the per-minute results cache answers from memory
    if warm:
        # An open searcher may still hold the old files' contents in memory and answer
        # from them; either way the answer is right or a clear IndexNotReady.
        try:
            assert names("free") == ["Bus passes", "Phone program"]
        except IndexNotReady:
            pass
    else:
        with pytest.raises(IndexNotReady):
            names("free")
    with caplog.at_level(logging.INFO, logger="navigator.search"):
        assert follow_step() == 1
    assert "unreadable" in caplog.text
    assert names("free") == ["Bus passes", "Phone program"]
    # The rebuilt index takes changes again.
    directory.service("Free clinic", "Free checkups")
    directory.commit()
    assert names("free") == ["Bus passes", "Free clinic", "Phone program"]


# -- several processes ------------------------------------------------------------------

ROUNDS = 20


def _worker(database_url: str, index_path: str, service_ids: list[str], tag: str,
            rounds: int, errors, ready) -> None:
    """One web worker: its own app on the same database and index, committing in a loop
    that starts when every worker is ready (``ready``, a barrier): a slow start of one
    process on a busy machine must not let the other finish alone."""
    from navigator import create_app

    failures: list[str] = []
    started = finished = None

    class Catch(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                failures.append(f"{tag}: {record.getMessage()}")

    logging.getLogger("navigator").addHandler(Catch())
    try:
        app = create_app({"TESTING": True, "SECRET_KEY": "test",
                          "SQLALCHEMY_DATABASE_URI": database_url,
                          "NAVIGATOR_INDEX_DIR": index_path})
        with app.app_context():
            org_id = db.session.scalars(select(Organization.id)).first()
            ready.wait(timeout=90)
            started = time.time()
            for round_ in range(rounds):
                for n, service_id in enumerate(service_ids):
                    db.session.get(Service, service_id).name = f"{tag} s{n} r{round_}"
                db.session.add(Service(id=str(uuid.uuid4()), organization_id=org_id,
                                       status="active", name=f"{tag} added r{round_}",
                                       description="added"))
                db.session.commit()
            finished = time.time()
            db.session.remove()
            db.engine.dispose()
    except Exception as error:  # reported to the test
        failures.append(f"{tag}: {type(error).__name__}: {error}")
    errors.put((failures, started, finished))


def test_two_processes_writing_at_once_lose_nothing(app, directory):
    groups = {}
    for tag in ("alpha", "bravo"):
        groups[tag] = [directory.service(f"{tag} s{n} start", "shared words").id
                       for n in range(3)]
    directory.commit()
    db.session.remove()

    context = multiprocessing.get_context("spawn")
    errors = context.Queue()
    ready = context.Barrier(len(groups))
    workers = [context.Process(target=_worker, args=(
        app.config["SQLALCHEMY_DATABASE_URI"], str(index_dir(app)), ids, tag, ROUNDS, errors,
        ready)) for tag, ids in groups.items()]
    for worker in workers:
        worker.start()
    reports, spans = [], []
    deadline = time.monotonic() + 120
    try:
        while len(spans) < len(workers) and time.monotonic() < deadline:
            try:
                failures, started, finished = errors.get(timeout=0.5)
            except queue.Empty:
                if not any(worker.is_alive() for worker in workers):
                    break  # a worker died without a word: fail now, not in two minutes
                continue
            reports.extend(failures)
            spans.append((started, finished))
        assert len(spans) == len(workers), "a worker crashed or is stuck (on the index lock?)"
        for worker in workers:
            worker.join(timeout=30)
            assert not worker.is_alive(), "a worker is stuck (on the index lock?)"
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
    assert [w.exitcode for w in workers] == [0, 0]
    assert reports == []
    # The two loops really ran at the same time.
    assert max(start for start, _ in spans) < min(end for _, end in spans)

    # Every change of both workers is in the index, once, and the index opens cleanly.
    documents = stored_documents()
    expected = {f"{tag} s{n} r{ROUNDS - 1}" for tag in groups for n in range(3)}
    expected |= {f"{tag} added r{r}" for tag in groups for r in range(ROUNDS)}
    assert sorted(d["name"] for d in documents) == sorted(expected)
    assert len({d["service_id"] for d in documents}) == len(documents) == 46
    # This process's searcher catches up with the other processes' writes.
    assert find("").total == 46
    assert sorted(h.name for h in find("", per_page=100).hits) == sorted(expected)
    assert rebuild() == 46


def test_threads_searching_at_once_get_what_one_thread_gets(app, directory):
    """A threaded server (``flask run``, gunicorn's gthread) searches from several threads
    of one process: Whoosh's shared file handles must not interleave their reads."""
    import threading

    words = ("pantry", "shelter", "counseling", "shleter", "councelling", "dentel clinik",
             "legal halp", "comida", "rnet", "showres laundyr", "pantyr", "sheltter")
    for n in range(60):
        directory.service(f"{words[n % len(words)].title()} place {n}",
                          f"{words[(n * 7) % len(words)]} and {words[(n * 3) % len(words)]}",
                          at=directory.offset(35.99, -78.9, n % 9, n % 7))
    directory.commit()
    app.config["NAVIGATOR_SEARCH_CACHE"] = False
    try:
        def names(text):
            results = search(SearchQuery(text=text, per_page=50), log_search=False)
            return [hit.name for hit in results.hits], results.suggestion

        expected = {text: names(text) for text in words}
        _state().index.close()  # a fresh searcher, opened by the threads themselves
        errors, mismatches = [], []

        def worker(offset):
            with app.app_context():
                try:
                    for i in range(40):
                        text = words[(i + offset) % len(words)]
                        if names(text) != expected[text]:
                            mismatches.append(text)
                except Exception as error:  # noqa: BLE001 - reported below
                    errors.append(repr(error))

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)  # threads switch often, as under load
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        finally:
            sys.setswitchinterval(interval)
        assert not errors and not mismatches, (errors[:3], mismatches[:3])
    finally:
        app.config["NAVIGATOR_SEARCH_CACHE"] = True
