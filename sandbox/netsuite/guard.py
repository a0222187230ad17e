"""Who is calling: bearer tokens and TBA signatures on REST and RESTlet requests, feature switches,
and the login audit trail that says why a login failed."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import Request

from sandbox.netsuite.errors import NetSuiteError, RestletError, feature_disabled_detail, invalid_login
from sandbox.netsuite.settings import FEATURES
from sandbox.netsuite.tba import verify
from sandbox.netsuite.tokens import AUTHORIZATION_CODE, CLIENT_CREDENTIALS

if TYPE_CHECKING:
    from sandbox.netsuite.sandbox import NetSuiteSandbox

_GRANT_FEATURES = {CLIENT_CREDENTIALS: "oauth2_client_credentials", AUTHORIZATION_CODE: "oauth2_authorization_code"}


@dataclass(frozen=True)
class Principal:
    method: str  # "oauth2_client_credentials", "oauth2_authorization_code" or "tba"


class LoginAudit:
    """Recent failed logins with NetSuite-style reasons (Setup > Users/Roles > View Login Audit Trail)."""

    def __init__(self, size: int = 500) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._lock = threading.Lock()

    def failure(self, when: str, method: str, reason: str, path: str) -> None:
        with self._lock:
            self._entries.append({"date": when, "method": method, "status": "Failure", "detail": reason, "path": path})

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class _Refused(Exception):
    def __init__(self, method: str, reason: str, feature: str | None = None) -> None:
        super().__init__(reason)
        self.method = method
        self.reason = reason
        self.feature = feature


async def authenticate_rest(sandbox: NetSuiteSandbox, request: Request) -> Principal:
    features = sandbox.settings.runtime.features
    if not features["rest_web_services"]:
        raise NetSuiteError(403, "FEATURE_DISABLED", feature_disabled_detail(FEATURES["rest_web_services"]))
    try:
        return await _authenticate(sandbox, request, scope="rest_webservices")
    except _Refused as refused:
        _audit(sandbox, request, refused)
        if refused.feature:
            raise NetSuiteError(401, "FEATURE_DISABLED", feature_disabled_detail(FEATURES[refused.feature])) from None
        raise invalid_login() from None


async def authenticate_restlet(sandbox: NetSuiteSandbox, request: Request) -> Principal:
    try:
        return await _authenticate(sandbox, request, scope="restlets")
    except _Refused as refused:
        _audit(sandbox, request, refused)
        if refused.feature:
            raise RestletError(401, "FEATURE_DISABLED", feature_disabled_detail(FEATURES[refused.feature])) from None
        raise RestletError(401, "INVALID_LOGIN_ATTEMPT", "Invalid login attempt.") from None


def _audit(sandbox: NetSuiteSandbox, request: Request, refused: _Refused) -> None:
    sandbox.audit.failure(sandbox.clock.now_utc().isoformat(), refused.method, refused.reason, request.url.path)


async def _authenticate(sandbox: NetSuiteSandbox, request: Request, scope: str) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials:
        return _bearer(sandbox, credentials.strip(), scope)
    if scheme.lower() == "oauth":
        return await _tba(sandbox, request)
    raise _Refused("none", "MissingCredentials (no Authorization header with Bearer or OAuth)")


def _bearer(sandbox: NetSuiteSandbox, token: str, scope: str) -> Principal:
    entry = sandbox.tokens.access.get(token)
    if entry is None:
        raise _Refused("OAuth 2.0", "InvalidToken")
    feature = _GRANT_FEATURES[entry.grant]
    if not sandbox.settings.runtime.features[feature]:
        raise _Refused("OAuth 2.0", "FeatureDisabled", feature)
    if entry.expires_at <= sandbox.clock.timestamp():
        raise _Refused("OAuth 2.0", "ExpiredToken")
    if scope not in entry.scopes:
        raise _Refused("OAuth 2.0", f"MissingScope ({scope})")
    return Principal(feature)


async def _tba(sandbox: NetSuiteSandbox, request: Request) -> Principal:
    if not sandbox.settings.runtime.features["tba"]:
        raise _Refused("TBA", "FeatureDisabled", "tba")
    body = await request.body()
    reason = verify(sandbox.tba_validator, str(request.url), request.method, body, dict(request.headers))
    if reason is not None:
        raise _Refused("TBA", reason)
    return Principal("tba")
