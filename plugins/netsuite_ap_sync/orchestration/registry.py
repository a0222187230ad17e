"""Every step a DAG can run for a partner, by name.

Operators name a step instead of importing it, so DAG files import nothing
heavy at parse time; the step's module loads when the task runs.
"""

from __future__ import annotations

import importlib

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
    # Gate of every scheduled run
    "partner_ready": "netsuite_ap_sync.orchestration.readiness:ready_to_sync",
}


def resolve(step: str):
    if step in STEPS:
        module, function = STEPS[step].split(":")
        return getattr(importlib.import_module(module), function)
    if found := _object_step(step):
        return found
    raise KeyError(f"unknown sync step {step!r}; known: {', '.join(sorted(STEPS))}, or stage_/validate_/post_<object>")


def _object_step(step: str):
    """``stage_<name>``, ``validate_<name>`` or ``post_<name>`` of an object spec not listed above
    (``netsuite_ap_sync.flows.objects``): a new object needs no entry here."""
    from netsuite_ap_sync.engine import steps
    from netsuite_ap_sync.flows.objects import by_name

    verb, _, name = step.partition("_")
    spec = by_name(name)
    if verb in ("stage", "validate", "post") and spec and spec.planner:
        return steps.bind(getattr(steps, verb), spec)
    return None
