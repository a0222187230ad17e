"""Change what the hooks receive, at the HTTP layer: every ``requests`` session
in this process passes its answers through ``Wire`` rules first.

A rule matches a request (method, URL, JSON body) and rewrites the answer: its
JSON, its status, or its raw bytes (an HTML error page, a cut-off body). The
sandboxes stay as they are; only the answer in flight changes, as a broken
proxy or a misbehaving API would change it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

Match = Callable[[requests.PreparedRequest], bool]


@dataclass
class Rule:
    match: Match
    rewrite: Callable[[requests.PreparedRequest, requests.Response], requests.Response]
    times: int | None = None  # None: every matching answer
    used: int = 0


@dataclass
class SentRequest:
    method: str
    url: str
    body: bytes | None


@dataclass
class Wire:
    rules: list[Rule] = field(default_factory=list)
    sent: list[SentRequest] = field(default_factory=list)

    def install(self, monkeypatch) -> Wire:
        original = requests.Session.send
        wire = self

        def send(session, request, **kwargs):
            body = request.body.encode() if isinstance(request.body, str) else request.body
            wire.sent.append(SentRequest(request.method, request.url, body))
            response = original(session, request, **kwargs)
            for rule in wire.rules:
                if (rule.times is None or rule.used < rule.times) and rule.match(request):
                    rule.used += 1
                    response = rule.rewrite(request, response)
            return response

        monkeypatch.setattr(requests.Session, "send", send)
        return self

    def on(self, match: Match, rewrite, times: int | None = None) -> Rule:
        rule = Rule(match, rewrite, times)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()

    def suiteql(self) -> list[dict]:
        """Every SuiteQL request sent: ``{"q": ..., "params": [...]}``."""
        return [json.loads(r.body) for r in self.sent if r.body and "/query/v1/suiteql" in r.url]


# --- matching -------------------------------------------------------------------------------------


def suiteql_from(table_clause: str) -> Match:
    """SuiteQL requests whose statement reads ``table_clause`` (e.g. "FROM customer c")."""

    def match(request: requests.PreparedRequest) -> bool:
        if "/query/v1/suiteql" not in (request.url or "") or not request.body:
            return False
        return table_clause in json.loads(request.body).get("q", "")

    return match


def api_path(method: str, path_suffix: str) -> Match:
    """Requests to an API path ending in ``path_suffix`` (query string ignored)."""

    def match(request: requests.PreparedRequest) -> bool:
        return request.method == method and urlsplit(request.url).path.endswith(path_suffix)

    return match


def restlet(request: requests.PreparedRequest) -> bool:
    return "/app/site/hosting/restlet.nl" in (request.url or "") and "action=ping" not in (request.url or "")


# --- rewriting ------------------------------------------------------------------------------------


def with_body(response: requests.Response, body: bytes, status: int | None = None, content_type: str | None = None):
    response._content = body
    response.headers["Content-Length"] = str(len(body))
    if content_type:
        response.headers["Content-Type"] = content_type
    if status is not None:
        response.status_code = status
    return response


def json_items(change: Callable[[list[dict]], list[dict]], key: str = "items"):
    """Rewrite the record list of a SuiteQL (``items``) or AP list (``data``) answer."""

    def rewrite(_request, response: requests.Response) -> requests.Response:
        if response.status_code != 200:
            return response
        body: dict[str, Any] = response.json()
        if isinstance(body.get(key), list):
            body[key] = change([dict(item) for item in body[key]])
            body["count"] = len(body[key]) if "count" in body else body.get("count")
        return with_body(response, json.dumps(body).encode())

    return rewrite


def set_fields(record_id: str, id_key: str = "id", **changes: Any):
    """An ``json_items`` change: the record with that id gets these values (None removes the key)."""

    def change(items: list[dict]) -> list[dict]:
        for item in items:
            if str(item.get(id_key)) == str(record_id):
                for name, value in changes.items():
                    if value is None:
                        item.pop(name, None)
                    else:
                        item[name] = value
        return items

    return change


def raw(body: bytes, status: int = 200, content_type: str = "text/html"):
    def rewrite(_request, response: requests.Response) -> requests.Response:
        return with_body(response, body, status, content_type)

    return rewrite


HTML_ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>"
)
