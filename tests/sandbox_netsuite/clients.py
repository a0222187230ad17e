"""Plain HTTP clients for the sandbox tests (requests, PyJWT, oauthlib) -- not the project's hook."""

from __future__ import annotations

import time
from typing import Any

import jwt
import requests

from tests.fixtures.netsuite import RunningNetSuite

TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"
SUITEQL_PATH = "/services/rest/query/v1/suiteql"
RECORD_PATH = "/services/rest/record/v1"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def assertion(running: RunningNetSuite, **overrides: Any) -> str:
    """A client-credentials JWT; ``overrides`` replace claims or (key, kid, alg) for failure cases."""
    credentials = running.sandbox.credentials
    now = int(overrides.pop("now", time.time()))
    claims = {
        "iss": credentials.client_id,
        "scope": ["rest_webservices", "restlets"],
        "aud": running.base_url + TOKEN_PATH,
        "iat": now,
        "exp": now + 300,
    }
    key = overrides.pop("key", credentials.private_key_pem)
    kid = overrides.pop("kid", credentials.certificate_id)
    algorithm = overrides.pop("alg", "PS256")
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


def request_token(running: RunningNetSuite, client_assertion: str) -> requests.Response:
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": JWT_BEARER,
        "client_assertion": client_assertion,
    }
    return requests.post(running.base_url + TOKEN_PATH, data=form, timeout=30)


def access_token(running: RunningNetSuite) -> str:
    response = request_token(running, assertion(running))
    response.raise_for_status()
    return response.json()["access_token"]


def session(running: RunningNetSuite) -> requests.Session:
    """A session authorised with a client-credentials access token."""
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {access_token(running)}"
    return http


def suiteql(
    http: requests.Session,
    running: RunningNetSuite,
    query: str,
    params: list | None = None,
    limit: int | None = None,
    offset: int | None = None,
    prefer: str | None = "transient",
) -> requests.Response:
    paging = {k: v for k, v in (("limit", limit), ("offset", offset)) if v is not None}
    headers = {"Prefer": prefer} if prefer else {}
    body: dict[str, Any] = {"q": query}
    if params is not None:
        body["params"] = params
    return http.post(running.base_url + SUITEQL_PATH, params=paging, json=body, headers=headers, timeout=60)


def rows(
    http: requests.Session, running: RunningNetSuite, query: str, params: list | None = None, **kw: Any
) -> list[dict]:
    response = suiteql(http, running, query, params, **kw)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def error_detail(response: requests.Response) -> dict[str, Any]:
    """The first o:errorDetails entry of a REST error answer."""
    body = response.json()
    assert set(body) >= {"type", "title", "status", "o:errorDetails"}, body
    assert body["status"] == response.status_code
    return body["o:errorDetails"][0]
