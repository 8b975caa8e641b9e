"""Fixtures of the workflow tests: a tiny directory with a navigator and a resident."""

from __future__ import annotations

import pytest

from navigator.extensions import db
from navigator.workflow import services
from tests.workflow.directory_factory import make_directory


@pytest.fixture
def world(app_context):
    """A directory, a navigator account and a resident, in the test's app context."""
    from navigator.auth.accounts import create_user

    made = make_directory()
    user = create_user("nav@example.org", "blue-harbor-lantern-47", "navigator")
    resident = services.create_resident(user=user, name="Sam Rivera", phone="919-555-0101",
                                        language="en")
    db.session.commit()
    return {"user": user, "resident": resident, **made}
