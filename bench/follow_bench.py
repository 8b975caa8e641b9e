"""Freshness lag: from a commit on host A to host B's index having applied it.

Run from the repository root, with a PostgreSQL server (a database is created on it
and dropped afterwards)::

    .venv/bin/python bench/follow_bench.py [--rate 10] [--seconds 60] \
        [--server postgresql+psycopg://postgres@127.0.0.1:5432/test]

Two app instances stand for two hosts, each with its own index folder (both in
"follower" mode, as in production). The Durham sample directory is imported, host B's
follower runs as its own process (``flask search follow``: LISTEN plus a 5 s poll),
and host A edits one listing's description ``--rate`` times a second for ``--seconds``
seconds, each in its own commit. The lag of a change is the wall-clock time from its
commit returning on A to B's follower having committed an index that holds it (the
follower process prints each commit of its index): B's searches see it on their next
search. The semantic stage is off (``--embedder``
to change): each new description would be embedded when applied.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("NAVIGATOR_INSTANCE_DIR", tempfile.mkdtemp(prefix="follow-bench-"))


#: Host B's follower: ``flask search follow`` with each commit of its index printed.
FOLLOWER = """
import sys, time
from navigator import create_app
from navigator.extensions import db
from navigator.search import follow_step
from navigator.search.following import follow
from navigator.search.searching import _state

app = create_app()
with app.app_context():
    index = _state().index
    commit_index = index.apply

    def apply(service_ids, change, folder=None):
        commit_index(service_ids, change, folder)
        if folder is None:
            print(time.time(), change.change, flush=True)

    index.apply = apply

    def step():
        count = follow_step()
        print(time.time(), index.applied().change, flush=True)
        return count

    follow(step, db.engine, poll=5.0)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--embedder", default="off")
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import event, select

    from navigator import create_app
    from navigator.directory.changes import WRITTEN
    from navigator.directory.models import Service
    from navigator.extensions import db
    from tests.postgres_server import PostgresDatabases

    databases = PostgresDatabases(args.server)
    url = databases.create()
    folder = Path(tempfile.mkdtemp(prefix="follow-bench-index-"))
    hosts = [create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                         "NAVIGATOR_INDEX_DIR": str(folder / name),
                         "NAVIGATOR_EMBEDDER": args.embedder,
                         "NAVIGATOR_SEARCH_FOLLOW": "follower"}) for name in "ab"]
    a, b = hosts
    try:
        with a.app_context():
            upgrade()
            result = a.test_cli_runner().invoke(args=["directory", "import",
                                                      str(REPO_ROOT / "directory_data")])
            assert result.exit_code == 0, result.output
            service_ids = db.session.scalars(select(Service.id)).all()
        applied: list[tuple[float, int]] = []  # (when, change id) B's index was seen at
        environment = {**os.environ, "NAVIGATOR_DATABASE_URL": url,
                       "NAVIGATOR_INDEX_DIR": str(folder / "b"),
                       "NAVIGATOR_EMBEDDER": args.embedder, "NAVIGATOR_SECRET_KEY": "bench",
                       "NAVIGATOR_SEARCH_FOLLOW": "follower",
                       "PYTHONPATH": str(REPO_ROOT)}
        follower = subprocess.Popen(
            [sys.executable, "-c", FOLLOWER], cwd=REPO_ROOT, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

        def watch_b():
            for line in follower.stdout:
                when, change = line.split()
                applied.append((float(when), int(change)))

        watcher = threading.Thread(target=watch_b, daemon=True)
        watcher.start()
        started = time.time()
        while not applied:
            time.sleep(0.1)
        print(f"{len(service_ids)} services; host B's follower started and built its "
              f"index in {applied[0][0] - started:.1f} s (before the edits)")
        commits: list[tuple[float, int]] = []
        written: list[int] = []

        def note(session):  # before search's own listener takes it
            if session.info.get(WRITTEN) is not None:
                written.append(session.info[WRITTEN])

        event.listen(db.session, "after_commit", note, insert=True)
        with a.app_context():
            interval, n = 1.0 / args.rate, 0
            begin = time.monotonic()
            while time.monotonic() - begin < args.seconds:
                service = db.session.get(Service, service_ids[n % len(service_ids)])
                service.description = f"{service.description or ''} edit{n}"
                db.session.commit()
                commits.append((time.time(), written[-1]))
                n += 1
                time.sleep(max(0.0, begin + n * interval - time.monotonic()))
        time.sleep(6)
        follower.terminate()
        follower.wait(timeout=30)
        lags = []
        for moment, change in commits:
            seen = next((when for when, done in applied if done >= change), None)
            lags.append(float("inf") if seen is None else max(0.0, seen - moment))
        lags.sort()
        p50 = statistics.median(lags)
        p95 = lags[min(len(lags) - 1, int(0.95 * len(lags)))]
        print(f"{len(commits)} commits in {args.seconds:.0f} s at {args.rate:g}/s; "
              f"lag commit -> host B's index: p50 {p50 * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms, max {lags[-1] * 1000:.0f} ms")
    finally:
        for host in hosts:
            with host.app_context():
                db.session.remove()
                db.engine.dispose()
        databases.drop_all()


if __name__ == "__main__":
    main()
