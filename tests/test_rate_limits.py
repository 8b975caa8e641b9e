"""A warning at start-up in production when several workers or hosts would each keep their
own rate-limit counters, a shared store's client required, and gunicorn's settings that
tell the workers how many they are."""

from __future__ import annotations

import importlib.util
import logging
import os
import runpy
from types import SimpleNamespace

import pytest

from navigator import create_app
from navigator.config import ConfigError
from navigator.rate_limits import missing_client, per_process_problem, worker_count
from tests.paths import ROOT

WARNING = "NAVIGATOR_RATELIMIT_STORAGE is memory://"


def _production(app, monkeypatch, caplog, workers: str | None, database: str | None = None,
                **config):
    monkeypatch.setenv("NAVIGATOR_ENV", "production")
    monkeypatch.setenv("NAVIGATOR_SECRET_KEY", "x" * 32)
    if workers is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", workers)
    with caplog.at_level(logging.WARNING):
        create_app({"TESTING": True,
                    "SQLALCHEMY_DATABASE_URI": database or app.config["SQLALCHEMY_DATABASE_URI"],
                    "NAVIGATOR_INDEX_DIR": app.config["NAVIGATOR_INDEX_DIR"], **config})
    return [r.getMessage() for r in caplog.records if WARNING in r.getMessage()]


def test_production_with_two_workers_and_memory_counters_is_warned(app, monkeypatch, caplog):
    [warning] = _production(app, monkeypatch, caplog, "2")
    assert "2 worker processes" in warning and "redis://" in warning


@pytest.mark.parametrize("workers", [None, "1", "two"])
def test_one_worker_on_sqlite_is_not_warned(app, monkeypatch, caplog, workers, tmp_path):
    sqlite = f"sqlite:///{tmp_path / 'one-host.db'}"
    assert _production(app, monkeypatch, caplog, workers, sqlite) == []


@pytest.mark.postgres
def test_one_worker_on_postgresql_is_warned_of_several_hosts(app, monkeypatch, caplog,
                                                               postgres):
    [warning] = _production(app, monkeypatch, caplog, "1", postgres.create())
    assert "PostgreSQL" in warning and "hosts" in warning and "redis://" in warning


def test_a_shared_store_is_not_warned(app, monkeypatch, caplog, tmp_path):
    if importlib.util.find_spec("redis") is None:
        pytest.skip("the redis client is not installed")
    # Flask-Limiter connects at the first limited request, not at start-up.
    assert _production(app, monkeypatch, caplog, "4",
                       RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379") == []


@pytest.mark.parametrize("url, client", [("redis://127.0.0.1:6379", "redis"),
                                         ("rediss://cache.example:6380/1", "redis"),
                                         ("valkey://127.0.0.1:6379", "valkey")])
def test_a_shared_store_needs_its_client(app, monkeypatch, url, client):
    """Without the client library the app does not start, and says what to install."""
    config = {"RATELIMIT_STORAGE_URI": url}
    if importlib.util.find_spec(client) is not None:
        assert missing_client(config) is None
        return
    assert f"pip install -e '.[{client}]'" in missing_client(config)
    with pytest.raises(ConfigError, match="NAVIGATOR_RATELIMIT_STORAGE"):
        create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                    **config})


def test_memory_and_unknown_schemes_need_no_client():
    assert missing_client({"RATELIMIT_STORAGE_URI": "memory://"}) is None
    assert missing_client({}) is None


def test_development_and_shared_stores_are_not_warned():
    memory = {"RATELIMIT_STORAGE_URI": "memory://"}
    assert per_process_problem({"NAVIGATOR_ENV": "development", **memory}, 4) is None
    assert per_process_problem({"NAVIGATOR_ENV": "production",
                                "RATELIMIT_STORAGE_URI": "redis://cache:6379"}, 4) is None
    assert per_process_problem({"NAVIGATOR_ENV": "production", **memory}, 4)
    postgres = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db.example/navigator"}
    assert "PostgreSQL" in per_process_problem({"NAVIGATOR_ENV": "production", **memory,
                                                **postgres}, 1)
    assert per_process_problem({"NAVIGATOR_ENV": "development", **memory, **postgres}, 1) \
        is None


def test_gunicorn_settings_tell_the_workers_how_many_they_are(monkeypatch):
    """``navigator.gunicorn_conf``'s hook runs in the master before any worker starts."""
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    settings = runpy.run_path(str(ROOT / "navigator" / "gunicorn_conf.py"))
    settings["on_starting"](SimpleNamespace(cfg=SimpleNamespace(workers=3)))
    assert os.environ["WEB_CONCURRENCY"] == "3" and worker_count() == 3
