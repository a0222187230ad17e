"""Where a task process may be killed, and how often (``KillPolicy``).

Each point wraps one warehouse function inside the forked task process only:
the wrapper lets the real call happen (or not) and then SIGKILLs its own
process, so the step stops exactly there, as a task killed by the OOM killer
or a lost worker would. Nothing here touches production code or the parent.
"""

from __future__ import annotations

import os
import random
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

# point -> (module, function, whether the real call runs before the kill)
POINTS: dict[str, tuple[str, str, bool]] = {
    # NetSuite or AP took the mutation; the ledger never heard of it.
    "after_call_before_ledger": ("netsuite_ap_sync.warehouse.ledger", "mark_posted", False),
    # The ledger says posted; the id map and AP mirror are not updated yet.
    "after_ledger": ("netsuite_ap_sync.warehouse.ledger", "mark_posted", True),
    # Part of an extract staged, the rest not read.
    "after_stage": ("netsuite_ap_sync.warehouse.staging", "insert", True),
    # Some records have their outcome, the watermark has not moved.
    "after_outcomes": ("netsuite_ap_sync.warehouse.staging", "set_outcomes", True),
    # A record was quarantined, the batch is unfinished.
    "after_quarantine": ("netsuite_ap_sync.warehouse.quarantine", "record", True),
    # AP's answer mirrored, the rest of the refresh not done.
    "after_mirror": ("netsuite_ap_sync.warehouse.ap_mirror", "upsert_invoices", True),
    # The ledger intent written, the call not made yet.
    "after_claim": ("netsuite_ap_sync.warehouse.ledger", "claim", True),
    # A reversal being planned: the ledger read for what of it is done, nothing booked in this attempt.
    "after_reversal_facts": ("netsuite_ap_sync.warehouse.reversals", "posted_actions", True),
    # A reversal being planned: the deposits holding its payment found, its path not chosen yet.
    "after_deposit_lookup": ("netsuite_ap_sync.warehouse.reversals", "deposits_holding", True),
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


# Which kill points a step can reach; a delay kill reaches every step.
_POSTING = ("after_claim", "after_call_before_ledger", "after_ledger", "after_outcomes", "after_quarantine")
STEP_POINTS: dict[str, tuple[str, ...]] = {
    "initial_customers": ("after_mirror", "after_stage", *_POSTING),
    "run_chunk": ("after_stage", *_POSTING),
    "finish_phase": _POSTING,
    "sync_pdfs": _POSTING,
    "post_customers": _POSTING,
    "post_invoices": _POSTING,
    "post_archives": _POSTING,
    "post_payments": _POSTING,
    "post_payouts": _POSTING,
    # Between a reversal's records (a payment off its invoice, a credit memo, a refund) the posting points
    # stop it half booked; the planning points stop it before its path is chosen.
    "post_reversals": (*_POSTING, "after_reversal_facts", "after_deposit_lookup"),
    "sync_deleted_payments": ("after_stage", "after_outcomes"),
    "refresh_ap_mirror": ("after_mirror",),
    "validate_customers": ("after_quarantine", "after_outcomes"),
    "validate_invoices": ("after_quarantine", "after_outcomes"),
    "validate_payments": ("after_quarantine", "after_outcomes"),
    "validate_payouts": ("after_quarantine", "after_outcomes"),
}


def points_for(step: str) -> tuple[str, ...]:
    if step.startswith("stage_"):
        return ("after_stage",)
    return STEP_POINTS.get(step, ())


@dataclass
class KillPolicy:
    """How often attempts are armed with a kill, where, and the most kills one step takes.

    ``points`` limits the kill points used (None: every point the step can reach,
    and a delay); ``nth`` picks which call of the point kills (None: at random).
    """

    rate: float = 0.3
    max_per_step: int = 2
    points: tuple[str, ...] | None = None
    nth: int | None = None

    def plan(self, rng: random.Random, step: str, kills_so_far: int, expected_seconds: float) -> KillPlan | None:
        if kills_so_far >= self.max_per_step or rng.random() >= self.rate:
            return None
        reachable = (*points_for(step), DELAY)
        choices = [p for p in reachable if p in self.points] if self.points is not None else reachable
        if not choices:
            return None
        point = rng.choice(choices)
        if point == DELAY:
            return KillPlan(DELAY, delay=rng.uniform(0.02, max(0.1, expected_seconds * 1.2)))
        return KillPlan(point, nth=self.nth or rng.choice((1, 1, 2, 3)))
