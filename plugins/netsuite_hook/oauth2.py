"""Calls to NetSuite's OAuth 2.0 token endpoint: client credentials, refresh, code exchange.

oauthlib's clients prepare the form bodies and validate token responses. The
HTTP goes through our transport rather than ``OAuth2Session``: that keeps one
retry policy, and oauthlib's https check there can only be relaxed for the
whole process (OAUTHLIB_INSECURE_TRANSPORT), while ours allows plain HTTP for
loopback hosts only (see ``urls.require_secure``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qsl, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from oauthlib.oauth2 import BackendApplicationClient, OAuth2Error, WebApplicationClient

from netsuite_hook.errors import (
    ConfigurationError,
    ErrorDetail,
    NetSuiteApiError,
    NetSuiteAuthError,
    ReconnectRequired,
    error_from_response,
)
from netsuite_hook.pem import normalise_pem
from netsuite_hook.settings import NetSuiteSettings

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME_SECONDS = 300  # the contract allows up to 3600; the assertion is used at once
DEFAULT_TOKEN_LIFETIME_SECONDS = 3600

M2M_HINT = (
    "Check the client id, the certificate id and the private key; in NetSuite enable OAuth 2.0 "
    "(Setup > Company > Enable Features > SuiteCloud > Manage Authentication), tick the integration "
    "record's 'Client Credentials (Machine to Machine) Grant', and map the certificate to an entity and "
    "role (Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup)"
)
AUTH_CODE_HINT = (
    "Check the client id and client secret; in NetSuite enable OAuth 2.0 (Setup > Company > Enable "
    "Features > SuiteCloud > Manage Authentication) and tick the integration record's "
    "'Authorization Code Grant'"
)


def reconnect_hint(conn_id: str) -> str:
    return (
        "The NetSuite authorization expired or was revoked: the partner must reconnect (authorize "
        f"again) with `python -m netsuite_hook.authorize --conn-id {conn_id}`"
    )


@dataclass(frozen=True)
class TokenGrant:
    access_token: str = field(repr=False)
    expires_in: float
    refresh_token: str | None = field(default=None, repr=False)


class TokenEndpoint(Protocol):
    """What these calls need from the transport: a retried form POST and the redactor."""

    def token_post(
        self, url: str, form: Callable[[], dict[str, str]], basic_auth: tuple[str, str] | None
    ) -> requests.Response: ...

    def redact(self, text: str) -> str: ...

    def remember_secret(self, value: str) -> None: ...


def _signing_key(settings: NetSuiteSettings):
    try:
        key = serialization.load_pem_private_key(normalise_pem(settings.private_key or "").encode(), None)
    except (ValueError, TypeError):
        raise ConfigurationError(
            "private_key is not a readable, unencrypted PEM private key (the key itself is not shown)"
        ) from None
    if isinstance(key, rsa.RSAPrivateKey):
        return key, "PS256"
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key, "ES256"
    raise ConfigurationError("private_key must be an RSA (PS256) or EC (ES256) key")


def client_assertion(settings: NetSuiteSettings, token_url: str, now: float | None = None) -> str:
    """The signed JWT NetSuite's client-credentials grant expects (kid = certificate id)."""
    key, algorithm = _signing_key(settings)
    issued = int(time.time() if now is None else now)
    claims = {
        "iss": settings.client_id,
        "scope": settings.scope.replace(",", " ").split(),
        "aud": token_url,
        "iat": issued,
        "exp": issued + ASSERTION_LIFETIME_SECONDS,
    }
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": settings.certificate_id})


def _form(body: str) -> dict[str, str]:
    return dict(parse_qsl(body, keep_blank_values=True))


def client_credentials(endpoint: TokenEndpoint, settings: NetSuiteSettings, token_url: str) -> TokenGrant:
    client = BackendApplicationClient(settings.client_id)

    def form() -> dict[str, str]:
        # A fresh assertion per attempt, so a retried request is never a replay.
        return _form(
            client.prepare_request_body(
                include_client_id=False,
                client_assertion_type=JWT_BEARER,
                client_assertion=client_assertion(settings, token_url),
            )
        )

    response = endpoint.token_post(token_url, form, None)
    return _grant(endpoint, client, response, hint=M2M_HINT, reconnect=False, conn_id=settings.conn_id)


def refresh(endpoint: TokenEndpoint, settings: NetSuiteSettings, token_url: str, refresh_token: str) -> TokenGrant:
    client = WebApplicationClient(settings.client_id)
    body = _form(client.prepare_refresh_body(refresh_token=refresh_token))
    response = endpoint.token_post(token_url, lambda: body, _basic(settings))
    return _grant(endpoint, client, response, hint=AUTH_CODE_HINT, reconnect=True, conn_id=settings.conn_id)


def exchange_code(
    endpoint: TokenEndpoint,
    settings: NetSuiteSettings,
    token_url: str,
    code: str,
    redirect_uri: str,
    code_verifier: str,
) -> TokenGrant:
    client = WebApplicationClient(settings.client_id)
    body = _form(
        client.prepare_request_body(
            code=code, redirect_uri=redirect_uri, code_verifier=code_verifier, include_client_id=False
        )
    )
    response = endpoint.token_post(token_url, lambda: body, _basic(settings))
    return _grant(endpoint, client, response, hint=AUTH_CODE_HINT, reconnect=False, conn_id=settings.conn_id)


def _basic(settings: NetSuiteSettings) -> tuple[str, str]:
    return (settings.client_id or "", settings.client_secret or "")


def _grant(
    endpoint: TokenEndpoint,
    client: WebApplicationClient | BackendApplicationClient,
    response: requests.Response,
    *,
    hint: str,
    reconnect: bool,
    conn_id: str,
) -> TokenGrant:
    if response.status_code >= 400:
        raise _token_error(response, endpoint.redact, hint=hint, reconnect=reconnect, conn_id=conn_id)
    try:
        token = client.parse_request_body_response(response.text)
    except (OAuth2Error, ValueError) as exc:
        reason = getattr(exc, "error", None) or type(exc).__name__
        raise NetSuiteAuthError(
            response.status_code,
            [ErrorDetail(detail=f"unusable token response ({reason})")],
            method="POST",
            path=urlsplit(response.url).path,
            hint=hint,
        ) from None
    # Secret from here on: kept out of exceptions and task logs before anything else sees it.
    for secret in (token["access_token"], token.get("refresh_token")):
        if secret:
            endpoint.remember_secret(secret)
    expires_in = float(token.get("expires_in") or DEFAULT_TOKEN_LIFETIME_SECONDS)
    return TokenGrant(token["access_token"], expires_in, token.get("refresh_token"))


def _token_error(
    response: requests.Response, redact: Callable[[str], str], *, hint: str, reconnect: bool, conn_id: str
) -> NetSuiteApiError:
    error = error_from_response(response, redact=redact, hint=hint)
    if reconnect and error.code == "invalid_grant":
        return ReconnectRequired(
            error.status,
            error.details,
            title=error.title,
            method=error.method,
            path=error.path,
            hint=reconnect_hint(conn_id),
        )
    if error.status in (400, 401) and not isinstance(error, NetSuiteAuthError):
        return NetSuiteAuthError(
            error.status, error.details, title=error.title, method=error.method, path=error.path, hint=hint
        )
    return error
