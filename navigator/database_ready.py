"""Whether the database has the tables this version of Navigator needs.

Commands check before they start: one run before ``make migrate`` then says so, instead
of failing halfway with SQLite's "no such table" or PostgreSQL's 'relation "x" does not
exist'. The check reads the database's catalogue; it never parses an error message.
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

import click
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from navigator.extensions import db

MIGRATE = "make migrate (or: flask db upgrade)"

Command = TypeVar("Command", bound=Callable)


def missing_tables() -> list[str]:
    """The tables of the models that the database lacks, sorted by name."""
    present = set(inspect(db.engine).get_table_names())
    return sorted(set(db.metadata.tables) - present)


def database_problem() -> str | None:
    """Why commands cannot use the database yet, or None when they can."""
    where = db.engine.url.render_as_string(hide_password=True)
    try:
        missing = missing_tables()
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return (f"Cannot open the database {where}: {reason}\n"
                "Check NAVIGATOR_DATABASE_URL and that the database server is running.")
    if not missing:
        return None
    if len(missing) == len(db.metadata.tables):
        return (f"The database {where} has no tables yet.\n"
                f"Create them with: {MIGRATE}\nthen run this command again.")
    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                      else "")
    return (f"The database {where} is older than this version of Navigator "
            f"(tables missing: {shown}).\nBring it up to date with: {MIGRATE}\n"
            "then run this command again.")


def requires_migrated_database(command: Command) -> Command:
    """Stop a command (inside its app context) with a plain message when the database
    lacks tables; exit code 1, no traceback."""

    @functools.wraps(command)
    def checked(*args, **kwargs):
        problem = database_problem()
        if problem:
            raise click.ClickException(problem)
        return command(*args, **kwargs)

    return checked  # type: ignore[return-value]
