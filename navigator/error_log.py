"""What the error log may say about a failed database statement: where and why it failed,
never the values it carried (a resident's name, phone, notes).

Engines are made with ``hide_parameters`` (``config``), so SQLAlchemy no longer prints the
bound parameters; but the database's own message can still hold them. PostgreSQL's DETAIL
line of a check or not-null violation is the whole row ("Failing row contains (Sam,
919-555-0142, ...)"), a unique violation's names the key's value, a data error quotes the
value it could not read, and a ``PendingRollbackError`` repeats the message of the error
before it. A database error is therefore logged through a stand-in with the same traceback
whose message keeps only the error's class, SQLSTATE, the names of the constraint, table
and column, and the statement with its placeholders.
"""

from __future__ import annotations

from sqlalchemy.exc import DataError, DBAPIError, SQLAlchemyError, StatementError


class DatabaseError(Exception):
    """Stands in the log for a database error: its account without the values."""


def loggable(error: BaseException):
    """What to pass as ``exc_info`` to log ``error``: itself, or for a database error a
    stand-in with its traceback and without its values (nor the errors chained to it)."""
    if not isinstance(error, SQLAlchemyError):
        return error
    return DatabaseError, DatabaseError(summary(error)), error.__traceback__


def summary(error: SQLAlchemyError) -> str:
    """``error`` in one paragraph, without the data it carried."""
    parts = [type(error).__name__]
    if isinstance(error, StatementError):
        orig = error.orig
        if orig is not None:
            parts.append(f"({type(orig).__module__}.{type(orig).__name__})")
            parts += _structure(orig)
            if isinstance(error, DBAPIError) and not isinstance(error, DataError):
                reason = _reason(orig)
                if reason:
                    parts.append(reason)
        if error.statement:
            parts.append(f"[SQL: {error.statement}]")
    else:
        # An ORM or pool error: its own words, up to where it repeats an earlier error's.
        words = str(error).split("Original exception was")[0].split("(Background on")[0]
        parts.append(words.strip())
    return " ".join(part for part in parts if part)


def _structure(orig: BaseException) -> list[str]:
    """Where the database says the error is: names, never values."""
    diag = getattr(orig, "diag", None)  # psycopg
    if diag is None:
        code = getattr(orig, "sqlite_errorname", None)
        return [code] if code else []
    return [f"{name}={value}" for name in ("sqlstate", "table_name", "column_name",
                                            "constraint_name")
            if (value := getattr(diag, name, None))]


def _reason(orig: BaseException) -> str:
    """The database's primary message (PostgreSQL's, without its DETAIL line), or the
    first line of the driver's. Not for data errors, which quote the value."""
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or str(orig)
    return text.strip().splitlines()[0] if text.strip() else ""
