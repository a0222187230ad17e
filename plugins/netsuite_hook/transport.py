"""The one place that talks HTTP to NetSuite: one session, one retry policy, one concurrency gate.

Retries run through ``hook_support.retry``. Retried: 429 (and a RESTlet's 400
SSS_REQUEST_LIMIT_EXCEEDED), 5xx, connection errors and dropped responses, with
exponential backoff and full jitter until a time budget runs out (POSTs that create
records only when NetSuite cannot have processed them: 429s and refused connections).
A 401 is retried once after renewing the access token (it may be an expired token, or
NetSuite's concurrency limit surfacing as INVALID_LOGIN under load); a second 401 is a
real credentials problem and fails. Other 4xx fail at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth

from hook_support import retry
from netsuite_hook.auth import NetSuiteAuth, build_auth
from netsuite_hook.concurrency import Gate, gate_for
from netsuite_hook.errors import NetSuiteConnectionError, error_from_response
from netsuite_hook.redaction import Redactor, mask_in_task_logs
from netsuite_hook.settings import NetSuiteSettings
from netsuite_hook.urls import require_secure

log = logging.getLogger(__name__)

USER_AGENT = "netsuite-ap-sync/0.1"
RESTLET_LIMIT_CODE = "SSS_REQUEST_LIMIT_EXCEEDED"


@dataclass(frozen=True, kw_only=True)
class RetryPolicy(retry.RetryPolicy):
    """NetSuite's budget: five minutes of full-jitter backoff, however many attempts that takes."""

    time_budget: float = 300.0
    base_delay: float = 1.0
    max_delay: float = 60.0

    def backoff(self, attempt: int) -> float:
        return super().delay(attempt)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        # NetSuite sends no Retry-After; every wait goes through backoff, the one a chaos run scales.
        return self.backoff(attempt)


def _over_limit(response: requests.Response) -> bool:
    """429, or a RESTlet's own way of saying the concurrency limit was hit (400 SSS_REQUEST_LIMIT_EXCEEDED)."""
    if response.status_code == 429:
        return True
    return response.status_code == 400 and RESTLET_LIMIT_CODE in response.text[:2000]


def _server_error(response: requests.Response) -> bool:
    return response.status_code >= 500 and response.status_code != 501


def _renewable_401(response: requests.Response) -> bool:
    """A 401 worth one retry with fresh credentials (not a feature that is switched off)."""
    return response.status_code == 401 and "FEATURE_DISABLED" not in response.text[:2000]


class Transport:
    def __init__(
        self,
        settings: NetSuiteSettings,
        policy: RetryPolicy | None = None,
        *,
        timeout: tuple[float, float] = (10.0, 900.0),
        gate: Gate | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.urls = settings.urls
        for url in {self.urls.rest, self.urls.restlet, self.urls.app}:
            require_secure(url)
        self.policy = policy or RetryPolicy()
        self.timeout = timeout
        self.gate = gate or gate_for(settings.account_id, self.urls.rest, settings.concurrency_limit)
        self._redactor = Redactor()
        for secret in settings.secrets():
            self._redactor.add(secret)
        mask_in_task_logs(*settings.secrets())
        self._retrier = retry.Retrier(self.policy, blocked=_over_limit, transient=_server_error, sleep=sleep, log=log)
        self.session = self._new_session(settings.concurrency_limit)
        self.auth: NetSuiteAuth = build_auth(settings, self)

    @staticmethod
    def _new_session(pool_size: int) -> requests.Session:
        session = requests.Session()
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=max(10, pool_size), max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        return session

    def redact(self, text: str) -> str:
        return self._redactor(text)

    def remember_secret(self, value: str) -> None:
        """Keep ``value`` out of our exceptions and out of the task log."""
        self._redactor.add(value)
        mask_in_task_logs(value)

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> requests.Response:
        """An authenticated, gated, retried request; raises a NetSuiteApiError for an error status."""
        response, attempts = self._send(
            method,
            url,
            params=params,
            json=json,
            headers=headers,
            auth=self.auth,
            idempotent=method.upper() != "POST" if idempotent is None else idempotent,
        )
        if response.status_code >= 400:
            raise error_from_response(response, attempts=attempts, redact=self.redact)
        return response

    def token_post(
        self, url: str, form: Callable[[], dict[str, str]], basic_auth: tuple[str, str] | None
    ) -> requests.Response:
        """A token-endpoint POST: retried like the rest, but not gated (it may run inside a gated call)."""
        response, _ = self._send(
            "POST",
            url,
            form=form,
            auth=HTTPBasicAuth(*basic_auth) if basic_auth else None,
            idempotent=True,
            gated=False,
        )
        return response

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        form: Callable[[], dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        auth: AuthBase | None,
        idempotent: bool,
        gated: bool = True,
    ) -> tuple[requests.Response, int]:
        path = urlsplit(url).path

        def try_once() -> requests.Response:
            if isinstance(auth, NetSuiteAuth):
                auth.prepare()  # may fetch a token; done outside the gate
            with self.gate.slot() if gated else nullcontext():
                return self.session.request(
                    method,
                    url,
                    params=params,
                    json=json,
                    data=form() if form else None,
                    headers=headers,
                    auth=auth,
                    timeout=self.timeout,
                    allow_redirects=False,
                )

        renewal = None
        if isinstance(auth, NetSuiteAuth):
            renewal = retry.Renewal(
                refused=_renewable_401,
                renew=lambda refused: self._renew(auth, method, path, refused),
                same_request=True,
            )
        outcome = self._retrier.call(try_once, what=f"NetSuite {method} {path}", idempotent=idempotent, renewal=renewal)
        if isinstance(outcome.answer, requests.Response):
            return outcome.answer, outcome.attempts
        raise self._connection_error(method, path, outcome) from outcome.answer

    def _connection_error(self, method: str, path: str, outcome: retry.Outcome) -> NetSuiteConnectionError:
        failure = type(outcome.answer).__name__
        if not outcome.gave_up:
            return NetSuiteConnectionError(
                f"NetSuite {method} {path} failed ({failure}) and was not retried: "
                "the request may already have been processed"
            )
        return NetSuiteConnectionError(
            f"NetSuite {method} {path} failed after {outcome.attempts} attempts within the "
            f"{self.policy.time_budget:g} s retry budget: {failure}"
        )

    @staticmethod
    def _renew(auth: NetSuiteAuth, method: str, path: str, response: requests.Response) -> None:
        log.warning(
            "NetSuite %s %s answered 401; renewing credentials and retrying once "
            "(expired token, or the concurrency limit reported as INVALID_LOGIN)",
            method,
            path,
        )
        auth.invalidate(response.request)
