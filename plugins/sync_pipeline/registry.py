"""Every step a DAG can run for a partner, by name.

Operators name a step instead of importing it, so DAG files import nothing
heavy at parse time; the step's module loads when the task runs.
"""

from __future__ import annotations

import importlib

STEPS = {
    # C1, C2: the initial sync
    "check_link": "sync_pipeline.initial_sync:check_link",
    "begin_initial_sync": "sync_pipeline.initial_sync:begin",
    "initial_customers": "sync_pipeline.initial_sync:sync_customers_first",
    "start_phase": "sync_pipeline.initial_sync:start_phase",
    "run_chunk": "sync_pipeline.initial_sync:run_chunk",
    "finish_phase": "sync_pipeline.initial_sync:finish_phase",
    # Hourly, NetSuite -> AP
    "refresh_ap_mirror": "sync_pipeline.inbound:refresh_ap_mirror",
    "stage_customers": "sync_pipeline.inbound:stage_customers",
    "validate_customers": "sync_pipeline.inbound:validate_customers",
    "post_customers": "sync_pipeline.inbound:post_customers",
    "stage_invoices": "sync_pipeline.inbound:stage_invoices",
    "validate_invoices": "sync_pipeline.inbound:validate_invoices",
    "post_invoices": "sync_pipeline.inbound:post_invoices",
    "stage_deletions": "sync_pipeline.inbound:stage_deletions",
    "post_archives": "sync_pipeline.inbound:post_archives",
    "sync_pdfs": "sync_pipeline.inbound:sync_pdfs",
    # Every five minutes, AP -> NetSuite
    "sync_deleted_payments": "sync_pipeline.outbound:sync_deleted_payments",
    "stage_payments": "sync_pipeline.outbound:stage_payments",
    "validate_payments": "sync_pipeline.outbound:validate_payments",
    "post_payments": "sync_pipeline.outbound:post_payments",
    "stage_payouts": "sync_pipeline.outbound:stage_payouts",
    "validate_payouts": "sync_pipeline.outbound:validate_payouts",
    "post_payouts": "sync_pipeline.outbound:post_payouts",
    # C3
    "choose_accounts": "sync_pipeline.accounts:choose",
    # Gate of every scheduled run
    "partner_gate": "sync_pipeline.partner_gate:gate",
}


def resolve(step: str):
    if step not in STEPS:
        raise KeyError(f"unknown sync step {step!r}; known: {', '.join(sorted(STEPS))}")
    module, function = STEPS[step].split(":")
    return getattr(importlib.import_module(module), function)
