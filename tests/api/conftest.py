"""Fixtures of the HSDS API tests: a generated larger directory, and clients without a
rate limit (the Durham directory is tests/conftest.py's ``durham``)."""

from __future__ import annotations

import pytest

from tests.bench_modules import load_bench_module
from tests.database_state import empty_database_and_index, import_directory


@pytest.fixture(scope="module")
def generated(app, tmp_path_factory):
    """A generated directory (bench/synthetic_hsds.py, 400 services, every status),
    imported for a test module and removed afterwards."""
    package = tmp_path_factory.mktemp("synthetic")
    load_bench_module("synthetic_hsds").write_package(package, services=400, seed=7)
    import_directory(app, package)
    try:
        yield app
    finally:
        with app.app_context():
            empty_database_and_index()


@pytest.fixture(autouse=True)
def unlimited(app):
    """The API's rate limit off (tests make many requests a minute), except where a test
    sets one; counters reset."""
    from navigator.extensions import limiter

    before = app.config["NAVIGATOR_API_RATE_LIMIT"]
    app.config["NAVIGATOR_API_RATE_LIMIT"] = "off"
    limiter.reset()
    yield
    app.config["NAVIGATOR_API_RATE_LIMIT"] = before
    limiter.reset()
