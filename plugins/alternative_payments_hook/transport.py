"""Every request to AP goes through ``Transport.request``: rate limit, bearer token,
one re-fetch of the token on 401, retries (``hook_support.retry``), errors mapped to exceptions.

Every request counts as idempotent, POSTs included: creates carry an ``external_id``,
and a create retried after a lost answer finds the record it made (``resources``).
"""

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
from alternative_payments_hook.retry import RetryPolicy, is_rate_limited, is_server_error
from hook_support import retry

log = logging.getLogger(__name__)


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
        self._retrier = retry.Retrier(
            policy,
            blocked=is_rate_limited,
            transient=is_server_error,
            honour_retry_after=True,
            clock=clock,
            sleep=sleep,
            log=log,
        )
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
        url = self.base_url + path
        bearer = token.current()

        def try_once() -> requests.Response:
            return self._attempt(method, url, {**kwargs, "headers": {**headers, "Authorization": f"Bearer {bearer}"}})

        def renew(_refused: requests.Response) -> None:
            # AP no longer accepts this token (expired early, revoked): fetch one more, once.
            nonlocal bearer
            log.info("Alternative Payments refused the access token; fetching a new one")
            token.invalidate(bearer)
            bearer = token.current()

        refetch = retry.Renewal(refused=lambda response: response.status_code == 401, renew=renew, same_request=False)
        return self._final(self._retrier.call(try_once, what=self._what(method, url), renewal=refetch), method, url)

    def send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One logical request with retries; raises an ``APIError`` subclass on an error answer."""
        outcome = self._retrier.call(lambda: self._attempt(method, url, kwargs), what=self._what(method, url))
        return self._final(outcome, method, url)

    def _attempt(self, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        self.limiter.acquire()
        response = self.session().request(method, url, timeout=self.timeout, allow_redirects=False, **kwargs)
        log.debug("Alternative Payments %s %s -> %s", method, url.split("?")[0], response.status_code)
        return response

    def _path(self, url: str) -> str:
        return url[len(self.base_url) :] if url.startswith(self.base_url) else url

    def _what(self, method: str, url: str) -> str:
        return f"Alternative Payments {method} {self._path(url)}"

    def _final(self, outcome: retry.Outcome, method: str, url: str) -> requests.Response:
        answer, path = outcome.answer, self._path(url)
        if not isinstance(answer, requests.Response):
            raise TransportError(
                f"Alternative Payments {method} {path}: no answer after {outcome.attempts} attempts "
                f"({answer.__class__.__name__})"
            )
        if answer.ok:
            return answer
        raise self._error(answer, method, path, outcome.attempts)

    def _error(self, response: requests.Response, method: str, path: str, attempts: int) -> APIError:
        try:
            body = response.json()
        except ValueError:
            body = None
        code, message, errors = error_body(response.status_code, body, response.reason)
        kind = error_class(response.status_code)
        hint = self._credentials_hint if kind is AuthenticationError else ""
        return kind(response.status_code, code, message, errors, method=method, path=path, attempts=attempts, hint=hint)
