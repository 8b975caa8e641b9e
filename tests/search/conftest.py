"""Fixtures of the search tests: an empty directory to fill with fictional listings."""

from __future__ import annotations

import pytest

from tests.search.fictional_directory import Directory


@pytest.fixture
def directory(app_context):
    """An empty directory and an index that matches it.

    ``app_context`` empties the tables after each test with bulk DELETEs, which the
    index does not see: rebuild it so that no listing of an earlier test lingers.
    """
    from navigator.search import rebuild

    rebuild()
    return Directory()
