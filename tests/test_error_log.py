"""A write that fails leaves nothing of what the person sent in the error log: not the
bound parameters (``hide_parameters``), not PostgreSQL's "Failing row contains (...)"."""

from __future__ import annotations

import logging
import re
import secrets
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import IntegrityError, PendingRollbackError

from navigator.error_log import summary
from navigator.extensions import db, limiter
from navigator.workflow.models import CallbackRequest

PREFIX = "Refused-"


@contextmanager
def refusing_callbacks(app):
    """The database refuses any callback request from a person named ``Refused-...``:
    a check constraint on PostgreSQL (whose message then holds the whole row), a trigger
    on SQLite."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        add = (f"ALTER TABLE callback_request ADD CONSTRAINT test_refused "
               f"CHECK (name NOT LIKE '{PREFIX}%')")
        undo = "ALTER TABLE callback_request DROP CONSTRAINT test_refused"
    else:
        add = (f"CREATE TRIGGER test_refused BEFORE INSERT ON callback_request "
               f"WHEN NEW.name LIKE '{PREFIX}%' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        undo = "DROP TRIGGER test_refused"
    _schema(url, add)
    try:
        yield
    finally:
        _schema(url, undo)
        with app.app_context():
            db.session.query(CallbackRequest).delete()
            db.session.commit()


def _schema(url, statement: str) -> None:
    """A schema change on a connection of its own: a pooled SQLite connection that has
    not read the schema since the last change takes a new trigger for one that exists."""
    engine = create_engine(url, hide_parameters=True)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


def person() -> tuple[str, str]:
    """A name and a phone number no page or log holds by chance."""
    digits = f"{secrets.randbelow(10_000):04d}"
    return f"{PREFIX}{secrets.token_hex(4)}", f"919-555-{digits}"


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                     client.get(path).get_data(as_text=True))[1]


def send_callback(client, name: str, phone: str):
    return client.post("/callback", data={
        "csrf_token": csrf(client, "/callback"), "name": name, "phone": phone,
        "language": "en", "best_time": "any", "need": f"Call {name} at {phone}",
        "consent": "y"})


@pytest.fixture
def sql_logged(caplog):
    """The error log, with SQLAlchemy's statement log switched on as well."""
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    caplog.set_level(logging.INFO, logger="navigator")
    return caplog


def test_a_failed_write_logs_no_resident_data(app, sql_logged):
    limiter.reset()
    name, phone = person()
    with refusing_callbacks(app):
        response = send_callback(app.test_client(), name, phone)
    assert response.status_code == 500
    assert 'href="tel:988"' in response.get_data(as_text=True)  # the crisis lines
    log = sql_logged.text
    # The failure was logged, and where: the statement and what refused it.
    assert "unhandled error on /callback" in log and "IntegrityError" in log
    assert "INSERT INTO callback_request" in log
    assert "test_refused" in log or "SQLITE_CONSTRAINT_TRIGGER" in log
    for secret in (name, phone, phone.replace("-", "")):
        assert secret not in log


def test_the_summary_keeps_names_and_drops_values(app):
    """The stand-in's words for the two errors that held the row: the violation itself
    and the PendingRollbackError of the next use of the session."""
    name, phone = person()
    with refusing_callbacks(app), app.app_context():
        db.session.add(CallbackRequest(name=name, phone=phone, language="en",
                                       best_time="any", need=name, consent=True))
        with pytest.raises(IntegrityError) as failed:
            db.session.flush()
        with pytest.raises(PendingRollbackError) as pending:
            db.session.execute(text("SELECT 1"))
        db.session.rollback()
        postgres = db.engine.dialect.name == "postgresql"
    for error in (failed.value, pending.value):
        words = summary(error)
        assert name not in words and phone not in words, words
    assert summary(failed.value).startswith("IntegrityError (")
    assert summary(pending.value).startswith("PendingRollbackError This Session's")
    if postgres:  # what the summary is there for
        assert name in str(failed.value) and name in str(pending.value)


def test_engine_options_given_in_code_still_hide_parameters(app):
    from navigator import create_app

    other = create_app({"TESTING": True,
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False}})
    for each in (app, other):
        with each.app_context():
            assert db.engine.hide_parameters
