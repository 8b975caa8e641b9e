"""A warning at start-up in production when several workers would each keep their own
rate-limit counters, and gunicorn's settings that tell the workers how many they are."""

from __future__ import annotations

import logging
import os
import runpy
from types import SimpleNamespace

import pytest

from navigator import create_app
from navigator.rate_limits import per_process_problem, worker_count
from tests.paths import ROOT

WARNING = "NAVIGATOR_RATELIMIT_STORAGE is memory://"


def _production(app, monkeypatch, caplog, workers: str | None, **config):
    monkeypatch.setenv("NAVIGATOR_ENV", "production")
    monkeypatch.setenv("NAVIGATOR_SECRET_KEY", "x" * 32)
    if workers is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", workers)
    with caplog.at_level(logging.WARNING):
        create_app({"TESTING": True,
                    "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                    "NAVIGATOR_INDEX_DIR": app.config["NAVIGATOR_INDEX_DIR"], **config})
    return [r.getMessage() for r in caplog.records if WARNING in r.getMessage()]


def test_production_with_two_workers_and_memory_counters_is_warned(app, monkeypatch, caplog):
    [warning] = _production(app, monkeypatch, caplog, "2")
    assert "2 worker processes" in warning and "redis://" in warning


@pytest.mark.parametrize("workers", [None, "1", "two"])
def test_one_worker_is_not_warned(app, monkeypatch, caplog, workers):
    assert _production(app, monkeypatch, caplog, workers) == []


def test_development_and_shared_stores_are_not_warned():
    memory = {"RATELIMIT_STORAGE_URI": "memory://"}
    assert per_process_problem({"NAVIGATOR_ENV": "development", **memory}, 4) is None
    assert per_process_problem({"NAVIGATOR_ENV": "production",
                                "RATELIMIT_STORAGE_URI": "redis://cache:6379"}, 4) is None
    assert per_process_problem({"NAVIGATOR_ENV": "production", **memory}, 4)


def test_gunicorn_settings_tell_the_workers_how_many_they_are(monkeypatch):
    """``navigator.gunicorn_conf``'s hook runs in the master before any worker starts."""
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    settings = runpy.run_path(str(ROOT / "navigator" / "gunicorn_conf.py"))
    settings["on_starting"](SimpleNamespace(cfg=SimpleNamespace(workers=3)))
    assert os.environ["WEB_CONCURRENCY"] == "3" and worker_count() == 3
