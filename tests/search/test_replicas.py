"""Every host's index replica in ``search_replica``, ``flask search status``, and pruning
the change log without ever removing a row a live host still needs.

Two app instances with their own index folders stand for two hosts on one database:
host A (the session's app) commits and follows inline, host B runs only its follower.
Real databases and real indexes on disk throughout.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update

from navigator.directory.models import DirectoryChange
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.search import SearchQuery, follow_step, search
from navigator.search.models import SearchReplica
from navigator.search.replicas import replica_name
from navigator.search.searching import _state

pytestmark = pytest.mark.usefixtures("directory")


def on(host, text: str) -> list[str]:
    with host.app_context():
        return sorted(h.name for h in search(SearchQuery(text=text, per_page=100),
                                             log_search=False).hits)


def step(host) -> int:
    with host.app_context():
        return follow_step()


def record(host) -> None:
    """The host's follower records its row now (it would within 30 s)."""
    with host.app_context():
        _state().replica.beat(changed=True)


def newest() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.max(DirectoryChange.id)))


def log_rows() -> list[tuple[int, str]]:
    db.session.rollback()
    return [tuple(row) for row in db.session.execute(
        select(DirectoryChange.id, DirectoryChange.kind).order_by(DirectoryChange.id))]


def rows() -> dict[str, SearchReplica]:
    db.session.rollback()
    return {row.name: row for row in db.session.scalars(select(SearchReplica))}


def age_log(days: float) -> None:
    """Every row of the change log written ``days`` ago."""
    db.session.execute(update(DirectoryChange).values(
        changed_at=utcnow() - timedelta(days=days)))
    db.session.commit()


