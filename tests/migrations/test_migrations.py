"""The Alembic migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from navigator import create_app
from navigator.extensions import db


def _migrate_and_compare(url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade()
        engine = db.engine
        tables = set(inspect(engine).get_table_names())
        assert {"organization", "service", "service_at_location", "location", "address",
                "phone", "schedule", "taxonomy_term", "attribute", "service_capacity",
                "unit", "metadata", "meta_table_description"} <= tables
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        downgrade(revision="base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_migrations_on_an_empty_sqlite_database(tmp_path):
    _migrate_and_compare(f"sqlite:///{tmp_path / 'empty.db'}")


@pytest.mark.postgres
def test_migrations_on_an_empty_postgresql_database(postgres):
    _migrate_and_compare(postgres.create())


def test_sqlite_enforces_foreign_keys(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def _fill_report_moments(url: str) -> None:
    """The migration that keeps the reports' moments on their rows fills them for the
    records already there: a follow-up follows its contact, else its referral's sending,
    else its creation; a connected referral was connected at its move there. It goes
    back down with the records there too."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade(revision="a4d7e9f1b3c5")
        with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO resident (id, name, preferred_contact, language, notes,"
                " created_at) VALUES ('p', 'Generated Person', 'phone', 'en', '',"
                " '2026-03-01 08:00:00')",
                "INSERT INTO encounter (id, resident_id, kind, happened_at, notes,"
                " recorded_at) VALUES ('e', 'p', 'phone_call', '2026-03-02 09:00:00', '',"
                " '2026-03-02 10:00:00')",
                "INSERT INTO referral (id, resident_id, service_id, organization_id,"
                " created_at, status, sent_at, part2) VALUES"
                " ('sent', 'p', 's', 'o', '2026-03-03 08:00:00', 'connected',"
                " '2026-03-03 09:00:00', false),"
                " ('draft', 'p', 's', 'o', '2026-03-04 08:00:00', 'draft', NULL, false)",
                "INSERT INTO referral_event (referral_id, occurred_at, from_status,"
                " to_status, note) VALUES"
                " ('sent', '2026-03-03 09:00:00', 'draft', 'pending', ''),"
                " ('sent', '2026-03-05 09:00:00', 'pending', 'accepted', ''),"
                " ('sent', '2026-03-07 11:30:00', 'accepted', 'connected', '')",
                "INSERT INTO follow_up (id, resident_id, referral_id, encounter_id, due_at,"
                " created_at, notes) VALUES"
                " ('both', 'p', 'sent', 'e', '2026-03-04 09:00:00', '2026-03-03 09:00:00', ''),"
                " ('referral', 'p', 'sent', NULL, '2026-03-05 09:00:00',"
                " '2026-03-03 09:30:00', ''),"
                " ('alone', 'p', NULL, NULL, '2026-03-08 09:00:00', '2026-03-06 12:00:00', '')",
            ):
                connection.exec_driver_sql(statement)
        upgrade()
        with db.engine.connect() as connection:
            follows = dict(connection.exec_driver_sql(
                "SELECT id, follows_since FROM follow_up").all())
            connected = dict(connection.exec_driver_sql(
                "SELECT id, connected_at FROM referral").all())
        # and back, the records kept: on SQLite the referral's table is rebuilt while
        # other rows refer to it (its foreign keys off meanwhile, then checked)
        downgrade(revision="a4d7e9f1b3c5")
        with db.engine.connect() as connection:
            kept = [connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                    for table in ("referral", "follow_up", "referral_event")]
            if connection.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert kept == [2, 3, 3]
        db.engine.dispose()
    moment = {key: str(value)[:19] if value else None for key, value in follows.items()}
    assert moment == {"both": "2026-03-02 09:00:00", "referral": "2026-03-03 09:00:00",
                      "alone": "2026-03-06 12:00:00"}
    assert {key: str(value)[:19] if value else None for key, value in connected.items()} \
        == {"sent": "2026-03-07 11:30:00", "draft": None}


def test_the_report_moments_are_filled_on_sqlite(tmp_path):
    _fill_report_moments(f"sqlite:///{tmp_path / 'kept.db'}")


@pytest.mark.postgres
def test_the_report_moments_are_filled_on_postgresql(postgres):
    _fill_report_moments(postgres.create())
