"""The steps of a partner's hourly and payments syncs, wired in order; shared by
the scheduled DAGs and ``netsuite_sync_partner``.

Imported at parse time, so it imports the operators' module and nothing heavy.
"""

from __future__ import annotations

from airflow.sdk import chain

from sync_pipeline.operators import PartnerSyncOperator


def hourly_steps(partner_id, dry_run) -> None:
    """Customers, invoices, archived invoices and PDFs, NetSuite → AP, for one partner."""

    def step(name: str):
        return PartnerSyncOperator(task_id=name, step=name, partner_id=partner_id, dry_run=dry_run)

    gate = PartnerSyncOperator(task_id="gate", step="partner_gate", partner_id=partner_id)
    post_invoices = step("post_invoices")
    chain(
        gate,
        step("refresh_ap_mirror"),
        *(step(f"{stage}_customers") for stage in ("stage", "validate", "post")),
        step("stage_invoices"),
        step("validate_invoices"),
        post_invoices,
    )
    chain(post_invoices, step("stage_deletions"), step("post_archives"))
    post_invoices >> step("sync_pdfs")


def payments_steps(partner_id, dry_run) -> None:
    """Deleted payments, payments and payouts, AP → NetSuite, for one partner."""

    def step(name: str):
        return PartnerSyncOperator(task_id=name, step=name, partner_id=partner_id, dry_run=dry_run)

    gate = PartnerSyncOperator(
        task_id="gate", step="partner_gate", partner_id=partner_id, arguments={"need_twelve_months": True}
    )
    chain(
        gate,
        step("refresh_ap_mirror"),
        step("sync_deleted_payments"),
        *(step(f"{stage}_payments") for stage in ("stage", "validate", "post")),
        *(step(f"{stage}_payouts") for stage in ("stage", "validate", "post")),
    )
