"""Exceptions raised by the NetSuite hook, and parsing of NetSuite's error bodies.

Every API error carries what NetSuite said (HTTP status, ``o:errorCode``,
``detail`` and ``o:errorPath``) so a person can act on the message. Messages
never contain secrets: the transport passes them through a redactor first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests


class NetSuiteError(Exception):
    """Base class of every error raised by the hook."""


class ConfigurationError(NetSuiteError, ValueError):
    """The Airflow connection is incomplete or malformed."""


class InsecureTransportRefused(ConfigurationError):
    """A plain-HTTP base URL was given for a host that is not loopback."""


class PaginationLoopError(NetSuiteError):
    """A paginator was handed a page token or key it has already seen."""


class InvalidExternalId(NetSuiteError, ValueError):
    """An external id holds characters NetSuite does not allow."""


class InvalidPdf(NetSuiteError):
    """The RESTlet answered with something that is not an acceptable PDF."""


class NetSuiteConnectionError(NetSuiteError):
    """NetSuite could not be reached (or the connection dropped) within the retry budget."""


class UnreadableAnswer(NetSuiteError):
    """A success status with a body that is not the JSON asked for (an HTML page, a cut-off body)."""


def json_answer(response: requests.Response, redact=lambda text: text) -> dict:
    """The JSON object of a NetSuite answer, or an error that says what came instead."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        return body
    request = response.request
    where = f"{request.method} {urlsplit(request.url).path}" if request is not None and request.url else "a request"
    snippet = redact(" ".join(response.text.split())[:200]) or "an empty body"
    content_type = response.headers.get("Content-Type") or "no content type"
    raise UnreadableAnswer(
        f"NetSuite answered {where} with HTTP {response.status_code} ({content_type}) that is not a JSON object: "
        f"{snippet!r}; a proxy or NetSuite itself cut or replaced the answer, retry the step"
    )


@dataclass(frozen=True)
class ErrorDetail:
    """One entry of NetSuite's ``o:errorDetails``."""

    detail: str | None = None
    code: str | None = None
    path: str | None = None


class NetSuiteApiError(NetSuiteError):
    """NetSuite answered with an error status."""

    def __init__(
        self,
        status: int | None,
        details: list[ErrorDetail] | None = None,
        *,
        title: str | None = None,
        method: str | None = None,
        path: str | None = None,
        attempts: int = 1,
        hint: str | None = None,
    ) -> None:
        self.status = status
        self.details = list(details or [])
        self.title = title
        self.method = method
        self.path = path
        self.attempts = attempts
        self.hint = hint
        super().__init__(self._message())

    @property
    def code(self) -> str | None:
        """The first ``o:errorCode`` (or OAuth ``error``) NetSuite gave."""
        return next((d.code for d in self.details if d.code), None)

    @property
    def detail(self) -> str | None:
        return next((d.detail for d in self.details if d.detail), None) or self.title

    @property
    def error_path(self) -> str | None:
        return next((d.path for d in self.details if d.path), None)

    def brief(self) -> str:
        """What NetSuite said, without our advice: ``HTTP 400 INVALID_CONTENT: detail (o:errorPath: x)``."""
        status = f"HTTP {self.status} " if self.status else ""
        text = f"{status}{self.code or 'error'}: {self.detail or 'no detail given'}"
        return text + (f" (o:errorPath: {self.error_path})" if self.error_path else "")

    def _message(self) -> str:
        where = f" on {self.method} {self.path}" if self.method and self.path else ""
        status = f"HTTP {self.status} " if self.status else ""
        text = f"NetSuite {status}{self.code or 'error'}{where}: {self.detail or 'no detail given'}"
        if self.error_path:
            text += f" (o:errorPath: {self.error_path})"
        if self.attempts > 1:
            text += f" after {self.attempts} attempts"
        if self.hint:
            text += f" {self.hint}" if text.endswith(".") else f". {self.hint}"
        return text


class NetSuiteAuthError(NetSuiteApiError):
    """401, or a token endpoint refusing the credentials."""


class ReconnectRequired(NetSuiteAuthError):
    """The partner's grant expired or was revoked (or never given): they must authorize again."""

    @classmethod
    def not_authorized(cls, hint: str) -> ReconnectRequired:
        return cls(None, [ErrorDetail(detail="the connection holds no refresh token yet")], hint=hint)


class NetSuitePermissionError(NetSuiteApiError):
    """403: the role lacks a permission, or a feature is disabled."""


class NetSuiteNotFound(NetSuiteApiError):
    """404: no record with that id."""


class NetSuiteRateLimited(NetSuiteApiError):
    """429: the account's concurrency limit was exceeded."""


class NetSuiteServerError(NetSuiteApiError):
    """5xx from NetSuite."""


_BY_STATUS: dict[int, type[NetSuiteApiError]] = {
    401: NetSuiteAuthError,
    403: NetSuitePermissionError,
    404: NetSuiteNotFound,
    429: NetSuiteRateLimited,
}


def error_class(status: int) -> type[NetSuiteApiError]:
    if status >= 500:
        return NetSuiteServerError
    return _BY_STATUS.get(status, NetSuiteApiError)


def parse_error_body(text: str) -> tuple[str | None, list[ErrorDetail]]:
    """Read ``(title, details)`` from a NetSuite REST, OAuth or RESTlet error body."""
    try:
        body: Any = json.loads(text) if text else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        snippet = " ".join(text.split())[:300] if text else None
        return None, [ErrorDetail(detail=snippet)] if snippet else []
    if isinstance(body.get("o:errorDetails"), list):
        return body.get("title"), [_detail(item) for item in body["o:errorDetails"] if isinstance(item, dict)]
    if isinstance(body.get("error"), str):
        # OAuth 2.0 token endpoint (RFC 6749 section 5.2).
        return None, [ErrorDetail(detail=body.get("error_description"), code=body["error"])]
    if isinstance(body.get("error"), dict):
        # RESTlet errors: {"error": {"code": ..., "message": ...}}.
        return None, [ErrorDetail(detail=body["error"].get("message"), code=body["error"].get("code"))]
    return body.get("title"), [ErrorDetail(detail=body.get("detail"))] if body.get("detail") else []


def _detail(item: dict) -> ErrorDetail:
    return ErrorDetail(detail=item.get("detail"), code=item.get("o:errorCode"), path=item.get("o:errorPath"))


def error_from_response(
    response: requests.Response, *, attempts: int = 1, redact=lambda text: text, hint: str | None = None
) -> NetSuiteApiError:
    """Build the exception for an error response; ``redact`` scrubs secrets from NetSuite's text."""
    title, details = parse_error_body(response.text)
    details = [ErrorDetail(detail=redact(d.detail) if d.detail else None, code=d.code, path=d.path) for d in details]
    request = response.request
    path = urlsplit(request.url).path if request is not None and request.url else None
    cls = error_class(response.status_code)
    return cls(
        response.status_code,
        details,
        title=redact(title) if title else None,
        method=request.method if request is not None else None,
        path=path,
        attempts=attempts,
        hint=hint,
    )
