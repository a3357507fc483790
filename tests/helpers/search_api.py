"""The public search API through Django's test client: a query, or any API path, answered 200 with JSON."""

from __future__ import annotations


def api(client, q: str, **params) -> dict:
    response = client.get("/api/search/", {"q": q, **params})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def api_get(client, path: str = "/api/search/", **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()
