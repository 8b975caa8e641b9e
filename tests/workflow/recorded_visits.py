"""A signed-in client that records where a test went."""

from __future__ import annotations


class Visits:
    """A signed-in client that keeps every path asked for and every redirect's Location."""

    def __init__(self, client, staff):
        self.client, self.staff, self.urls = client, staff, []

    def token(self, path):
        return self.staff.csrf(self.client, path)

    def get(self, path, status=200):
        self.urls.append(path)
        response = self.client.get(path)
        assert response.status_code == status, response.get_data(as_text=True)[:2000]
        return response.get_data(as_text=True)

    def post(self, path, data, status=302, form_page=None):
        data = {"csrf_token": self.token(form_page or path), **data}
        self.urls.append(path)
        response = self.client.post(path, data=data)
        assert response.status_code == status, response.get_data(as_text=True)[:3000]
        if status == 302:
            self.urls.append(response.headers["Location"])
            return response.headers["Location"]
        return response.get_data(as_text=True)
