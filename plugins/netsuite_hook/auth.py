"""The three ways to sign a NetSuite request, as ``requests`` auth objects.

OAuth 2.0 methods put a cached bearer token on each request and can renew it
(``invalidate`` after a 401); TBA signs each request afresh with OAuth 1.0a
HMAC-SHA256, so every attempt carries a new nonce.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod

from requests import PreparedRequest
from requests.auth import AuthBase
from requests_oauthlib import OAuth1

from netsuite_hook import oauth2
from netsuite_hook.errors import ReconnectRequired
from netsuite_hook.settings import AUTHORIZATION_CODE, CLIENT_CREDENTIALS, NetSuiteSettings
from netsuite_hook.tokens import TOKENS, AccessToken, TokenCache
from netsuite_hook.urls import realm


class NetSuiteAuth(AuthBase):
    renewable = False

    def prepare(self) -> None:
        """Have a usable credential at hand before a request (may call the token endpoint)."""

    def invalidate(self, request: PreparedRequest) -> None:
        """Forget the credential ``request`` was sent with, after NetSuite refused it."""


class _BearerAuth(NetSuiteAuth, ABC):
    renewable = True

    def __init__(self, settings: NetSuiteSettings, endpoint: oauth2.TokenEndpoint, cache: TokenCache = TOKENS) -> None:
        self.settings = settings
        self.endpoint = endpoint
        self.cache = cache
        self.key = (settings.conn_id, settings.urls.token, settings.auth_method, settings.credential_fingerprint())

    @abstractmethod
    def _fetch(self) -> AccessToken:
        """A new access token from the token endpoint."""

    def token(self) -> AccessToken:
        return self.cache.get(self.key, self._fetch)

    def prepare(self) -> None:
        self.token()

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token().value}"
        return request

    def invalidate(self, request: PreparedRequest) -> None:
        header = request.headers.get("Authorization", "")
        self.cache.discard(self.key, header.removeprefix("Bearer ") or None)

    @staticmethod
    def _issued(grant: oauth2.TokenGrant) -> AccessToken:
        return AccessToken.issued(grant.access_token, grant.expires_in)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(conn_id={self.settings.conn_id!r})"


class ClientCredentialsAuth(_BearerAuth):
    """OAuth 2.0 client credentials: a PS256-signed JWT assertion buys an access token."""

    def _fetch(self) -> AccessToken:
        grant = oauth2.client_credentials(self.endpoint, self.settings, self.settings.urls.token)
        return self._issued(grant)


class AuthorizationCodeAuth(_BearerAuth):
    """OAuth 2.0 authorization code: the stored refresh token buys access tokens."""

    def _fetch(self) -> AccessToken:
        refresh_token = self.cache.rotated_refresh_token(self.key) or self.settings.refresh_token
        if not refresh_token:
            raise ReconnectRequired.not_authorized(oauth2.reconnect_hint(self.settings.conn_id))
        grant = oauth2.refresh(self.endpoint, self.settings, self.settings.urls.token, refresh_token)
        if grant.refresh_token and grant.refresh_token != refresh_token:
            self.cache.remember_refresh_token(self.key, grant.refresh_token)
        return self._issued(grant)


# oauthlib and requests-oauthlib log each signature at DEBUG with the token id and the signed
# headers; a task log at DEBUG must not carry them.
SIGNING_LOGGERS = ("oauthlib", "requests_oauthlib")


def _quiet_signing_logs() -> None:
    for name in SIGNING_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)


class TbaAuth(NetSuiteAuth):
    """Token-based authentication: OAuth 1.0a, HMAC-SHA256, realm = account id."""

    def __init__(self, settings: NetSuiteSettings) -> None:
        _quiet_signing_logs()
        self.account_id = settings.account_id
        self._oauth1 = OAuth1(
            settings.consumer_key,
            client_secret=settings.consumer_secret,
            resource_owner_key=settings.token_id,
            resource_owner_secret=settings.token_secret,
            realm=realm(settings.account_id),
            signature_method="HMAC-SHA256",
        )

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        return self._oauth1(request)

    def __repr__(self) -> str:
        return f"TbaAuth(account_id={self.account_id!r})"


def build_auth(settings: NetSuiteSettings, endpoint: oauth2.TokenEndpoint) -> NetSuiteAuth:
    if settings.auth_method == CLIENT_CREDENTIALS:
        return ClientCredentialsAuth(settings, endpoint)
    if settings.auth_method == AUTHORIZATION_CODE:
        return AuthorizationCodeAuth(settings, endpoint)
    return TbaAuth(settings)
