"""The rights of the PostgreSQL role Navigator runs as, when another role owns its tables.

A table's owner keeps every right on it whatever is revoked, and may drop the audit
log's triggers. So in production one role owns the tables and runs the migrations
(``NAVIGATOR_MIGRATION_DATABASE_URL``), and the application runs as another
(``NAVIGATOR_DATABASE_URL``) that owns nothing. After each upgrade the owner gives that
role exactly what the application uses: SELECT, INSERT, UPDATE and DELETE on Navigator's
tables, only SELECT and INSERT on the append-only ones, SELECT on ``alembic_version``,
USAGE on the tables' sequences. Nothing else: no TRUNCATE, no REFERENCES, no TRIGGER.
"""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import Connection, Integer, inspect, make_url, text

from navigator.audit import AuditEvent
from navigator.extensions import db

log = logging.getLogger(__name__)

#: Tables whose rows are never changed or deleted once written.
APPEND_ONLY = frozenset({AuditEvent.__tablename__})
READ_AND_WRITE = "SELECT, INSERT, UPDATE, DELETE"
APPEND = "SELECT, INSERT"


def application_role(app: Flask, connection: Connection) -> str | None:
    """The role to give rights to: ``NAVIGATOR_DATABASE_URL``'s user when the migrations
    connect as another role (the owner); None when there is nothing to give."""
    if connection.dialect.name != "postgresql" \
            or not app.config.get("NAVIGATOR_MIGRATION_DATABASE_URL"):
        return None
    role = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).username
    if role is None:
        log.warning("NAVIGATOR_DATABASE_URL names no user: no rights were given to the "
                    "application's role; name it in the URL")
        return None
    owner = connection.scalar(text("SELECT current_user"))
    return role if role != owner else None


def grant_application_rights(connection: Connection, role: str) -> None:
    """Give ``role`` exactly the rights the application uses on the tables present (in
    the migration's transaction: every upgrade again, new tables included)."""
    quote = connection.dialect.identifier_preparer.quote
    grantee = quote(role)
    schema = connection.scalar(text("SELECT current_schema()"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {grantee}"))
    present = set(inspect(connection).get_table_names())
    for table in db.metadata.sorted_tables:
        if table.name not in present:  # an older revision than the models'
            continue
        rights = APPEND if table.name in APPEND_ONLY else READ_AND_WRITE
        # Revoked first: rights given by hand before (ALL, TRUNCATE...) go too.
        connection.execute(text(f"REVOKE ALL ON TABLE {quote(table.name)} FROM {grantee}"))
        connection.execute(text(f"GRANT {rights} ON TABLE {quote(table.name)} TO {grantee}"))
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer):
                sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                             {"t": quote(table.name), "c": column.name})
                if sequence:  # already quoted and qualified
                    connection.execute(text(f"REVOKE ALL ON SEQUENCE {sequence} "
                                            f"FROM {grantee}"))
                    connection.execute(text(f"GRANT USAGE ON SEQUENCE {sequence} "
                                            f"TO {grantee}"))
    if "alembic_version" in present:
        connection.execute(text(f"REVOKE ALL ON TABLE alembic_version FROM {grantee}"))
        connection.execute(text(f"GRANT SELECT ON TABLE alembic_version TO {grantee}"))
    log.info("rights given to the application's role %s", role)


def after_migrations(app: Flask, connection: Connection) -> None:
    """What a migration run ends with (``migrations/env.py``)."""
    role = application_role(app, connection)
    if role is not None:
        grant_application_rights(connection, role)
