"""Small helpers for talking to the reference server in tests."""

from __future__ import annotations

from typing import Any

import requests

from tests.serverfixture import CentralServer

TIMEOUT = 10


def call(
    server: CentralServer, method: str, path: str, token: str | None = None, **kwargs: Any
) -> requests.Response:
    headers = dict(kwargs.pop("headers", {}))
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return requests.request(method, server.url + path, headers=headers, timeout=TIMEOUT, **kwargs)


def problem(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    """Assert `response` is the problem+json `code` with `status`; returns its body."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code, body
    assert body["detail"]
    return body
