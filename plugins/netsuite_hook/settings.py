"""The NetSuite connection's settings, read once from the Airflow connection.

Secret fields are excluded from the repr, so printing settings never shows them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from netsuite_hook.errors import ConfigurationError
from netsuite_hook.urls import NetSuiteUrls, normalise_base_url, validate_account_id

CLIENT_CREDENTIALS = "oauth2_client_credentials"
AUTHORIZATION_CODE = "oauth2_authorization_code"
TBA = "tba"
AUTH_METHODS = (CLIENT_CREDENTIALS, AUTHORIZATION_CODE, TBA)
AUTH_METHOD_LABELS = {
    CLIENT_CREDENTIALS: "OAuth 2.0 client credentials (machine to machine)",
    AUTHORIZATION_CODE: "OAuth 2.0 authorization code (the Allow screen)",
    TBA: "Token-based authentication (OAuth 1.0a)",
}
DEFAULT_SCOPE = "rest_webservices restlets"
DEFAULT_CONCURRENCY_LIMIT = 5

_T = TypeVar("_T")
_D = TypeVar("_D")

# Which connection fields each auth method needs, by the name shown in messages.
REQUIRED_FIELDS = {
    CLIENT_CREDENTIALS: ("client_id", "certificate_id", "private_key"),
    AUTHORIZATION_CODE: ("client_id", "client_secret", "refresh_token"),
    TBA: ("consumer_key", "consumer_secret", "token_id", "token_secret"),
}


class ConnectionLike(Protocol):
    conn_id: str | None
    host: str | None
    login: str | None
    password: str | None
    port: int | None

    @property
    def extra_dejson(self) -> dict: ...


@dataclass(frozen=True)
class NetSuiteSettings:
    conn_id: str
    account_id: str
    auth_method: str = CLIENT_CREDENTIALS
    base_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    certificate_id: str | None = None
    private_key: str | None = field(default=None, repr=False)
    token_id: str | None = field(default=None, repr=False)
    token_secret: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    redirect_uri: str | None = None
    restlet_script_id: str | None = None
    restlet_deploy_id: str | None = None
    concurrency_limit: int = DEFAULT_CONCURRENCY_LIMIT
    scope: str = DEFAULT_SCOPE
    retry_budget_seconds: float | None = None

    def __post_init__(self) -> None:
        validate_account_id(self.account_id)
        if self.auth_method not in AUTH_METHODS:
            raise ConfigurationError(f"auth_method must be one of {', '.join(AUTH_METHODS)} (got {self.auth_method!r})")
        if self.concurrency_limit < 1:
            raise ConfigurationError("concurrency_limit must be at least 1")

    @property
    def urls(self) -> NetSuiteUrls:
        return NetSuiteUrls.for_account(self.account_id, self.base_url)

    @property
    def consumer_key(self) -> str | None:
        """TBA names the client id the consumer key."""
        return self.client_id

    @property
    def consumer_secret(self) -> str | None:
        return self.client_secret

    def secrets(self) -> list[str]:
        """Every secret value, for redaction."""
        values = [self.client_secret, self.private_key, self.token_secret, self.refresh_token, self.token_id]
        return [v for v in values if v]

    def missing_fields(self) -> list[str]:
        return [name for name in REQUIRED_FIELDS[self.auth_method] if not getattr(self, name)]

    def credential_fingerprint(self) -> str:
        """A digest of the credentials, so cached tokens follow credential changes (never the secret)."""
        material = "\x00".join(
            str(v) for v in (self.auth_method, self.client_id, self.certificate_id, self.refresh_token, self.scope)
        )
        return hashlib.sha256(material.encode()).hexdigest()[:16]

    @classmethod
    def from_connection(cls, conn: ConnectionLike) -> NetSuiteSettings:
        extra = conn.extra_dejson or {}
        account_id = _extra(extra, "account_id")
        if not account_id:
            raise ConfigurationError(f"connection {conn.conn_id!r} has no account_id in its extra")
        return cls(
            conn_id=conn.conn_id or "",
            account_id=account_id,
            auth_method=_extra(extra, "auth_method") or CLIENT_CREDENTIALS,
            base_url=normalise_base_url(conn.host, conn.port) if conn.host else None,
            client_id=conn.login or None,
            client_secret=conn.password or None,
            certificate_id=_extra(extra, "certificate_id"),
            private_key=_extra(extra, "private_key"),
            token_id=_extra(extra, "token_id"),
            token_secret=_extra(extra, "token_secret"),
            refresh_token=_extra(extra, "refresh_token"),
            redirect_uri=_extra(extra, "redirect_uri"),
            restlet_script_id=_extra(extra, "restlet_script_id"),
            restlet_deploy_id=_extra(extra, "restlet_deploy_id"),
            concurrency_limit=_int(extra, "concurrency_limit", DEFAULT_CONCURRENCY_LIMIT),
            scope=_extra(extra, "scope") or DEFAULT_SCOPE,
            retry_budget_seconds=_number(extra, "retry_budget_seconds"),
        )


def _extra(extra: dict[str, Any], key: str) -> str | None:
    # Older connection forms stored fields as extra__<conn_type>__<name>.
    value = extra.get(key, extra.get(f"extra__netsuite__{key}"))
    if value is None or value == "":
        return None
    return str(value).strip()


def _number(extra: dict[str, Any], key: str) -> float | None:
    return _converted(extra, key, float, "a number", None)


def _int(extra: dict[str, Any], key: str, default: int) -> int:
    return _converted(extra, key, int, "a whole number", default)


def _converted(extra: dict[str, Any], key: str, convert: Callable[[str], _T], kind: str, default: _D) -> _T | _D:
    """The extra ``key`` through ``convert``; ``default`` when it is not set, refused when it is not ``kind``."""
    value = _extra(extra, key)
    if value is None:
        return default
    try:
        return convert(value)
    except ValueError:
        raise ConfigurationError(f"{key} must be {kind} (got {value!r})") from None
