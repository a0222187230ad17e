"""OAuth 2.0 client credentials: Basic-authenticated token requests, opaque bearer tokens."""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import threading
from datetime import datetime, timedelta

from sandbox.alternative_payments.clock import MovableClock
from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.settings import AlternativePaymentsSettings


def basic_client_id(header: str | None) -> tuple[str, str] | None:
    """``Authorization: Basic ...`` -> (client_id, client_secret), or None."""
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def bearer_token(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


class TokenIssuer:
    """Issues tokens to the one key pair of this account and checks them on every call."""

    def __init__(self, settings: AlternativePaymentsSettings, clock: MovableClock) -> None:
        self.settings = settings
        self.clock = clock
        self._tokens: dict[str, tuple[str, datetime]] = {}
        self._lock = threading.Lock()

    def issue(self, authorization: str | None, grant_type: str | None) -> dict:
        credentials = basic_client_id(authorization)
        if credentials is None:
            raise ApiError(401, "unauthorized", "client credentials must be sent with HTTP Basic authentication")
        if grant_type != "client_credentials":
            raise ApiError.bad_request({"grant_type": "must be client_credentials"})
        client_id, secret = credentials
        valid_id = hmac.compare_digest(client_id.encode(), self.settings.client_id.encode())
        valid_secret = hmac.compare_digest(secret.encode(), self.settings.client_secret.encode())
        if not (valid_id and valid_secret):
            raise ApiError(403, "forbidden", "invalid client credentials")
        token = secrets.token_urlsafe(32)
        ttl = self.settings.token_ttl_seconds
        with self._lock:
            self._forget_expired()
            self._tokens[token] = (client_id, self.clock.now() + timedelta(seconds=ttl))
        return {"access_token": token, "expires_in": ttl, "token_type": "bearer"}

    def owner(self, token: str | None) -> str | None:
        """The client id a token was issued to, expired or not (for per-key accounting)."""
        entry = self._tokens.get(token or "")
        return entry[0] if entry else None

    def verify(self, authorization: str | None) -> str:
        token = bearer_token(authorization)
        if token is None:
            raise ApiError(401, "unauthorized", "a bearer token is required")
        entry = self._tokens.get(token)
        if entry is None:
            raise ApiError(401, "unauthorized", "unknown access token")
        client_id, expires_at = entry
        if self.clock.now() >= expires_at:
            raise ApiError(401, "token_expired", "the access token has expired; fetch a new one")
        return client_id

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()

    def _forget_expired(self) -> None:
        # Keep a day of expired tokens so that their use still reads as "expired", not "unknown".
        horizon = self.clock.now() - timedelta(days=1)
        for token in [t for t, (_, expires) in self._tokens.items() if expires < horizon]:
            del self._tokens[token]
