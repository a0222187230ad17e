"""The steps of one partner's hourly and payments syncs, wired in order; shared by
the scheduled DAGs (after ``find_work``) and ``netsuite_sync_partner`` (after its readiness check).

Imported at parse time, so it imports the operators' module and nothing heavy.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import BaseOperator, chain

from netsuite_ap_sync.orchestration.operators import PartnerSyncOperator


def _steps(partner_id, dry_run, operator_args: dict[str, Any]):
    def step(name: str) -> PartnerSyncOperator:
        return PartnerSyncOperator(task_id=name, step=name, partner_id=partner_id, dry_run=dry_run, **operator_args)

    return step


def hourly_steps(partner_id, dry_run, **operator_args: Any) -> BaseOperator:
    """Customers, invoices, archived invoices and PDFs, NetSuite → AP, for one partner; returns the first step."""
    step = _steps(partner_id, dry_run, operator_args)
    first, post_invoices = step("refresh_ap_mirror"), step("post_invoices")
    chain(
        first,
        *(step(f"{stage}_customers") for stage in ("stage", "validate", "post")),
        step("stage_invoices"),
        step("validate_invoices"),
        post_invoices,
    )
    chain(post_invoices, step("stage_deletions"), step("post_archives"))
    post_invoices >> step("sync_pdfs")
    return first


def payments_steps(partner_id, dry_run, **operator_args: Any) -> BaseOperator:
    """Deleted payments, payments and payouts, AP → NetSuite, for one partner; returns the first step."""
    step = _steps(partner_id, dry_run, operator_args)
    first = step("refresh_ap_mirror")
    chain(
        first,
        step("sync_deleted_payments"),
        *(step(f"{stage}_payments") for stage in ("stage", "validate", "post")),
        *(step(f"{stage}_payouts") for stage in ("stage", "validate", "post")),
    )
    return first


def readiness_check(partner_id, **arguments: Any) -> PartnerSyncOperator:
    """C1/C4 and the initial-sync phase checked before a partner's steps, for a run that names one partner
    (the scheduled DAGs do this in ``find_work``)."""
    return PartnerSyncOperator(
        task_id="check_partner", step="partner_ready", partner_id=partner_id, arguments=arguments
    )
