"""Key-range planning and the bounded parallel merge."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netsuite_hook.errors import PaginationLoopError
from netsuite_hook.parallel import KeyRange, KeySpans, merge_parallel, split_key_range
from netsuite_hook.suiteql import InFlightLimit


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
    items = list(merge_parallel(producers, threads=3))
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

    assert sum(merge_parallel([producer] * 8, threads=2)) == 8
    assert peak <= 2


def test_merge_reraises_a_producer_failure():
    def failing():
        yield 1
        raise ValueError("range failed")

    with pytest.raises(ValueError, match="range failed"):
        list(merge_parallel([failing, lambda: iter(range(1000))], threads=2))


def test_closing_the_merge_early_stops_the_workers():
    produced = []

    def endless():
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    merged = merge_parallel([endless, endless], threads=2)
    assert next(merged) == 0  # both producers start at 0
    merged.close()
    settled = len(produced)
    time.sleep(0.3)
    assert len(produced) == settled  # nothing produced after close


def _read_with_spans(keys: list[int], ranges: list[KeyRange], readers: int, page_size: int) -> list[int]:
    """Readers share KeySpans over sorted ``keys`` as SuiteQL pages them: keys in (after, up_to], by key."""
    spans = KeySpans(ranges, hi=max(keys), min_keys=page_size)
    read: list[int] = []
    lock = threading.Lock()

    def reader() -> None:
        while (span := spans.take()) is not None:
            more = True
            while more:
                after, up_to = spans.bounds(span)
                selected = [k for k in keys if (after is None or k > after) and (up_to is None or k <= up_to)]
                page = selected[:page_size]
                time.sleep(0.0005)  # another reader may split this span meanwhile
                kept, more = spans.advance(span, page, more=len(selected) > page_size)
                with lock:
                    read.extend(page[:kept])

    threads = [threading.Thread(target=reader) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return read


@given(
    st.lists(st.integers(1, 5_000), min_size=1, max_size=400, unique=True),
    st.integers(1, 8),
    st.integers(1, 6),
    st.integers(2, 40),
)
def test_key_spans_read_every_key_once_however_they_split(keys, parts, readers, page_size):
    keys.sort()
    ranges = split_key_range(keys[0], keys[-1], parts)
    assert sorted(_read_with_spans(keys, ranges, readers, page_size)) == keys


def test_a_reader_out_of_ranges_takes_the_upper_half_of_the_widest():
    spans = KeySpans([KeyRange(0, 100), KeyRange(100, None)], hi=1_000, min_keys=10)
    low, high = spans.take(), spans.take()
    assert spans.bounds(high) == (100, None)
    upper = spans.take()  # nothing planned is left: the widest (100, 1000] is split
    assert spans.bounds(upper) == (550, None) and spans.bounds(high) == (100, 550)
    assert spans.bounds(low) == (0, 100)


def test_a_page_read_across_a_split_keeps_only_the_spans_rows():
    spans = KeySpans([KeyRange(0, None)], hi=100, min_keys=10)
    span = spans.take()
    upper = spans.take()  # (50, None) split off while the page below was in flight
    assert spans.bounds(upper) == (50, None)
    kept, more = spans.advance(span, [10, 20, 49, 50, 51, 60], more=True)
    assert (kept, more) == (4, False)  # 51 and 60 are the upper span's to read


@pytest.mark.parametrize("keys", [[], [None, None], [5, 10]], ids=["no rows", "no keys", "no progress"])
def test_more_rows_promised_without_a_greater_key_is_a_loop(keys):
    spans = KeySpans([KeyRange(10, None)], hi=100, min_keys=10)
    span = spans.take()
    with pytest.raises(PaginationLoopError, match="loop detected: NetSuite said more rows follow key 10"):
        spans.advance(span, keys, more=True)


def test_narrow_remainders_are_not_split():
    spans = KeySpans([KeyRange(0, 15)], hi=15, min_keys=10)
    spans.take()
    assert spans.take() is None


def test_in_flight_limit_holds_a_read_to_its_slots():
    running, peak, lock = 0, 0, threading.Lock()

    class Transport:
        settings = "passed through"

        def request(self, *args, **kwargs):
            nonlocal running, peak
            with lock:
                running += 1
                peak = max(peak, running)
            time.sleep(0.01)
            with lock:
                running -= 1
            return args

    limited = InFlightLimit(Transport(), 2)
    threads = [threading.Thread(target=limited.request, args=("GET", "/x")) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == 2 and limited.settings == "passed through"
