"""Reading the API through a test client: one JSON answer, or every page of a list."""

from __future__ import annotations


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:500])
    assert response.is_json, (url, response.content_type)
    return response.get_json()


def pages(client, url: str, per_page: int):
    """Every page of a list, following page numbers until the last one."""
    number = 1
    separator = "&" if "?" in url else "?"
    while True:
        body = get_json(client, f"{url}{separator}page={number}&per_page={per_page}")
        yield body
        if body["last_page"]:
            return
        number += 1
        assert number <= body["total_pages"]
