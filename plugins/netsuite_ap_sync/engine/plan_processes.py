"""Planning spread over processes.

The rules are pure functions of the rows they are given, and at a large account
they are most of a reconcile's time, on one core. A planner that needs nothing
but its rows (no warehouse or API look-up) can therefore run in forked worker
processes: batches go out in their order and their plans come back in the same
order, a few batches ahead of the caller, who applies them as before.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_AHEAD = 2  # batches planned ahead per process: enough to keep each busy, few enough to keep memory flat

# The planner of this worker process, set once when it starts (fork: inherited, never pickled).
_planner: Callable[[Any], Any] | None = None


def available_processes() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def plan_in_processes(planner: Callable[[Any], Any], batches: Iterable[Any], processes: int) -> Iterator[Any]:
    """``planner(batch)`` for every batch, in order; in ``processes`` worker processes when
    there is more than one batch and processes can be forked here, else in this one."""
    batches = iter(batches)
    first = list(itertools.islice(batches, 2))
    if processes < 2 or len(first) < 2 or not _can_fork():
        yield from map(planner, itertools.chain(first, batches))
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_install, initargs=(planner,)) as pool:
        pending: deque = deque()
        for batch in itertools.chain(first, batches):
            pending.append(pool.submit(_plan, batch))
            if len(pending) >= processes * _AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _can_fork() -> bool:
    # A daemonic process may not have children; other platforms have no fork.
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def _install(planner: Callable[[Any], Any]) -> None:
    global _planner
    _planner = planner
    # A worker waits on a queue whose write end it inherited too, so it would outlive a killed
    # parent (a task timed out or stopped) waiting for ever; it leaves when its parent does.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    # Everything inherited from the parent lives as long as this process: kept out of the
    # cyclic collector, which would otherwise walk it (and copy its pages) at every pass.
    gc.freeze()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _plan(batch: Any) -> Any:
    return _planner(batch)
