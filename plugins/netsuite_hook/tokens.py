"""In-process cache of OAuth 2.0 access tokens, shared by every hook of a connection.

Tokens are renewed shortly before they expire; one thread renews while the
others wait, so a burst of parallel requests costs one token request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

RENEW_MARGIN_SECONDS = 120.0
RENEW_MARGIN_FRACTION = 0.1  # for short-lived tokens, renew in the last tenth of their life


@dataclass(frozen=True)
class AccessToken:
    value: str = field(repr=False)
    expires_at: float  # time.monotonic() based
    lifetime: float

    @classmethod
    def issued(cls, value: str, expires_in: float) -> AccessToken:
        return cls(value, time.monotonic() + expires_in, expires_in)

    def is_fresh(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        margin = min(RENEW_MARGIN_SECONDS, self.lifetime * RENEW_MARGIN_FRACTION)
        return now < self.expires_at - margin


class TokenCache:
    def __init__(self) -> None:
        self._tokens: dict[tuple, AccessToken] = {}
        self._locks: dict[tuple, threading.Lock] = {}
        self._rotated: dict[tuple, str] = {}
        self._guard = threading.Lock()

    def _lock_for(self, key: tuple) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def peek(self, key: tuple) -> AccessToken | None:
        return self._tokens.get(key)

    def get(self, key: tuple, fetch: Callable[[], AccessToken]) -> AccessToken:
        token = self._tokens.get(key)
        if token is not None and token.is_fresh():
            return token
        with self._lock_for(key):
            token = self._tokens.get(key)
            if token is None or not token.is_fresh():
                token = fetch()
                self._tokens[key] = token
            return token

    def discard(self, key: tuple, value: str | None = None) -> None:
        """Forget the token for ``key``; with ``value``, only if it is still that token."""
        with self._lock_for(key):
            token = self._tokens.get(key)
            if token is not None and (value is None or token.value == value):
                del self._tokens[key]

    def rotated_refresh_token(self, key: tuple) -> str | None:
        """A refresh token NetSuite issued in place of the stored one, if any."""
        return self._rotated.get(key)

    def remember_refresh_token(self, key: tuple, value: str) -> None:
        self._rotated[key] = value

    def clear(self) -> None:
        with self._guard:
            self._tokens.clear()
            self._rotated.clear()


# One cache per process: every hook for the same connection reuses its tokens.
TOKENS = TokenCache()
