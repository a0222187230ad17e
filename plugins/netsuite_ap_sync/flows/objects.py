"""Every synced object, described once (``ObjectSpec``): the generic steps in
``engine.steps`` stage, validate and post each of them from this description."""

from __future__ import annotations

import os

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.objects import NETSUITE_RAW_KEYS, ObjectSpec
from netsuite_ap_sync.engine.plan_processes import available_processes
from netsuite_ap_sync.extract.ap import extract_ap_records, extract_payouts
from netsuite_ap_sync.extract.netsuite import (
    extract_customers,
    extract_deleted_payments,
    extract_deletions,
    extract_invoices,
)
from netsuite_ap_sync.flows import planners, reversals
from netsuite_ap_sync.mapping import staging_rows
from netsuite_ap_sync.posters.ap import ApPoster
from netsuite_ap_sync.posters.netsuite import NetSuitePoster
from netsuite_ap_sync.rules.customers import inactive_reason

INBOUND, OUTBOUND = "netsuite_to_ap", "ap_to_netsuite"
TO_AP = {"ap": ApPoster()}
TO_NETSUITE = {"netsuite": NetSuitePoster(), "ap": ApPoster()}
# AP's answers name their fields as the staging columns do.
AP_RAW_KEYS = {column: column for column in NETSUITE_RAW_KEYS}
# At most this many payments per post step; a longer backlog goes on in the next runs.
PAYMENTS_PER_RUN = 500


def payments_per_run() -> int:
    return int(os.environ.get("SYNC_PAYMENTS_PER_RUN", PAYMENTS_PER_RUN))


def invoice_validation_context(ctx: RunContext) -> dict:
    known = set(ctx.wh.id_map.netsuite_to_ap("customer"))
    return {
        "known_customers": known | set(planners.dry_run_customers(ctx)),
        "customer_reasons": _customers_not_in_ap(ctx),
    }


def _customers_not_in_ap(ctx: RunContext) -> dict[str, str]:
    """Why customers are kept out of AP (quarantined, or inactive: F6), so the invoices
    waiting on them say so rather than only that the customer is not synced."""
    reasons: dict[str, str] = {}
    for row in ctx.wh.staging.customers_not_in_ap():
        reason = row["reason"] if row["reason"] is not None else inactive_reason(row["source_id"], row["entity_id"])
        reasons.setdefault(row["source_id"], reason)
    return reasons


def close_deleted(ctx: RunContext, source_ids: list[str]) -> None:
    """I4: versions of deleted records still waiting (quarantined, held) can no longer be fixed
    in NetSuite; they are closed and leave quarantine instead of waiting for ever."""
    deleted = [source_id.split(":", 1) for source_id in source_ids]
    for record_type, quarantined_as in (("invoice", ("invoice", "invoice_pdf")), ("customer", ("customer",))):
        ids = sorted({record_id for kind, record_id in deleted if kind.lower() == record_type})
        if not ids:
            continue
        ctx.wh.staging.close_deleted(record_type, ids)
        for object_type in quarantined_as:
            ctx.wh.quarantine.resolve(object_type, ids)


def _to_ap(name: str, object_type: str, table: str, watermark: str, **rest) -> ObjectSpec:
    """A NetSuite object posted to AP."""
    return ObjectSpec(name, object_type, table, watermark, INBOUND, posters=TO_AP, raw_keys=NETSUITE_RAW_KEYS, **rest)


def _to_netsuite(name: str, object_type: str, table: str, watermark: str, **rest) -> ObjectSpec:
    """An AP object posted to NetSuite."""
    return ObjectSpec(name, object_type, table, watermark, OUTBOUND, posters=TO_NETSUITE, raw_keys=AP_RAW_KEYS, **rest)


CUSTOMERS = _to_ap(
    "customers",
    "customer",
    "stg_ns_customer",
    "customer",
    suite="customer",
    extract=extract_customers,
    planner=planners.plan_customers,
    read=planners.customer_rows,
    refused_label="customer",
)
INVOICES = _to_ap(
    "invoices",
    "invoice",
    "stg_ns_invoice",
    "invoice",
    suite="invoice",
    extract=extract_invoices,
    planner=planners.plan_invoices,
    read=planners.invoice_rows,
    processes=available_processes,
    validation_context=invoice_validation_context,
    refused_label="invoice",
    lines_table="stg_ns_invoice_line",
)
DELETED_RECORDS = _to_ap(
    "deletions",
    "deleted_record",
    "stg_ns_deleted_record",
    "deleted_record",
    extract=extract_deletions,
    planner=planners.plan_deletions,
    read=planners.deletion_rows,
    validated_in_post=True,
    after_post=close_deleted,
    refused_label="deleted record",
)
# F8: synced invoices' PDFs, read from the invoices' staging table by ``sync_pdfs``.
INVOICE_PDFS = ObjectSpec(
    "pdfs",
    "invoice_pdf",
    INVOICES.table,
    None,
    INBOUND,
    posters=TO_AP,
    netsuite_workers=5,
    lines_table=INVOICES.lines_table,
)
PAYMENTS = _to_netsuite(
    "payments",
    "payment",
    "stg_ap_payment",
    "ap_payment",
    suite="ap_payment",
    extract=extract_ap_records,
    ap_pages="iter_payments",
    to_row=staging_rows.ap_payment,
    planner=planners.plan_payments,
    read=planners.payment_rows,
    netsuite_workers=5,
    per_run=payments_per_run,
)
PAYOUTS = _to_netsuite(
    "payouts",
    "payout",
    "stg_ap_payout",
    "ap_payout",
    suite="ap_payout",
    extract=extract_payouts,
    ap_pages="iter_payouts",
    to_row=staging_rows.ap_payout,
    planner=planners.plan_payouts,
    read=planners.payout_rows,
    netsuite_workers=2,
)
# R1-R4: reversed payments, copied from the payments' staging (no AP request of their own),
# validated by the post step (nothing to check beyond the payments' suite) and planned after
# the payouts, so a payment deposited in this run is reversed as deposited.
REVERSALS = _to_netsuite(
    "reversals",
    "reversal",
    "stg_ap_reversal",
    "ap_reversal",
    extract=reversals.stage_reversed_payments,
    planner=reversals.plan_reversals,
    read=reversals.reversal_rows,
    validated_in_post=True,
    netsuite_workers=2,
)
# F7: read and applied by ``sync_deleted_payments`` (it marks the ledger; AP learns it from the invoice).
DELETED_PAYMENTS = ObjectSpec(
    "deleted_payments",
    "deleted_payment",
    "stg_ns_deleted_payment",
    "deleted_payment",
    OUTBOUND,
    extract=extract_deleted_payments,
)

OBJECTS = (CUSTOMERS, INVOICES, DELETED_RECORDS, DELETED_PAYMENTS, PAYMENTS, PAYOUTS, REVERSALS, INVOICE_PDFS)


def by_type(object_type: str) -> ObjectSpec | None:
    return next((spec for spec in OBJECTS if spec.object_type == object_type), None)


def by_name(name: str) -> ObjectSpec | None:
    return next((spec for spec in OBJECTS if spec.name == name), None)
