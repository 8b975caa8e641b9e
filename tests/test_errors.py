"""Error pages never depend on the database: the crisis lines and the security headers
reach a signed-in person even when their request's transaction failed."""

from __future__ import annotations

from navigator import create_app
from navigator.extensions import db
from navigator.security import CONTENT_SECURITY_POLICY
from navigator.workflow.models import CallbackRequest


def test_the_error_page_of_a_failed_transaction_works_for_signed_in_staff(app, staff):
    """A write fails where nothing rolls back (here a page that flushes a callback request
    without a name), leaving the session refusing every query (PendingRollbackError),
    and the staff member's user not loaded yet: the error page rolls back first, then
    shows the crisis lines, the staff navigation and the security headers."""
    other = create_app({"TESTING": True, "SECRET_KEY": "test",
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        "NAVIGATOR_INDEX_DIR": app.config["NAVIGATOR_INDEX_DIR"]})

    def failed_write():
        db.session.add(CallbackRequest(name=None, language="en", best_time="any",
                                       need="", consent=True))
        db.session.flush()

    other.add_url_rule("/failed-write", view_func=failed_write)
    staff.user("errors@example.org")
    client = other.test_client()
    assert staff.sign_in(client, "errors@example.org").status_code == 302
    response = client.get("/failed-write")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert 'href="tel:988"' in page and "Something went wrong" in page
    assert "Signed in as errors@example.org" in page
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["Cache-Control"] == "no-store"
