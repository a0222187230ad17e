"""Where a task process may be killed, installed inside the forked task process only.

Each point wraps one warehouse function in the child: the wrapper lets the
real call happen (or not) and then SIGKILLs its own process, so the step stops
exactly there, as a task killed by the OOM killer or a lost worker would.
Nothing here runs in the parent or touches production code.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

# point -> (module, function, whether the real call runs before the kill)
POINTS: dict[str, tuple[str, str, bool]] = {
    # NetSuite or AP took the mutation; the ledger never heard of it.
    "after_call_before_ledger": ("warehouse.ledger", "mark_posted", False),
    # The ledger says posted; the id map and AP mirror are not updated yet.
    "after_ledger": ("warehouse.ledger", "mark_posted", True),
    # Part of an extract staged, the rest not read.
    "after_stage": ("warehouse.staging", "insert", True),
    # Some records have their outcome, the watermark has not moved.
    "after_outcomes": ("warehouse.staging", "set_outcomes", True),
    # A record was quarantined, the batch is unfinished.
    "after_quarantine": ("warehouse.quarantine", "record", True),
    # AP's answer mirrored, the rest of the refresh not done.
    "after_mirror": ("warehouse.ap_mirror", "upsert_invoices", True),
    # The ledger intent written, the call not made yet.
    "after_claim": ("warehouse.ledger", "claim", True),
}
DELAY = "delay"


@dataclass(frozen=True)
class KillPlan:
    """Kill at the ``nth`` call of a point, or ``delay`` seconds after the step starts."""

    point: str
    nth: int = 1
    delay: float = 0.0

    def describe(self) -> str:
        return f"{self.point} after {self.delay:.2f}s" if self.point == DELAY else f"{self.point} (call {self.nth})"


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def install(plan: KillPlan | None, on_kill: Callable[[str], None] = lambda _: None) -> None:
    """Arm the plan in the current (child) process."""
    if plan is None:
        return
    if plan.point == DELAY:
        timer = threading.Timer(plan.delay, lambda: (on_kill(plan.describe()), die()))
        timer.daemon = True
        timer.start()
        return
    import importlib

    module_name, function_name, call_first = POINTS[plan.point]
    module = importlib.import_module(module_name)
    original = getattr(module, function_name)
    calls = {"n": 0}
    lock = threading.Lock()

    def wrapper(*args, **kwargs):
        with lock:
            calls["n"] += 1
            now = calls["n"] == plan.nth
        if now and not call_first:
            on_kill(plan.describe())
            die()
        result = original(*args, **kwargs)
        if now:
            on_kill(plan.describe())
            die()
        return result

    setattr(module, function_name, wrapper)
