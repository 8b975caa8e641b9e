"""A full rebuild raced by commits: the rebuild's snapshot is taken, then edits (and an
import) commit before it writes anything, forced by pausing the rebuild; the new index
has everything. Real databases and a real index on disk."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from navigator.directory.models import Service
from navigator.extensions import db
from navigator.search import SearchQuery, rebuild, search
from navigator.search.searching import _state

pytestmark = pytest.mark.usefixtures("directory")


@pytest.mark.parametrize("with_import", [False, True], ids=["edits", "edits-and-import"])
def test_edits_and_an_import_racing_a_rebuild_are_not_lost(app, directory, monkeypatch,
                                                           runner, with_import):
    """The rebuild's snapshot is taken, then (forced) 10 services are added (and an
    import commits) before it writes anything: the new index has them all. The first
    build is from the snapshot without them; the edits are replayed onto it, an import
    has it built again."""
    package = Path(__file__).resolve().parent.parent / "directory" / "packages" / "minimal"
    for n in range(5):
        directory.service(f"Before {n}", "Existing words")
    directory.commit()
    state = _state()
    monkeypatch.setattr(state, "inline", None)  # the commits only log; the rebuild follows
    snapshot_taken, raced = threading.Event(), threading.Event()
    real_order, paused = state.index.spatial_order, []

    def order_then_wait(session=None):
        found = real_order(session)
        if not paused:
            paused.append(1)
            snapshot_taken.set()
            assert raced.wait(timeout=120)
        return found

    monkeypatch.setattr(state.index, "spatial_order", order_then_wait)
    real_build, built, raced_ids = state.index.build, [], []

    def build_and_record(folder, order, *args):
        built.append(set(order))
        return real_build(folder, order, *args)

    monkeypatch.setattr(state.index, "build", build_and_record)
    errors: list[str] = []

    def race():
        with app.app_context():
            try:
                assert snapshot_taken.wait(timeout=60)
                for n in range(10):
                    raced_ids.append(directory.service(f"Raced {n}", "Racing words").id)
                    db.session.commit()
                if with_import:
                    result = app.test_cli_runner().invoke(args=["directory", "import",
                                                                str(package)])
                    assert result.exit_code == 0, result.output
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(repr(error))
            finally:
                raced.set()

    thread = threading.Thread(target=race)
    thread.start()
    try:
        rebuild()
    finally:
        raced.set()
        thread.join(timeout=120)
    assert errors == []
    assert paused == [1]
    assert len(raced_ids) == 10 and not built[0] & set(raced_ids)  # the race happened
    # Edits are replayed onto the build; an import (a rebuild) has it built again.
    assert len(built) == (2 if with_import else 1)
    assert (set(raced_ids) <= built[-1]) == with_import
    expected = set(db.session.scalars(select(Service.name).where(
        Service.status.not_in(("inactive", "defunct")))))
    assert {f"Raced {n}" for n in range(10)} <= expected
    assert (len(expected) > 15) == with_import  # the import's services too
    found = set(h.name for h in search(SearchQuery(per_page=100), log_search=False).hits)
    assert found == expected
