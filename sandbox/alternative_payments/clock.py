"""A clock that starts at a fixed moment and that tests can move forward (token expiry, timestamps), never back."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

from sandbox.start_time import SANDBOX_NOW


class MovableClock:
    """``start`` plus the real time elapsed since, plus an offset that only grows, so ``updated_at`` stays monotonic."""

    def __init__(self, start: datetime = SANDBOX_NOW) -> None:
        self._start = start
        self._started = time.monotonic()
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._started) + self._offset

    @property
    def offset_seconds(self) -> float:
        return self._offset.total_seconds()

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
        return self.now()

    def set(self, moment: datetime) -> datetime:
        """Jump to ``moment``; refuses the past so that stamps never go backwards."""
        delta = (moment - self.now()).total_seconds()
        return self.advance(delta)

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)
