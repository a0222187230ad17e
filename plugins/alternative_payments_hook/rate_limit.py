"""Client-side rate limit: a token bucket shared by every thread (and hook) using one API key.

The bucket holds one token and refills at the connection's rate, so requests leave at most
``rate`` per second and evenly spaced. AP's server allows short bursts on top of that, so
jitter between here and the server does not turn into 429s.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """Thread-safe; callers reserve the next free slot and sleep until it comes."""

    def __init__(
        self,
        rate: float,
        capacity: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be > 0")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._tokens = capacity
        self._updated = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, waiting if needed; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            self._tokens -= 1
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if wait:
            self._sleep(wait)
        return wait


_shared: dict[tuple[str, str], TokenBucket] = {}
_shared_lock = threading.Lock()


def shared_bucket(base_url: str, client_id: str, rate: float) -> TokenBucket:
    """The process-wide bucket of one API key at one AP environment."""
    with _shared_lock:
        bucket = _shared.get((base_url, client_id))
        if bucket is None:
            bucket = _shared[(base_url, client_id)] = TokenBucket(rate)
        bucket.rate = rate
        return bucket
