"""Read several key ranges at once and hand their pages on as they arrive.

Workers put pages on a bounded queue, so memory holds at most a few pages no
matter how big the table is. The account gate in the transport keeps the
requests in flight within the concurrency limit, whatever the worker count.
Ranges planned by key width hold different numbers of rows; ``KeySpans`` lets
a worker that has run out of ranges take the upper half of the widest one still
being read, so the workers finish together instead of one reading alone at the end.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from netsuite_hook.errors import PaginationLoopError

T = TypeVar("T")
_DONE = object()
_PUT_POLL_SECONDS = 0.1


@dataclass(frozen=True)
class KeyRange:
    """Keys in ``(after, up_to]``; None leaves that side open."""

    after: int | None
    up_to: int | None


def split_key_range(lo: int, hi: int, parts: int) -> list[KeyRange]:
    """Split ``[lo, hi]`` into up to ``parts`` ranges of equal key width; the ends stay open."""
    parts = max(1, min(parts, hi - lo + 1))
    width = (hi - lo + 1) / parts
    bounds = [lo - 1 + math.floor(width * i) for i in range(parts + 1)]
    bounds[-1] = hi
    inner = [(bounds[i], bounds[i + 1]) for i in range(parts) if bounds[i + 1] > bounds[i]]
    # Open ends: rows outside [lo, hi] that appear mid-read are still picked up.
    return [
        KeyRange(after=None if i == 0 else a, up_to=None if i == len(inner) - 1 else b)
        for i, (a, b) in enumerate(inner)
    ]


@dataclass
class Span:
    """A key range being read: ``after`` moves up as pages arrive; ``up_to`` may come down when it is split."""

    after: int | None
    up_to: int | None


class KeySpans:
    """The key ranges of one parallel read, handed out to workers and split when they run out.

    ``hi`` is the greatest key when the read was planned (the far end of an open
    last range); ``min_keys`` is the narrowest remainder worth splitting, since
    each split costs a partly filled page.
    """

    def __init__(self, ranges: list[KeyRange], hi: int, min_keys: int) -> None:
        self._lock = threading.Lock()
        self._pending = [Span(r.after, r.up_to) for r in ranges]
        self._active: list[Span] = []
        self._hi = hi
        self._min_keys = max(1, min_keys)

    def take(self) -> Span | None:
        """The next range to read: a planned one, else the upper half of the widest one being read."""
        with self._lock:
            span = self._pending.pop(0) if self._pending else self._split_widest()
            if span is not None:
                self._active.append(span)
            return span

    def bounds(self, span: Span) -> tuple[int | None, int | None]:
        with self._lock:
            return span.after, span.up_to

    def advance(self, span: Span, keys: list[int | None], more: bool) -> tuple[int, bool]:
        """After a page of ``span`` with these keys: how many of its rows are the span's (a split
        while it was read hands the rest to the new span) and whether the span has more to read."""
        with self._lock:
            kept = len(keys)
            if span.up_to is not None:
                kept = next((i for i, key in enumerate(keys) if key is not None and key > span.up_to), len(keys))
            last = max((key for key in keys[:kept] if key is not None), default=None)
            more = more and kept == len(keys)
            if more and (last is None or (span.after is not None and last <= span.after)):
                raise PaginationLoopError(
                    f"loop detected: NetSuite said more rows follow key {span.after}, but the page brought no "
                    "greater key; stopping rather than reading the same rows again"
                )
            if more:
                span.after = last
            else:
                self._active.remove(span)
            return kept, more

    def _split_widest(self) -> Span | None:
        def width(span: Span) -> int:
            if span.after is None:
                return 0
            return max(0, (self._hi if span.up_to is None else span.up_to) - span.after)

        widest = max(self._active, key=width, default=None)
        if widest is None or width(widest) < 2 * self._min_keys:
            return None
        middle = widest.after + width(widest) // 2
        upper = Span(middle, widest.up_to)
        widest.up_to = middle
        return upper


@dataclass
class _Failure:
    error: BaseException


def merge_parallel(producers: list[Callable[[], Iterator[T]]], threads: int) -> Iterator[T]:
    """Run each producer in a worker thread, ``threads`` at a time, and yield their items in arrival order.

    Closing the generator early stops the workers after their current item.
    """
    if not producers:
        return
    items: queue.Queue = queue.Queue(maxsize=max(2, threads * 2))
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=_PUT_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def run(producer: Callable[[], Iterator[T]]) -> None:
        try:
            for item in producer():
                if not put(item):
                    return
        except BaseException as exc:  # handed to the consumer, which re-raises it
            put(_Failure(exc))
        finally:
            put(_DONE)

    pool = ThreadPoolExecutor(max_workers=max(1, min(threads, len(producers))), thread_name_prefix="suiteql")
    try:
        for producer in producers:
            pool.submit(run, producer)
        remaining = len(producers)
        while remaining:
            item = items.get()
            if item is _DONE:
                remaining -= 1
            elif isinstance(item, _Failure):
                raise item.error
            else:
                yield item
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
