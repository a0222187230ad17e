"""A bare HTTP client for the sandbox's AP API (no retries, no pacing), for sandbox tests."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import requests


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


class PlainApi:
    def __init__(self, base_url: str, client_id: str, client_secret: str) -> None:
        self.base_url = base_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.session = requests.Session()

    def fetch_token(self, client_secret: str | None = None) -> requests.Response:
        return requests.post(
            f"{self.base_url}/oauth/token",
            auth=(self.client_id, client_secret or self.client_secret),
            data={"grant_type": "client_credentials"},
            timeout=10,
        )

    def login(self) -> PlainApi:
        token = self.fetch_token().json()["access_token"]
        self.session.headers["Authorization"] = f"Bearer {token}"
        return self

    def request(self, method: str, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        if body is not None:
            kwargs["data"] = json.dumps(body, default=_encode)
            kwargs.setdefault("headers", {})["Content-Type"] = "application/json"
        return self.session.request(method, f"{self.base_url}{path}", timeout=10, **kwargs)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any) -> requests.Response:
        return self.request("POST", path, body)

    def patch(self, path: str, body: Any) -> requests.Response:
        return self.request("PATCH", path, body)

    def delete(self, path: str) -> requests.Response:
        return self.request("DELETE", path)

    def ok(self, method: str, path: str, body: Any = None, **params: Any) -> dict[str, Any]:
        """The JSON answer of a request expected to succeed (amounts as Decimal)."""
        response = self.request(method, path, body, params=params or None)
        assert response.status_code < 300, (response.status_code, response.text)
        return response.json(parse_float=Decimal)


def error_of(response: requests.Response) -> dict[str, Any]:
    """AP's error body, checked for its documented shape."""
    body = response.json()
    assert set(body) == {"code", "message", "validation_errors"}, body
    assert isinstance(body["validation_errors"], dict)
    return body
