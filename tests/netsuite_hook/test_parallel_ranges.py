"""Key-range planning and the bounded parallel merge."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netsuite_hook.parallel import KeyRange, merge_parallel, split_key_range


def _covers(ranges: list[KeyRange], key: int) -> int:
    return sum((r.after is None or key > r.after) and (r.up_to is None or key <= r.up_to) for r in ranges)


@given(st.integers(1, 10_000), st.integers(0, 5_000), st.integers(1, 64))
def test_ranges_cover_every_key_exactly_once(lo, span, parts):
    hi = lo + span
    ranges = split_key_range(lo, hi, parts)
    assert 1 <= len(ranges) <= parts
    for key in {lo - 5, lo, (lo + hi) // 2, hi, hi + 7}:
        assert _covers(ranges, key) == 1
    assert ranges[0].after is None and ranges[-1].up_to is None


def test_merge_yields_every_item_of_every_producer():
    producers = [lambda n=n: iter(range(n * 100, n * 100 + 50)) for n in range(6)]
    items = list(merge_parallel(producers, workers=3))
    assert sorted(items) == [n * 100 + i for n in range(6) for i in range(50)]


def test_merge_runs_at_most_workers_producers_at_once():
    running, peak, lock = 0, 0, threading.Lock()

    def producer():
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.02)
        yield 1
        with lock:
            running -= 1

    assert sum(merge_parallel([producer] * 8, workers=2)) == 8
    assert peak <= 2


def test_merge_reraises_a_producer_failure():
    def failing():
        yield 1
        raise ValueError("range failed")

    with pytest.raises(ValueError, match="range failed"):
        list(merge_parallel([failing, lambda: iter(range(1000))], workers=2))


def test_closing_the_merge_early_stops_the_workers():
    produced = []

    def endless():
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    merged = merge_parallel([endless, endless], workers=2)
    assert next(merged) == 0  # both producers start at 0
    merged.close()
    settled = len(produced)
    time.sleep(0.3)
    assert len(produced) == settled  # nothing produced after close
