"""AP -> NetSuite: payments (F3, S1, S2, S7), deposits (F4) and deleted payments (F7).

Held records (C3 accounts not chosen, payments not yet succeeded, S7 payments
waiting for their payout, payouts waiting for their payments) stay in the work
set and post on a later run.
"""

from __future__ import annotations

import time

from netsuite_ap_sync.engine import steps
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.extract.netsuite import stage_invoice_pages
from netsuite_ap_sync.extract.suiteql_files import plain_query
from netsuite_ap_sync.flows.objects import (
    DELETED_PAYMENTS,
    INVOICES,
    PAYMENTS,
    PAYOUTS,
)

# --- Each object's steps, bound to its spec (the step registry names them) -----------------

stage_payments = steps.bind(steps.stage, PAYMENTS)
validate_payments = steps.bind(steps.validate, PAYMENTS)
post_payments = steps.bind(steps.post, PAYMENTS)
stage_payouts = steps.bind(steps.stage, PAYOUTS)
validate_payouts = steps.bind(steps.validate, PAYOUTS)
post_payouts = steps.bind(steps.post, PAYOUTS)


# --- F7: customer payments the partner deleted in NetSuite ----------------------------------


def sync_deleted_payments(ctx: RunContext) -> dict:
    """Mark what the partner deleted (never re-post), re-read its invoices, reopen the AP balance."""
    started = time.monotonic()
    read = DELETED_PAYMENTS.extract(ctx, DELETED_PAYMENTS).read
    ours = []
    outcomes = []
    for row in ctx.wh.table(DELETED_PAYMENTS.table).open_rows():
        ns_payment_id = row["source_id"].split(":", 1)[1]
        source = None if ctx.dry_run else _mark_deleted(ctx, ns_payment_id)
        if source:
            ours.append(source)
        outcomes.append((row["id"], "applied" if source else "skipped", "F7" if source else "S3"))
    if ours and not ctx.dry_run:
        _reread_invoices_of(ctx, ours)
        ctx.wh.staging.reopen_payments(ours)
    if not ctx.dry_run:
        ctx.wh.table(DELETED_PAYMENTS.table).set_outcomes(outcomes)
        steps.advance(ctx, DELETED_PAYMENTS)
    return {
        "object": "deleted_payment",
        "read": read,
        "ours": len(ours),
        "seconds": round(time.monotonic() - started, 3),
    }


def _mark_deleted(ctx: RunContext, ns_payment_id: str) -> str | None:
    """The AP payment this integration posted as ``ns_payment_id``, now marked deleted by the partner."""
    source = ctx.wh.ledger.source_of_remote(ns_payment_id)
    if source is None:
        return None  # the partner's own payment: the invoice's new balance arrives with it (S3)
    ctx.wh.ledger.mark_deleted_by_partner(ns_payment_id)
    return source


def _reread_invoices_of(ctx: RunContext, ap_payment_ids: list[str]) -> None:
    """Stage the current NetSuite version of the invoices those payments were applied to."""
    payments = ctx.wh.staging.latest_ap_payments(ap_payment_ids)
    mirrors = ctx.wh.ap_mirror.invoices_by_ap_id([p["invoice_id"] for p in payments if p["invoice_id"]])
    ns_ids = sorted({m["external_id"] for m in mirrors.values() if m.get("external_id")})
    if not ns_ids:
        return
    pages = ctx.netsuite.suiteql.pages(plain_query("invoices_by_id.sql", ids=len(ns_ids)), ns_ids)
    stage_invoice_pages(ctx, INVOICES, pages, ctx.run_id)
    steps.validate(ctx, INVOICES)
    _hold_for_hourly(ctx)


def _hold_for_hourly(ctx: RunContext) -> None:
    """Invoice versions staged here reach AP with the hourly cycle (S3); until then they are held (I4)."""
    invoices = ctx.wh.table(INVOICES.table)
    waiting = [row["id"] for row in invoices.open_rows([ctx.run_id]) if row["outcome"] is None]
    invoices.set_outcomes([(row_id, "held", "F7") for row_id in waiting])
