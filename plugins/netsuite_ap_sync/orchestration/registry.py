"""Every step a DAG can run for a partner, by name, and each DAG's steps in one list.

Operators name a step instead of importing it, so DAG files import nothing
heavy at parse time; the step's module loads when the task runs. The lists are
the one place a DAG's order is written: the DAG files wire their tasks from
them (``dag_steps``), and ``run_steps`` runs them in one process.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from typing import Any

STEPS = {
    # C1, C2: the initial sync
    "check_link": "netsuite_ap_sync.flows.initial_sync:check_link",
    "begin_initial_sync": "netsuite_ap_sync.flows.initial_sync:begin",
    "initial_customers": "netsuite_ap_sync.flows.initial_sync:sync_customers_first",
    "start_phase": "netsuite_ap_sync.flows.initial_sync:start_phase",
    "run_chunk": "netsuite_ap_sync.flows.initial_sync:run_chunk",
    "finish_phase": "netsuite_ap_sync.flows.initial_sync:finish_phase",
    # Hourly, NetSuite -> AP
    "refresh_ap_mirror": "netsuite_ap_sync.flows.netsuite_to_ap:refresh_ap_mirror",
    "stage_customers": "netsuite_ap_sync.flows.netsuite_to_ap:stage_customers",
    "validate_customers": "netsuite_ap_sync.flows.netsuite_to_ap:validate_customers",
    "post_customers": "netsuite_ap_sync.flows.netsuite_to_ap:post_customers",
    "stage_invoices": "netsuite_ap_sync.flows.netsuite_to_ap:stage_invoices",
    "validate_invoices": "netsuite_ap_sync.flows.netsuite_to_ap:validate_invoices",
    "post_invoices": "netsuite_ap_sync.flows.netsuite_to_ap:post_invoices",
    "stage_deletions": "netsuite_ap_sync.flows.netsuite_to_ap:stage_deletions",
    "post_archives": "netsuite_ap_sync.flows.netsuite_to_ap:post_archives",
    "sync_pdfs": "netsuite_ap_sync.flows.netsuite_to_ap:sync_pdfs",
    # Every five minutes, AP -> NetSuite
    "sync_deleted_payments": "netsuite_ap_sync.flows.ap_to_netsuite:sync_deleted_payments",
    "stage_payments": "netsuite_ap_sync.flows.ap_to_netsuite:stage_payments",
    "validate_payments": "netsuite_ap_sync.flows.ap_to_netsuite:validate_payments",
    "post_payments": "netsuite_ap_sync.flows.ap_to_netsuite:post_payments",
    "stage_payouts": "netsuite_ap_sync.flows.ap_to_netsuite:stage_payouts",
    "validate_payouts": "netsuite_ap_sync.flows.ap_to_netsuite:validate_payouts",
    "post_payouts": "netsuite_ap_sync.flows.ap_to_netsuite:post_payouts",
    # C3
    "choose_accounts": "netsuite_ap_sync.partners.accounts:choose",
    # Daily: I1-I3 and posted records against both systems
    "drift_audit": "netsuite_ap_sync.drift.steps:audit_partner",
    # Gate of every scheduled run
    "partner_ready": "netsuite_ap_sync.orchestration.readiness:ready_to_sync",
}


class UnknownStep(ValueError):
    """A step name that is not in ``STEPS``."""


def known_step(step: str) -> str:
    """``step`` if the registry or a step list names it; checked when a DAG is parsed, so it reads names only."""
    known = STEPS.keys() | _listed_steps()
    if step not in known:
        raise UnknownStep(f"unknown sync step {step!r}; known: {', '.join(sorted(known))}")
    return step


def resolve(step: str):
    if known_step(step) in STEPS:
        module, function = STEPS[step].split(":")
        return getattr(importlib.import_module(module), function)
    if found := _object_step(step):
        return found
    raise UnknownStep(f"sync step {step!r} is listed, but no object spec with a planner is named after it")


def _object_step(step: str):
    """``stage_<name>``, ``validate_<name>`` or ``post_<name>`` of an object spec not listed above
    (``netsuite_ap_sync.flows.objects``): a new object needs no entry here, only its step list's."""
    from netsuite_ap_sync.engine import steps
    from netsuite_ap_sync.flows.objects import by_name

    verb, _, name = step.partition("_")
    spec = by_name(name)
    if verb in ("stage", "validate", "post") and spec and spec.planner:
        return steps.bind(getattr(steps, verb), spec)
    return None


