"""The latency report: per payment, seconds from its AP success to its NetSuite customer payment,
summed up as p50/p95/max and how many never arrived."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


def percentile(values: Iterable[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) by linear interpolation between closest ranks; None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    if not 0 <= q <= 1:
        raise ValueError(f"quantile {q} is not between 0 and 1")
    position = q * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    """One mode's figures: payments made, how many reached NetSuite, and their latency quantiles."""

    mode: str
    made: int
    arrived: int
    p50: float | None
    p95: float | None
    max: float | None

    @property
    def missing(self) -> int:
        return self.made - self.arrived

    def as_dict(self) -> dict[str, Any]:
        def seconds(value: float | None) -> float | None:
            return None if value is None else round(value, 1)

        return {
            "payments": self.made,
            "posted": self.arrived,
            "missing": self.missing,
            "p50_s": seconds(self.p50),
            "p95_s": seconds(self.p95),
            "max_s": seconds(self.max),
        }

    def line(self) -> str:
        def show(value: float | None) -> str:
            return "-" if value is None else f"{value:.1f} s"

        return (
            f"{self.mode}: {self.arrived}/{self.made} posted ({self.missing} missing), "
            f"p50 {show(self.p50)}, p95 {show(self.p95)}, max {show(self.max)}"
        )


def latencies(succeeded: Mapping[Any, datetime], posted: Mapping[Any, datetime]) -> list[float]:
    """Seconds from success to posting for every payment that was posted (keyed alike in both maps)."""
    return [(posted[key] - at).total_seconds() for key, at in succeeded.items() if key in posted]


def summarize(mode: str, succeeded: Mapping[Any, datetime], posted: Mapping[Any, datetime]) -> Summary:
    seconds = latencies(succeeded, posted)
    return Summary(
        mode=mode,
        made=len(succeeded),
        arrived=len(seconds),
        p50=percentile(seconds, 0.5),
        p95=percentile(seconds, 0.95),
        max=max(seconds) if seconds else None,
    )


def schedule(payments: int, partners: int, window: float, seed: int) -> list[tuple[float, int]]:
    """When each payment succeeds (seconds into the window) and whose it is, in time order; the same
    for the same seed, and every partner pays its share (round robin, at random times)."""
    rng = random.Random(seed)
    moments = sorted(rng.uniform(0, window) for _ in range(payments))
    owners = [n % partners for n in range(payments)]
    rng.shuffle(owners)
    return list(zip(moments, owners, strict=True))
