"""Staff accounts for tests, created as ``flask users create`` would, and signed in through
the real sign-in form."""

from __future__ import annotations

from navigator.extensions import db


class Staff:
    """Staff accounts for tests: ``user(...)`` creates one (as ``flask users create``
    would), ``sign_in(client, email)`` submits the real sign-in form."""

    password = "blue-harbor-lantern-47"

    def __init__(self, app):
        self.app = app

    def user(self, email: str = "navigator@example.org", role: str = "navigator",
             organization_id: str | None = None, password: str | None = None) -> int:
        from navigator.auth.accounts import create_user

        with self.app.app_context():
            user = create_user(email, password or self.password, role, organization_id)
            db.session.commit()
            return user.id

    def client(self):
        return self.app.test_client()

    @staticmethod
    def csrf(client, path: str = "/login") -> str:
        import re

        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]

    def sign_in(self, client, email: str = "navigator@example.org",
                password: str | None = None, **extra):
        return client.post("/login", data={
            "csrf_token": self.csrf(client), "email": email,
            "password": password or self.password, **extra})