def invoke(host, *args: str) -> str:
    with host.app_context():  # the command runs in the app context it finds
        result = host.test_cli_runner().invoke(args=["search", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_each_host_records_its_replica_and_status_shows_every_one(app, directory, host_b):
    name_a, name_b = replica_name(app.config), replica_name(host_b.config)
    assert name_a != name_b  # one machine, two index folders: two replicas
    directory.service("Harbor shelter", "Emergency beds tonight")
    directory.commit()
    assert step(host_b) == 1  # B builds its index, and records it
    record(app)
    found = rows()
    assert set(found) == {name_a, name_b}
    assert found[name_a].applied_change == found[name_b].applied_change == newest()
    assert found[name_b].ready and found[name_b].documents == 1
    assert found[name_b].behind == 0 and found[name_b].lag_seconds == 0
    assert found[name_b].generation.startswith("g-")

    # Two more changes: A applies them at once (inline), B has not followed yet.
    directory.service("Quiet shelter", "Beds for women")
    directory.commit()
    directory.service("Night bus", "Free rides at night")
    directory.commit()
    record(app)
    record(host_b)
    found = rows()
    assert found[name_a].applied_change == newest() and found[name_a].behind == 0
    assert found[name_b].applied_change == newest() - 2 and found[name_b].behind == 2
    assert found[name_b].lag_seconds >= 0 and found[name_a].documents == 3

    output = invoke(host_b, "status")
    assert f"This host: {name_b}" in output
    assert f"index: change {newest() - 2} of {newest()} (2 behind" in output
    assert "1 listing(s), ready" in output
    lines = {line.split()[0]: line.split() for line in output.splitlines()
             if line.strip().startswith((name_a, name_b))}
    assert lines[name_a][1:3] == [str(newest()), "0"]
    assert lines[name_b][1:3] == [str(newest() - 2), "2"]
    assert lines[name_b][-1] == "live"

    step(host_b)  # B catches up, and says so at once
    assert rows()[name_b].behind == 0
    assert on(host_b, "beds") == ["Harbor shelter", "Quiet shelter"]


def test_a_host_without_an_index_is_recorded_not_ready(app, directory, host_b):
    record(host_b)
    row = rows()[replica_name(host_b.config)]
    assert not row.ready and row.applied_change == 0 and row.generation is None
    output = invoke(host_b, "status")
    assert "NOT READY" in output


def test_pruning_keeps_the_rows_a_lagging_replica_needs(app, directory, host_b):
    directory.service("Old listing", "Words")
    directory.commit()
    directory.service("Harbor shelter", "Emergency beds tonight")
    directory.commit()
    step(host_b)
    lagging = newest()  # B stops here
    for name in ("Quiet shelter", "Night bus", "Tool library"):
        directory.service(name, "Beds and more")
        directory.commit()
    age_log(days=3)
    directory.service("Warm meals", "Beds and soup")  # a recent change
    directory.commit()
    record(app)
    record(host_b)
    before = log_rows()
    assert len(before) > 5

    assert invoke(app, "prune") == "Removed 1 row(s) of the change log.\n"
    after = log_rows()
    # What B has applied and everything after it stays; its own change (which it never
    # reads again) is now the marker of what was removed; everything before it went.
    assert [i for i, _ in after] == [i for i, _ in before if i >= lagging]
    assert after[0] == (lagging, "rebuild")
    assert after[1:] == [row for row in before if row[0] > lagging]

    # B follows from where it stopped: the changes it needed were all there.
    assert step(host_b) == 4
    assert on(host_b, "beds") == ["Harbor shelter", "Night bus", "Quiet shelter",
                                  "Tool library", "Warm meals"]
    # Every host has applied everything: the old rows go (the newest old one stays, as
    # the marker); the recent change stays, younger than the day the log keeps.
    record(host_b)
    invoke(app, "prune")
    assert log_rows() == [(after[-2][0], "rebuild"), (newest(), "services")]


def test_a_host_that_stopped_long_ago_does_not_hold_pruning_back(app, directory, host_b):
    directory.service("Old listing", "Words")
    directory.commit()
    directory.service("Harbor shelter", "Emergency beds tonight")
    directory.commit()
    step(host_b)
    lagging = newest()
    for name in ("Quiet shelter", "Night bus"):
        directory.service(name, "Beds and more")
        directory.commit()
    age_log(days=3)
    applied_by_a = newest()
    directory.service("Warm meals", "Beds and soup")  # recent: kept whoever applied it
    directory.commit()
    record(app)
    record(host_b)
    invoke(app, "prune")
    assert log_rows()[0] == (lagging, "rebuild")  # B is live: it holds the log there

    # B has not been seen for 8 days (more than NAVIGATOR_REPLICA_STALE_HOURS, 7 days).
    db.session.execute(update(SearchReplica).where(
        SearchReplica.name == replica_name(host_b.config)
    ).values(seen_at=utcnow() - timedelta(days=8)))
    db.session.commit()
    name_b = replica_name(host_b.config)
    assert [line.split()[-1] for line in invoke(host_b, "status").splitlines()
            if line.strip().startswith(name_b)] == ["stale"]
    invoke(app, "prune")
    assert log_rows() == [(applied_by_a, "rebuild"), (newest(), "services")]

    # B comes back: the rows it missed are gone, the marker says so, and it rebuilds.
    assert step(host_b) == 1
    assert on(host_b, "beds") == ["Harbor shelter", "Night bus", "Quiet shelter",
                                  "Warm meals"]
    assert rows()[replica_name(host_b.config)].applied_change == newest()


def test_a_rebuild_after_a_lagging_replica_lets_pruning_pass_it(app, directory, host_b,
                                                                runner):
    """B would rebuild at the import anyway: the rows between its change and the
    import's are of no use to it."""
    from pathlib import Path

    directory.service("Harbor shelter", "Emergency beds tonight")
    directory.commit()
    step(host_b)
    directory.service("Quiet shelter", "Beds for women")
    directory.commit()
    package = Path(__file__).resolve().parent.parent / "directory" / "packages" / "minimal"
    result = runner.invoke(args=["directory", "import", str(package)])
    assert result.exit_code == 0, result.output
    step(app)  # A's follower rebuilds for the import
    rebuild_change = newest()
    age_log(days=3)
    record(app)
    record(host_b)
    invoke(app, "prune")
    assert log_rows() == [(rebuild_change, "rebuild")]
    assert step(host_b) == 1
    assert on(host_b, "") == on(app, "") and on(app, "")


def test_nothing_is_pruned_while_no_host_has_recorded(app, directory):
    directory.service("Harbor shelter", "Emergency beds tonight")
    directory.commit()
    age_log(days=30)
    db.session.execute(delete(SearchReplica))
    db.session.commit()
    before = log_rows()
    assert invoke(app, "prune") == "Removed 0 row(s) of the change log.\n"
    assert log_rows() == before


def test_the_follower_prunes_as_it_starts(app, directory, host_b):
    directory.service("Old listing", "Words")
    directory.commit()
    directory.service("Harbor shelter", "Emergency beds tonight")
    directory.commit()
    age_log(days=3)
    record(app)
    # B's follower builds its index, records it, and prunes (A and B have applied all).
    output = invoke(host_b, "follow", "--for", "1", "--poll", "0.2")
    assert "Traceback" not in output
    assert log_rows() == [(newest(), "rebuild")]
    assert on(host_b, "beds") == ["Harbor shelter"]
