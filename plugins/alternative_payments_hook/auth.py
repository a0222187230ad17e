"""OAuth 2.0 client credentials for AP: fetch a token, renew it before it expires.

oauthlib's ``BackendApplicationClient`` builds the token request body and validates the
answer; the request itself goes through the hook's transport, so it shares the rate
limit and retries, and plain HTTP is allowed for a loopback sandbox only (``config``).
requests-oauthlib's ``OAuth2Session`` would instead refuse http:// everywhere unless a
process-wide environment variable switched the check off for every host.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

import requests
from airflow.providers.common.compat.sdk import mask_secret
from oauthlib.oauth2 import BackendApplicationClient, OAuth2Error
from requests.auth import HTTPBasicAuth

from alternative_payments_hook.errors import AuthenticationError

# Asks for a new token when less than this is left, so no request carries a dying token.
RENEW_MARGIN_SECONDS = 60.0
SendFn = Callable[..., requests.Response]

# Tokens of this process by (token URL, client id, digest of the secret): every hook of the same API
# key reuses the token until it is due for renewal, so a process that builds a hook per partner and
# run (find_work) asks AP for one token per key, not one per hook. Only hooks on the real clock share.
_tokens: dict[tuple[str, str, str], tuple[str, float]] = {}
_tokens_lock = threading.Lock()


def forget_shared_tokens() -> None:
    """Drop every token this process keeps (a process that starts afresh keeps none)."""
    with _tokens_lock:
        _tokens.clear()


class ClientCredentialsToken:
    """One access token per hook, shared by its threads and by the other hooks of the API key in this process."""

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        send: SendFn,
        clock: Callable[[], float] = time.monotonic,
        renew_margin: float = RENEW_MARGIN_SECONDS,
    ) -> None:
        self._token_url = token_url
        self._oauth = BackendApplicationClient(client_id=client_id)
        self._basic = HTTPBasicAuth(client_id, client_secret)
        self._send = send
        self._clock = clock
        self._renew_margin = renew_margin
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = threading.Lock()
        self.fetch_count = 0
        digest = hashlib.sha256(client_secret.encode()).hexdigest()
        self._shared_key = (token_url, client_id, digest) if clock is time.monotonic else None

    def __repr__(self) -> str:
        return f"ClientCredentialsToken(token_url={self._token_url!r})"

    def current(self) -> str:
        """A token with more than the renewal margin left; fetched when there is none."""
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._adopt_shared()
            if self._token is None or self._clock() >= self._renew_at:
                self._fetch()
                self._share()
            assert self._token is not None
            return self._token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` after AP refused it (401); another thread may have renewed already."""
        with self._lock:
            if self._token == token:
                self._token = None
            if self._shared_key is not None:
                with _tokens_lock:
                    if _tokens.get(self._shared_key, (None,))[0] == token:
                        del _tokens[self._shared_key]

    def _adopt_shared(self) -> None:
        if self._shared_key is None:
            return
        with _tokens_lock:
            shared = _tokens.get(self._shared_key)
        if shared is not None and self._clock() < shared[1]:
            self._token, self._renew_at = shared

    def _share(self) -> None:
        if self._shared_key is not None and self._token is not None:
            with _tokens_lock:
                _tokens[self._shared_key] = (self._token, self._renew_at)

    def _fetch(self) -> None:
        body = self._oauth.prepare_request_body(include_client_id=False)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        sent_at = self._clock()
        response = self._send("POST", self._token_url, data=body, headers=headers, auth=self._basic)
        try:
            params = self._oauth.parse_request_body_response(response.text)
        except (OAuth2Error, ValueError) as exc:
            raise AuthenticationError(
                response.status_code,
                "invalid_token_response",
                f"the token endpoint answered without a usable token ({exc.__class__.__name__})",
                method="POST",
                path="/oauth/token",
            ) from exc
        token = params["access_token"]
        mask_secret(token)
        lifetime = float(params.get("expires_in") or 3600)
        # Short-lived tokens renew with 10% of their life left instead of the fixed margin.
        margin = min(self._renew_margin, lifetime / 10)
        self._token = token
        self._renew_at = sent_at + lifetime - margin
        self.fetch_count += 1
