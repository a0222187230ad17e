"""Every request to AP goes through ``Transport.request``: rate limit, bearer token,
one re-fetch of the token on 401, retries (``retry``), errors mapped to exceptions."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import requests

from alternative_payments_hook.auth import ClientCredentialsToken
from alternative_payments_hook.errors import (
    APIError,
    AuthenticationError,
    TransportError,
    error_body,
    error_class,
)
from alternative_payments_hook.rate_limit import SharedBucket, TokenBucket
from alternative_payments_hook.retry import (
    RETRIABLE_EXCEPTIONS,
    RetryPolicy,
    is_retriable_status,
    retry_after_seconds,
)

log = logging.getLogger(__name__)
Failure = requests.Response | Exception


class Transport:
    def __init__(
        self,
        base_url: str,
        session_factory: Callable[[], requests.Session],
        limiter: TokenBucket | SharedBucket,
        policy: RetryPolicy,
        timeout: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        credentials_hint: str = "",
    ) -> None:
        self.base_url = base_url
        self._session_factory = session_factory
        self._sessions = threading.local()
        self.limiter = limiter
        self.policy = policy
        self.timeout = timeout
        self._clock = clock
        self._sleep = sleep
        self._credentials_hint = credentials_hint
        self.token: ClientCredentialsToken | None = None

    def session(self) -> requests.Session:
        """One requests session per thread: sessions are not safe to share across threads."""
        session = getattr(self._sessions, "session", None)
        if session is None:
            session = self._sessions.session = self._session_factory()
        return session

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Send ``method path`` with a bearer token; kwargs go to ``requests`` (params, data, headers)."""
        if self.token is None:
            raise RuntimeError("Transport.token must be set before authenticated requests")
        token = self.token
        headers = kwargs.pop("headers", None) or {}
        refetched = False
        while True:
            bearer = token.current()
            try:
                return self.send(
                    method, self.base_url + path, headers={**headers, "Authorization": f"Bearer {bearer}"}, **kwargs
                )
            except AuthenticationError as exc:
                if exc.status != 401 or refetched:
                    raise
                # AP no longer accepts this token (expired early, revoked): fetch one more, once.
                log.info("Alternative Payments refused the access token; fetching a new one")
                token.invalidate(bearer)
                refetched = True

    def send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One logical request with retries; raises an ``APIError`` subclass on an error answer."""
        path = url[len(self.base_url) :] if url.startswith(self.base_url) else url
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            failure = self._attempt(method, url, kwargs)
            if isinstance(failure, requests.Response) and not is_retriable_status(failure.status_code):
                if failure.ok:
                    return failure
                raise self._error(failure, method, path, attempt)
            retry_after = None
            if isinstance(failure, requests.Response):
                retry_after = retry_after_seconds(failure.headers.get("Retry-After"))
            delay = self.policy.delay(attempt, retry_after)
            if self.policy.gives_up(attempt, self._clock() - started, delay):
                raise self._exhausted(failure, method, path, attempt)
            log.warning(
                "Alternative Payments %s %s: %s; retry %d in %.2fs", method, path, _describe(failure), attempt, delay
            )
            self._sleep(delay)

    def _attempt(self, method: str, url: str, kwargs: dict[str, Any]) -> Failure:
        self.limiter.acquire()
        try:
            response = self.session().request(method, url, timeout=self.timeout, allow_redirects=False, **kwargs)
        except RETRIABLE_EXCEPTIONS as exc:
            return exc
        log.debug("Alternative Payments %s %s -> %s", method, url.split("?")[0], response.status_code)
        return response

    def _error(self, response: requests.Response, method: str, path: str, attempts: int) -> APIError:
        try:
            body = response.json()
        except ValueError:
            body = None
        code, message, errors = error_body(response.status_code, body, response.reason)
        kind = error_class(response.status_code)
        hint = self._credentials_hint if kind is AuthenticationError else ""
        return kind(response.status_code, code, message, errors, method=method, path=path, attempts=attempts, hint=hint)

    def _exhausted(self, failure: Failure, method: str, path: str, attempts: int) -> Exception:
        if isinstance(failure, requests.Response):
            return self._error(failure, method, path, attempts)
        return TransportError(
            f"Alternative Payments {method} {path}: no answer after {attempts} attempts ({failure.__class__.__name__})"
        )


def _describe(failure: Failure) -> str:
    if isinstance(failure, requests.Response):
        return f"HTTP {failure.status_code}"
    return failure.__class__.__name__
