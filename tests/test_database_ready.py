"""Commands run against a database that was never migrated (or migrated by an older
version) say so and how to fix it, on SQLite and PostgreSQL: no traceback, no
"no such table", nothing written."""

from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect

from navigator import create_app
from navigator.extensions import db
from tests.paths import ROOT

MINIMAL = ROOT / "tests" / "directory" / "packages" / "minimal"
PASSWORD = "blue-harbor-lantern-47"

COMMANDS = {
    "import": (["directory", "import", str(MINIMAL)], None),
    "import --if-empty": (["directory", "import", str(MINIMAL), "--if-empty"], None),
    "import --replace": (["directory", "import", str(MINIMAL), "--replace"], None),
    "export": (["directory", "export", "{tmp}/export"], None),
    "organizations": (["directory", "organizations", "food"], None),
    "users create": (["users", "create", "ada@example.org", "--role", "admin"],
                     f"{PASSWORD}\n{PASSWORD}\n"),
    "users disable": (["users", "disable", "ada@example.org"], None),
    "users set-password": (["users", "set-password", "ada@example.org"],
                           f"{PASSWORD}\n{PASSWORD}\n"),
}


def app_on(url: str, tmp_path):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test",
                       "NAVIGATOR_INDEX_DIR": str(tmp_path / "index"),
                       "NAVIGATOR_PASSWORD_HASH": "fast"})


def run(app, tmp_path, name: str):
    args, typed = COMMANDS[name]
    result = app.test_cli_runner().invoke(args=[a.format(tmp=tmp_path) for a in args],
                                          input=typed)
    return result, result.output


def tables(app) -> set[str]:
    with app.app_context():
        found = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    return found


def assert_told_to_migrate(result, output: str, problem: str) -> None:
    assert result.exit_code == 1, output
    assert isinstance(result.exception, SystemExit), output  # not an uncaught error
    assert problem in output, output
    assert "make migrate (or: flask db upgrade)" in output, output
    assert "Traceback" not in output
    assert "no such table" not in output and "does not exist" not in output, output
    assert "Fix the rows" not in output, output


@pytest.mark.parametrize("name", COMMANDS)
def test_an_unmigrated_sqlite_database(tmp_path, name):
    app = app_on(f"sqlite:///{tmp_path / 'never-migrated.db'}", tmp_path)
    result, output = run(app, tmp_path, name)
    assert_told_to_migrate(result, output, "has no tables yet")
    assert f"sqlite:///{tmp_path / 'never-migrated.db'}" in output  # which database
    assert tables(app) == set()
    assert not (tmp_path / "export").exists()


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["import", "export", "users create"])
def test_an_unmigrated_postgresql_database(postgres, tmp_path, name):
    app = app_on(postgres.create(), tmp_path)
    result, output = run(app, tmp_path, name)
    assert_told_to_migrate(result, output, "has no tables yet")
    assert tables(app) == set()


@pytest.mark.parametrize("name", ["import", "users create"])
def test_a_database_migrated_by_an_older_version(tmp_path, name):
    """Only the first migrations applied (the directory and the search log): the
    database is behind the code, and the message names what it lacks."""
    app = app_on(f"sqlite:///{tmp_path / 'older.db'}", tmp_path)
    with app.app_context():
        upgrade(revision="b1a923a48f57")
        db.engine.dispose()
    result, output = run(app, tmp_path, name)
    assert_told_to_migrate(result, output, "is older than this version of Navigator")
    # The first tables it lacks, by name, and how many more.
    missing = re.search(r"tables missing: ([a-z_, ]+) and (\d+) more", output)
    assert missing, output
    assert {"audit_event", "callback_request"} <= set(missing[1].split(", ")), output


def test_a_database_that_cannot_be_opened(tmp_path):
    app = app_on(f"sqlite:///{tmp_path / 'no-such-folder' / 'navigator.db'}", tmp_path)
    result, output = run(app, tmp_path, "import")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), output
    assert "Cannot open the database" in output and "NAVIGATOR_DATABASE_URL" in output
    assert "Traceback" not in output


def test_a_migrated_database_is_not_refused(runner):
    result = runner.invoke(args=["directory", "import", str(MINIMAL)])
    assert result.exit_code == 0, result.output
    assert "make migrate" not in result.output
