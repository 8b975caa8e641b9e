"""The change log: one ``directory_change`` row in the transaction of every change of
the directory, naming the services it touches, announced with NOTIFY on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from navigator.directory.changes import CHANNEL
from navigator.directory.models import (
    DirectoryChange, Location, Phone, Service, ServiceAtLocation,
)
from navigator.extensions import db

MINIMAL = Path(__file__).resolve().parent / "packages" / "minimal"


def changes() -> list[tuple[str, list[str] | None]]:
    return [(kind, json.loads(ids) if ids else None) for kind, ids in db.session.execute(
        select(DirectoryChange.kind, DirectoryChange.service_ids)
        .order_by(DirectoryChange.id))]


def test_every_change_writes_one_row_naming_its_services(directory):
    first = directory.service("Food pantry", "Groceries", at=(35.99, -78.9))
    second = directory.service("Clothes closet", "Coats")
    directory.commit()
    assert changes() == [("services", sorted([first.id, second.id]))]

    first.name = "Food pantry east"
    db.session.commit()
    assert changes()[-1] == ("services", [first.id])

    # A place: the services offered there.
    location = db.session.scalars(select(Location).join(ServiceAtLocation).where(
        ServiceAtLocation.service_id == first.id)).one()
    location.latitude = 36.0
    db.session.commit()
    assert changes()[-1] == ("services", [first.id])

    # What no listing shows is still a change.
    db.session.add(Phone(id=directory.id(), organization_id=first.organization_id,
                         number="919-555-0142"))
    db.session.commit()
    assert changes()[-1] == ("other", None)

    # A taxonomy's names, and SQL written to a directory table: the whole index.
    directory.term("101", "Food")
    db.session.commit()
    assert changes()[-1] == ("rebuild", None)
    db.session.execute(update(Service).values(description="Changed by SQL"))
    db.session.commit()
    assert changes()[-1] == ("rebuild", None)
    assert len(changes()) == 6

    # A rollback logs nothing; a commit that changes nothing of the directory neither.
    second.name = "Never saved"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    db.session.execute(update(Service).where(Service.id == "no-such-id").values(name="x"))
    db.session.commit()
    assert len(changes()) == 6


def test_an_import_is_logged_as_a_rebuild(directory, runner):
    result = runner.invoke(args=["directory", "import", str(MINIMAL)])
    assert result.exit_code == 0, result.output
    assert changes() == [("rebuild", None)]
    ids = db.session.scalars(select(DirectoryChange.id)).all()
    assert ids == sorted(ids)


def test_a_change_is_announced_on_postgresql(directory):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's")
    import psycopg

    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        directory.service("Legal clinic", "Free advice")
        directory.commit()
        change_id = db.session.scalar(select(DirectoryChange.id))
        heard = [n.payload for n in listener.notifies(timeout=5, stop_after=1)]
    assert heard == [str(change_id)]
