"""Injected faults in both sandboxes: 429s, 500s, dropped connections and latency spikes.

NetSuite's sandbox rolls its own seeded dice per request (throttle, error,
drop, truncate, slow); AP's sandbox rolls for drop, 429 and 500 and has a
fixed latency, which the harness raises now and then for a whole task attempt
(a spike) and puts back afterwards.
"""

from __future__ import annotations

import random
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
    ap_spike: float = 0.15  # share of task attempts during which AP answers slowly
    ap_spike_ms: tuple[float, float] = (80.0, 300.0)

    @classmethod
    def none(cls) -> FaultRates:
        return cls(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


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
    world.ap_controls.settings(latency_ms=0.0)


def spike(world, rates: FaultRates, rng: random.Random) -> bool:
    """Before a task attempt: AP answers slowly for this attempt, or at normal speed again."""
    slow = rng.random() < rates.ap_spike
    world.ap_controls.settings(latency_ms=rng.uniform(*rates.ap_spike_ms) if slow else 0.0)
    return slow


def injected(world) -> Counter:
    """Faults both sandboxes injected so far, by system and kind."""
    counts: Counter = Counter()
    for kind, n in world.netsuite.stats_snapshot()["faults_injected"].items():
        counts[f"netsuite:{kind}"] += n
    for kind, n in world.ap_controls.stats()["injected_faults"].items():
        counts[f"ap:{kind}"] += n
    return counts