def _listed_steps() -> set[str]:
    return {planned.step for steps in STEP_LISTS.values() for planned in steps}


@dataclass(frozen=True)
class DagStep:
    """One task of a DAG's step list: the step it runs and the tasks it waits for."""

    step: str
    after: tuple[str, ...] = ()
    task_id: str = ""  # the step's name unless the list runs one step twice
    arguments: dict[str, Any] = field(default_factory=dict)
    # The DAG's run parameters passed on as arguments ({{ params.NAME }} in Airflow).
    params: tuple[str, ...] = ()
    # Mapped: one task per argument dict the task ``over`` returned.
    over: str | None = None
    trigger_rule: str = "all_success"
    # Where its result goes in what a one-process run returns.
    keep_as: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "task_id", self.task_id or self.step)


def _chain(*steps: DagStep) -> tuple[DagStep, ...]:
    """``steps``, each but the first waiting for the one before it."""
    chained = [steps[0]]
    for step in steps[1:]:
        chained.append(replace(step, after=(chained[-1].task_id,)))
    return tuple(chained)


def _stage_validate_post(records: str) -> tuple[DagStep, ...]:
    """Staged, validated, then posted: three tasks, so a failed post retries without reading again."""
    return DagStep(f"stage_{records}"), DagStep(f"validate_{records}"), DagStep(f"post_{records}", keep_as=records)


def _phase(phase: str, after: str) -> tuple[DagStep, ...]:
    """A phase of the initial sync: plan its chunks, run them on as many workers, finish."""
    start, chunks = f"start_{phase}", f"chunks_{phase}"
    return (
        DagStep("start_phase", (after,), start, {"phase": phase}),
        DagStep("run_chunk", (start,), chunks, over=start, keep_as=phase),
        # A phase with no chunk to run skips its mapped task; the phase still finishes.
        DagStep(
            "finish_phase",
            (chunks,),
            f"finish_{phase}",
            {"phase": phase},
            trigger_rule="none_failed",
            keep_as=f"finish_{phase}",
        ),
    )


INITIAL = (
    *_chain(
        DagStep("check_link", keep_as="check"),
        DagStep("begin_initial_sync", task_id="begin", params=("window_start", "window_end"), keep_as="begin"),
        DagStep("initial_customers", task_id="customers", keep_as="customers"),
    ),
    *_phase("last_12_months", after="customers"),
    *_phase("history", after="finish_last_12_months"),
)

HOURLY = (
    *_chain(
        DagStep("refresh_ap_mirror", keep_as="ap_mirror"),
        *_stage_validate_post("customers"),
        *_stage_validate_post("invoices"),
        DagStep("stage_deletions"),
        DagStep("post_archives", keep_as="archives"),
    ),
    # PDFs need the invoices in AP, not the archivals.
    DagStep("sync_pdfs", ("post_invoices",), keep_as="pdfs"),
)

PAYMENTS = _chain(
    # AP payments are read once, by stage_payments, with the same watermark.
    DagStep("refresh_ap_mirror", arguments={"payments": False}, keep_as="ap_mirror"),
    DagStep("sync_deleted_payments", keep_as="deleted_payments"),
    *_stage_validate_post("payments"),
    *_stage_validate_post("payouts"),
    # R1-R4 after the payouts: a payment deposited in this run is reversed as deposited.
    DagStep("stage_reversals"),
    DagStep("post_reversals", keep_as="reversals"),
)

ACCOUNT_SETUP = (DagStep("choose_accounts", params=("undeposited_funds", "bank", "fee", "other_deposits")),)

DRIFT_AUDIT = (DagStep("drift_audit", keep_as="drift"),)

STEP_LISTS = {
    "initial": INITIAL,
    "hourly": HOURLY,
    "payments": PAYMENTS,
    "account_setup": ACCOUNT_SETUP,
    "drift_audit": DRIFT_AUDIT,
}
