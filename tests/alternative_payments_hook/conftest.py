"""Hook tests run against the sandbox; retries wait milliseconds instead of seconds."""

from __future__ import annotations

import time

import pytest

from alternative_payments_hook import RetryPolicy

FAST_RETRIES = RetryPolicy(max_attempts=8, base_delay=0.005, max_delay=0.05, time_budget=20.0)


class MovableMonotonic:
    """A monotonic clock the test can move forward (token renewal)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def hook(ap_sandbox):
    """A hook on the demo-data sandbox."""
    return ap_sandbox.hook(retry_policy=FAST_RETRIES)


def token_requests(running) -> int:
    return running.stats()["by_path"].get("POST /oauth/token", 0)
