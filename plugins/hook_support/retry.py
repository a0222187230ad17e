"""One retry mechanism for the hooks' HTTP requests, run by tenacity.

A request is tried until its answer is final or the next wait would overrun the
policy's budget (attempts and seconds). Retried:

- an answer showing the request was turned away unprocessed (``blocked``: a 429 and
  the like), whatever the method;
- a transient answer (``transient``: a 5xx) or a dropped connection, only for an
  idempotent request: a POST that may have reached the server is not sent twice.
  A connection refused before the request left is retried either way.

A refused credential (``Renewal``) is renewed once per request, never twice.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

import requests
import urllib3
from tenacity import RetryCallState, Retrying, retry_if_result
from tenacity.wait import wait_base, wait_exponential, wait_random_exponential

Answer = requests.Response | Exception
# Failures after which the request may or may not have reached the server.
DROPPED = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


class Jitter(Enum):
    FULL = "full"  # a uniform wait up to the exponential step
    EQUAL = "equal"  # half the step for sure, the other half at random


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """How long one request may keep trying, and how long it waits between tries."""

    time_budget: float
    base_delay: float
    max_delay: float
    max_attempts: int | None = None
    jitter: Jitter = Jitter.FULL

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """The wait after ``attempt`` failed: exponential with jitter, at least ``retry_after``."""
        return max(self._wait()(_nth_attempt(attempt)), retry_after or 0.0)

    def gives_up(self, attempt: int, elapsed: float, delay: float) -> bool:
        attempts_spent = self.max_attempts is not None and attempt >= self.max_attempts
        return attempts_spent or elapsed + delay > self.time_budget

    def _wait(self) -> wait_base:
        if self.jitter is Jitter.FULL:
            return wait_random_exponential(multiplier=self.base_delay, max=self.max_delay)
        half_base, half_cap = self.base_delay / 2, self.max_delay / 2
        return wait_exponential(multiplier=half_base, max=half_cap) + wait_random_exponential(
            multiplier=half_base, max=half_cap
        )


def _nth_attempt(number: int) -> RetryCallState:
    """tenacity's wait strategies read nothing but the attempt number."""
    state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})
    state.attempt_number = number
    return state


@dataclass(frozen=True)
class Renewal:
    """The one renewal of a refused credential a request may have.

    ``same_request``: the renewed try continues the request (it counts as an attempt,
    waits the first backoff and stays within the same budget). Otherwise it starts
    afresh, so an attempt count above one still means the request may have been processed.
    """

    refused: Callable[[requests.Response], bool]
    renew: Callable[[requests.Response], None]
    same_request: bool


@dataclass(frozen=True)
class Outcome:
    """The final answer (a response, or the connection error of the last try) and the tries it took."""

    answer: Answer
    attempts: int
    gave_up: bool = False  # the budget ran out while the answer was still worth retrying


def never_sent(exc: Exception) -> bool:
    """True when the connection failed before the request left, so even a POST may be retried."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def retry_after_seconds(header: str | None) -> float | None:
    """A ``Retry-After`` header given in seconds (the HTTP-date form is ignored)."""
    try:
        return max(0.0, float(header)) if header else None
    except ValueError:
        return None


def describe(answer: Answer) -> str:
    if isinstance(answer, requests.Response):
        return f"HTTP {answer.status_code}"
    return type(answer).__name__


class Retrier:
    """Runs requests under one policy; what counts as blocked or transient is the API's own."""

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        blocked: Callable[[requests.Response], bool],
        transient: Callable[[requests.Response], bool],
        honour_retry_after: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        log: logging.Logger | None = None,
    ) -> None:
        self.policy = policy
        self._blocked = blocked
        self._transient = transient
        self._honour_retry_after = honour_retry_after
        self._clock = clock
        self._sleep = sleep
        self._log = log or logging.getLogger(__name__)

    def call(
        self,
        try_once: Callable[[], requests.Response],
        *,
        what: str,
        idempotent: bool = True,
        renewal: Renewal | None = None,
    ) -> Outcome:
        """Try ``try_once`` until its answer is final; ``what`` names the request in logs."""
        started = self._clock()
        outcome = self._run(try_once, what, idempotent, started, attempts_before=0)
        answer = outcome.answer
        if renewal is None or not isinstance(answer, requests.Response) or not renewal.refused(answer):
            return outcome
        renewal.renew(answer)
        if not renewal.same_request:
            return self._run(try_once, what, idempotent, self._clock(), attempts_before=0)
        self._sleep(self.policy.delay(1))
        return self._run(try_once, what, idempotent, started, attempts_before=outcome.attempts)

    def _run(
        self,
        try_once: Callable[[], requests.Response],
        what: str,
        idempotent: bool,
        started: float,
        attempts_before: int,
    ) -> Outcome:
        numbers = itertools.count(attempts_before + 1)

        def attempt() -> Outcome:
            number = next(numbers)
            try:
                return Outcome(try_once(), number)
            except DROPPED as exc:
                return Outcome(exc, number)

        retrying = Retrying(
            retry=retry_if_result(lambda outcome: self._worth_retrying(outcome.answer, idempotent)),
            wait=self._wait,
            stop=lambda state: self._spent(state, started),
            sleep=self._sleep,
            before_sleep=lambda state: self._log_retry(state, what),
            retry_error_callback=lambda state: replace(_last(state), gave_up=True),
        )
        return retrying(attempt)

    def _worth_retrying(self, answer: Answer, idempotent: bool) -> bool:
        if isinstance(answer, Exception):
            return idempotent or never_sent(answer)
        if self._blocked(answer):
            return True  # turned away before it was processed
        return idempotent and self._transient(answer)

    def _wait(self, state: RetryCallState) -> float:
        outcome = _last(state)
        retry_after = None
        if self._honour_retry_after and isinstance(outcome.answer, requests.Response):
            retry_after = retry_after_seconds(outcome.answer.headers.get("Retry-After"))
        return self.policy.delay(outcome.attempts, retry_after)

    def _spent(self, state: RetryCallState, started: float) -> bool:
        return self.policy.gives_up(_last(state).attempts, self._clock() - started, state.upcoming_sleep)

    def _log_retry(self, state: RetryCallState, what: str) -> None:
        outcome = _last(state)
        self._log.warning(
            "%s: %s; retry %d in %.2f s", what, describe(outcome.answer), outcome.attempts, state.upcoming_sleep
        )


def _last(state: RetryCallState) -> Outcome:
    assert state.outcome is not None
    return state.outcome.result()
