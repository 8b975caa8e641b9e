"""Fixtures of the search tests: a second host on the test database."""

from __future__ import annotations

import pytest

from navigator import create_app
from navigator.extensions import db


@pytest.fixture
def host_b(app, tmp_path):
    """A second host on the same database: its own index folder, no inline follower."""
    other = create_app({
        "TESTING": True, "SECRET_KEY": "test", "NAVIGATOR_PASSWORD_HASH": "fast",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "NAVIGATOR_INDEX_DIR": str(tmp_path / "host-b"),
        "NAVIGATOR_SEARCH_FOLLOW": "follower",
    })
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
