"""Server-side rate limit: one token bucket per API key.

A bucket holds at most ``max(rate, 1)`` tokens (one second's worth) and refills continuously at
``rate`` tokens per second of real (monotonic) time. Each request takes one token; with
none left the answer is 429 and nothing is taken. So any burst of up to ``rate`` requests
passes, and over any interval of T seconds at most ``rate * (T + 1)`` requests get through.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class KeyedTokenBuckets:
    def __init__(self, rate: Callable[[], float], clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = rate
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        rate = self._rate()
        if rate <= 0:
            return True
        now = self._clock()
        with self._lock:
            capacity = max(rate, 1.0)
            tokens, last = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * rate)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            return allowed

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()
