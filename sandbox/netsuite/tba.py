"""Token-based authentication (OAuth 1.0a, HMAC-SHA256) checked with oauthlib's resource endpoint.

oauthlib checks the signature; timestamps (5 minutes either way) and nonces
are checked here against the sandbox clock, and the reason for a refusal is
kept for the login audit trail (InvalidSignature, InvalidTimestamp, UsedNonce...).
"""

from __future__ import annotations

import hmac
import string
import threading
from collections.abc import Callable

from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, RequestValidator, ResourceEndpoint

from sandbox.netsuite.credentials import NetSuiteCredentials

TIMESTAMP_WINDOW = 300
_DUMMY = "0" * 64


class NonceStore:
    """Nonces seen within the timestamp window, per consumer and token."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, str], float] = {}
        self._lock = threading.Lock()

    def first_use(self, key: tuple[str, str, str], timestamp: float, now: float) -> bool:
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen = {k: t for k, t in self._seen.items() if abs(now - t) <= TIMESTAMP_WINDOW}
            if key in self._seen:
                return False
            self._seen[key] = timestamp
            return True


class TbaValidator(RequestValidator):
    allowed_signature_methods = (SIGNATURE_HMAC_SHA256,)
    safe_characters = frozenset(string.ascii_letters + string.digits + "-_")
    client_key_length = (20, 128)
    access_token_length = (20, 128)
    nonce_length = (6, 64)
    timestamp_lifetime = 10**10  # oauthlib's own wall-clock check is switched off; ours uses the sandbox clock
    enforce_ssl = False
    dummy_client = _DUMMY
    dummy_access_token = _DUMMY

    def __init__(self, credentials: NetSuiteCredentials, nonces: NonceStore, now: Callable[[], float]) -> None:
        super().__init__()
        self.credentials = credentials
        self.nonces = nonces
        self.now = now

    def validate_client_key(self, client_key, request):
        return hmac.compare_digest(client_key, self.credentials.consumer_key)

    def validate_access_token(self, client_key, token, request):
        return hmac.compare_digest(token, self.credentials.token_id)

    def get_client_secret(self, client_key, request):
        return self.credentials.consumer_secret if client_key == self.credentials.consumer_key else _DUMMY

    def get_access_token_secret(self, client_key, token, request):
        return self.credentials.token_secret if token == self.credentials.token_id else _DUMMY

    def validate_timestamp_and_nonce(
        self, client_key, timestamp, nonce, request, request_token=None, access_token=None
    ):
        now = self.now()
        if abs(now - int(timestamp)) > TIMESTAMP_WINDOW:
            request.sandbox_reason = "InvalidTimestamp"
            return False
        if not self.nonces.first_use((client_key, access_token or "", nonce), int(timestamp), now):
            request.sandbox_reason = "UsedNonce"
            return False
        return True

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return request.realm == self.credentials.account_id


def verify(validator: TbaValidator, uri: str, method: str, body: bytes, headers: dict[str, str]) -> str | None:
    """None when the request is signed correctly, else the audit-trail reason."""
    endpoint = ResourceEndpoint(validator)
    text = body.decode("utf-8", "replace") if body else ""
    valid, request = endpoint.validate_protected_resource_request(uri, http_method=method, body=text, headers=headers)
    if valid:
        return None
    if request is None:
        return "InvalidRequest"
    if getattr(request, "sandbox_reason", None):
        return request.sandbox_reason
    if request.signature_method and request.signature_method not in validator.allowed_signature_methods:
        return f"UnsupportedSignatureMethod ({request.signature_method}; use HMAC-SHA256)"
    log = request.validator_log
    for key, reason in (
        ("client", "InvalidConsumerKey"),
        ("resource_owner", "InvalidToken"),
        ("realm", "InvalidAccount"),
    ):
        if log.get(key) is False:
            return reason
    if log.get("signature") is False:
        return "InvalidSignature"
    return "InvalidRequest"
