"""OAuth 2.0 state: authorization codes, access and refresh tokens, pending consents.

Lifetimes run on the sandbox clock: access tokens 60 minutes, refresh tokens
7 days, authorization codes 10 minutes.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

ACCESS_LIFETIME = 3600
REFRESH_LIFETIME = 7 * 24 * 3600
CODE_LIFETIME = 600
CLIENT_CREDENTIALS, AUTHORIZATION_CODE = "client_credentials", "authorization_code"


@dataclass
class AccessToken:
    grant: str
    scopes: frozenset[str]
    expires_at: float


@dataclass
class RefreshToken:
    scopes: frozenset[str]
    expires_at: float
    revoked: bool = False


@dataclass
class AuthorizationCode:
    redirect_uri: str
    challenge: str
    scopes: frozenset[str]
    expires_at: float
    used: bool = False


@dataclass
class ConsentRequest:
    redirect_uri: str
    state: str
    challenge: str
    scopes: frozenset[str]


@dataclass
class TokenStore:
    access: dict[str, AccessToken] = field(default_factory=dict)
    refresh: dict[str, RefreshToken] = field(default_factory=dict)
    codes: dict[str, AuthorizationCode] = field(default_factory=dict)
    consents: dict[str, ConsentRequest] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue_access(self, grant: str, scopes: frozenset[str], now: float) -> str:
        token = secrets.token_urlsafe(48)
        with self._lock:
            self.access[token] = AccessToken(grant, scopes, now + ACCESS_LIFETIME)
        return token

    def issue_refresh(self, scopes: frozenset[str], now: float) -> str:
        token = secrets.token_urlsafe(48)
        with self._lock:
            self.refresh[token] = RefreshToken(scopes, now + REFRESH_LIFETIME)
        return token

    def issue_code(self, consent: ConsentRequest, now: float) -> str:
        code = secrets.token_urlsafe(32)
        with self._lock:
            self.codes[code] = AuthorizationCode(
                consent.redirect_uri, consent.challenge, consent.scopes, now + CODE_LIFETIME
            )
        return code

    def take_code(self, code: str) -> AuthorizationCode | None:
        """The code, marked used (a second exchange of the same code fails)."""
        with self._lock:
            entry = self.codes.get(code)
            if entry is None or entry.used:
                return None
            entry.used = True
            return entry

    def remember_consent(self, consent: ConsentRequest) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self.consents[key] = consent
        return key

    def take_consent(self, key: str) -> ConsentRequest | None:
        with self._lock:
            return self.consents.pop(key, None)

    def expire(self, kind: str, now: float) -> int:
        """Make tokens of a kind ('access', 'refresh' or 'all') expire now; returns how many."""
        count = 0
        with self._lock:
            if kind in ("access", "all"):
                for entry in self.access.values():
                    entry.expires_at = min(entry.expires_at, now - 1)
                    count += 1
            if kind in ("refresh", "all"):
                for entry in self.refresh.values():
                    entry.expires_at = min(entry.expires_at, now - 1)
                    count += 1
        return count

    def revoke(self, token: str) -> None:
        with self._lock:
            self.access.pop(token, None)
            if token in self.refresh:
                self.refresh[token].revoked = True

    def clear(self) -> None:
        with self._lock:
            self.access.clear()
            self.refresh.clear()
            self.codes.clear()
            self.consents.clear()
