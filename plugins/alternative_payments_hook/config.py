"""What the hook reads from an Airflow connection, and the rule for plain HTTP.

host: base URL (empty: production); login: client id; password: client secret;
extra: settings, plus ``webhook_secret`` for the webhook receiver. Extras are never
sent anywhere (no headers), and the hook never reads ``webhook_secret``: ``webhook_secret()``
is what the receiver compares a delivery's bearer with and what subscriptions are created with.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from alternative_payments_hook.defaults import CONN_TYPE, DEFAULT_RATE_LIMIT, PRODUCTION_URL
from alternative_payments_hook.errors import ConfigurationError, InsecureTransportError

NUMERIC_EXTRAS = {
    "rate_limit_per_second": DEFAULT_RATE_LIMIT,
    "timeout_seconds": 30.0,
    "retry_time_budget_seconds": 120.0,
}


def is_loopback(hostname: str | None) -> bool:
    if not hostname:
        return False
    if hostname.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def check_transport(base_url: str) -> None:
    """https anywhere; plain http only to this machine (127.0.0.0/8, ::1, localhost)."""
    parsed = urlparse(base_url)
    if parsed.scheme == "https":
        return
    if parsed.scheme == "http" and is_loopback(parsed.hostname):
        return
    if parsed.scheme == "http":
        raise InsecureTransportError(
            f"refusing plain http:// to {parsed.hostname}: client credentials and tokens would travel "
            "unencrypted. Use https://, or http:// only for a loopback sandbox (127.0.0.1, localhost, ::1)."
        )
    raise ConfigurationError(f"the base URL must start with https:// (got scheme {parsed.scheme or 'none'!r})")


def base_url_from(host: str | None, schema: str | None = None, port: int | None = None) -> str:
    host = (host or "").strip().rstrip("/")
    if not host:
        return PRODUCTION_URL
    url = host if "://" in host else f"{schema or 'https'}://{host}"
    if port and urlparse(url).port is None:
        url = f"{url}:{port}"
    return url


def _extra_value(extra: dict[str, Any], name: str) -> Any:
    # Older connection forms stored custom fields under a prefixed key.
    return extra.get(name, extra.get(f"extra__{CONN_TYPE}__{name}"))


def _positive(extra: dict[str, Any], name: str, default: float) -> float:
    value = _extra_value(extra, name)
    if value in (None, ""):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = 0.0
    if number <= 0:
        raise ConfigurationError(f"connection extra {name!r} must be a number > 0 (got {value!r})")
    return number


@dataclass(frozen=True)
class ConnectionSettings:
    base_url: str
    client_id: str
    client_secret: str = field(repr=False)
    rate_limit_per_second: float = DEFAULT_RATE_LIMIT
    timeout_seconds: float = 30.0
    retry_time_budget_seconds: float = 120.0

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth/token"

    @classmethod
    def from_connection(cls, conn: Any) -> ConnectionSettings:
        if not conn.login or not conn.password:
            raise ConfigurationError(
                f"connection {conn.conn_id!r} needs the AP client id (login) and client secret (password)"
            )
        base_url = base_url_from(conn.host, conn.schema, conn.port)
        check_transport(base_url)
        extra = conn.extra_dejson or {}
        numbers = {name: _positive(extra, name, default) for name, default in NUMERIC_EXTRAS.items()}
        return cls(base_url=base_url, client_id=conn.login, client_secret=conn.password, **numbers)


def webhook_secret_from(conn: Any) -> str | None:
    """The secret AP sends as the bearer token of this partner's webhook deliveries, or None if unset."""
    value = _extra_value(conn.extra_dejson or {}, "webhook_secret")
    return value if isinstance(value, str) and value else None


def derived_webhook_secret(api_secret: str, partner_id: str) -> str:
    """HMAC-SHA256 of the partner id keyed by the AP API secret, hex: a per-partner secret
    that both the subscriber and the receiver can compute, so it is stored nowhere."""
    return hmac.new(api_secret.encode(), partner_id.encode(), hashlib.sha256).hexdigest()


def webhook_secret(conn: Any, partner_id: str) -> str | None:
    """The bearer of this partner's deliveries: the ``webhook_secret`` extra when set, otherwise
    derived from the connection's API secret (password); None when the connection has neither."""
    explicit = webhook_secret_from(conn)
    if explicit is not None:
        return explicit
    api_secret = conn.password
    return derived_webhook_secret(api_secret, partner_id) if isinstance(api_secret, str) and api_secret else None
