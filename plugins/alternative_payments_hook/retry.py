"""AP's retry budget for ``hook_support.retry``: 429, 5xx and connection errors are retried
with exponential backoff and equal jitter until an attempt count or a time budget runs out."""

from __future__ import annotations

from dataclasses import dataclass

import requests

from hook_support import retry


@dataclass(frozen=True, kw_only=True)
class RetryPolicy(retry.RetryPolicy):
    max_attempts: int | None = 8
    base_delay: float = 0.5
    max_delay: float = 8.0
    time_budget: float = 120.0
    jitter: retry.Jitter = retry.Jitter.EQUAL


def is_rate_limited(response: requests.Response) -> bool:
    return response.status_code == 429


def is_server_error(response: requests.Response) -> bool:
    return response.status_code >= 500
