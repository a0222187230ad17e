"""Request accounting for ``GET /_sandbox/stats``: by path, by key, by status, 429s served, and
the most requests of one key that arrived within any one second (``max_per_second_by_key``)."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from typing import Any

WINDOW_SECONDS = 1.0


class TrafficStats:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._by_path: Counter[str] = Counter()
            self._by_key: Counter[str] = Counter()
            self._by_key_path: defaultdict[str, Counter[str]] = defaultdict(Counter)
            self._by_status: Counter[str] = Counter()
            self._rate_limited = 0
            self._injected: Counter[str] = Counter()
            self._recent: defaultdict[str, deque[float]] = defaultdict(deque)
            self._max_per_second: Counter[str] = Counter()

    def arrived(self, key: str) -> None:
        """A request of ``key`` arrived: count it in the sliding one-second window (t - 1 s, t]."""
        now = self._clock()
        with self._lock:
            recent = self._recent[key]
            while recent and recent[0] <= now - WINDOW_SECONDS:
                recent.popleft()
            recent.append(now)
            self._max_per_second[key] = max(self._max_per_second[key], len(recent))

    def record(self, path_kind: str, key: str, status: int | str) -> None:
        with self._lock:
            self._by_path[path_kind] += 1
            self._by_key[key] += 1
            self._by_key_path[key][path_kind] += 1
            self._by_status[str(status)] += 1

    def rate_limited(self) -> None:
        with self._lock:
            self._rate_limited += 1

    def injected(self, fault: str) -> None:
        with self._lock:
            self._injected[fault] += 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests_total": sum(self._by_path.values()),
                "by_path": dict(self._by_path),
                "by_key": dict(self._by_key),
                "by_key_and_path": {key: dict(paths) for key, paths in self._by_key_path.items()},
                "by_status": dict(self._by_status),
                "responses_429": self._by_status.get("429", 0),
                "rate_limited_429": self._rate_limited,
                "injected_faults": {"429": 0, "500": 0, "drop": 0, **self._injected},
                "max_per_second_by_key": dict(self._max_per_second),
            }
