"""Injected faults in both sandboxes: 429s, 500s, dropped connections and latency spikes.

NetSuite's sandbox rolls its own seeded dice per request (throttle, error,
drop, truncate, slow); AP's sandbox rolls for drop, 429 and 500 and has a
fixed latency, which the harness raises now and then for a moment (a spike).
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class FaultRates:
    throttle: float = 0.10  # 429
    error: float = 0.05  # 500
    drop: float = 0.02  # connection closed without (a whole) answer
    truncate: float = 0.0  # NetSuite only: 200, half a body, then closed
    slow: float = 0.03  # NetSuite only: a latency spike on this request
    slow_seconds: float = 0.8
    ap_spike: float = 0.2  # share of task attempts that start an AP latency spike
    ap_spike_ms: tuple[float, float] = (100.0, 400.0)
    ap_spike_seconds: tuple[float, float] = (0.3, 1.5)

    @classmethod
    def none(cls) -> FaultRates:
        return cls(throttle=0.0, error=0.0, drop=0.0, truncate=0.0, slow=0.0, ap_spike=0.0)


def arm(world, rates: FaultRates, seed: int) -> None:
    world.netsuite.update_settings(
        throttle_rate=rates.throttle,
        error_rate=rates.error,
        drop_rate=rates.drop,
        truncate_rate=rates.truncate,
        slow_rate=rates.slow,
        slow_seconds=rates.slow_seconds,
        latency_jitter_seconds=0.01 if rates.throttle else 0.0,
        fault_seed=seed,
    )
    world.ap_controls.settings(
        fault_429_rate=rates.throttle, fault_500_rate=rates.error, fault_drop_rate=rates.drop, seed=seed
    )


def disarm(world) -> None:
    arm(world, FaultRates.none(), 0)


class ApSpikes:
    """AP latency spikes: before a task attempt, maybe slow AP down for a moment (a timer ends it)."""

    def __init__(self, world, rates: FaultRates, rng: random.Random) -> None:
        self.world = world
        self.rates = rates
        self.rng = rng
        self.count = 0
        self._timer: threading.Timer | None = None

    def maybe(self, _step: str = "") -> None:
        if self.rng.random() >= self.rates.ap_spike or (self._timer and self._timer.is_alive()):
            return
        self.count += 1
        self.world.ap_controls.settings(latency_ms=self.rng.uniform(*self.rates.ap_spike_ms))
        self._timer = threading.Timer(self.rng.uniform(*self.rates.ap_spike_seconds), self._end)
        self._timer.daemon = True
        self._timer.start()

    def _end(self) -> None:
        try:
            self.world.ap_controls.settings(latency_ms=0.0)
        except Exception:  # the world is being torn down; nothing to slow any more
            return

    def stop(self) -> None:
        if self._timer:
            self._timer.cancel()
            self._timer.join()
        self._end()


def injected(world) -> Counter:
    """Faults both sandboxes injected so far, by system and kind."""
    counts: Counter = Counter()
    for kind, n in world.netsuite.stats_snapshot()["faults_injected"].items():
        counts[f"netsuite:{kind}"] += n
    for kind, n in world.ap_controls.stats()["injected_faults"].items():
        counts[f"ap:{kind}"] += n
    return counts
