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
