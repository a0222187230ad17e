"""Read several key ranges at once and hand their pages on as they arrive.

Workers put pages on a bounded queue, so memory holds at most a few pages no
matter how big the table is. The account gate in the transport keeps the
requests in flight within the concurrency limit, whatever the worker count.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

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
class _Failure:
    error: BaseException


def merge_parallel(producers: list[Callable[[], Iterator[T]]], workers: int) -> Iterator[T]:
    """Run each producer in a worker thread and yield their items in arrival order.

    Closing the generator early stops the workers after their current item.
    """
    if not producers:
        return
    items: queue.Queue = queue.Queue(maxsize=max(2, workers * 2))
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

    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(producers))), thread_name_prefix="suiteql")
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
