"""The one retry policy: 429, 5xx and connection errors are retried with exponential
backoff and jitter until an attempt count or a time budget runs out; nothing else is."""

from __future__ import annotations

import random
from dataclasses import dataclass

import requests

RETRIABLE_EXCEPTIONS = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,
)


def is_retriable_status(status: int) -> bool:
    return status == 429 or status >= 500


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 8.0
    time_budget: float = 120.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Equal jitter: half the exponential step for sure, the other half at random."""
        step = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        delay = step / 2 + random.uniform(0, step / 2)
        return max(delay, retry_after or 0.0)

    def gives_up(self, attempt: int, elapsed: float, delay: float) -> bool:
        return attempt >= self.max_attempts or elapsed + delay > self.time_budget


def retry_after_seconds(header: str | None) -> float | None:
    """``Retry-After`` in seconds, if AP ever sends one (its docs promise none)."""
    try:
        return max(0.0, float(header)) if header else None
    except ValueError:
        return None
