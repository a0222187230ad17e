"""NetSuite -> AP: customers (F1, F6, S6), invoices (F2, S1, S3, S4, S5),
archives (F5, S8) and PDFs (F8)."""

from __future__ import annotations

import time

from netsuite_ap_sync.engine.apply import Tally, apply_all
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.steps import bind, open_report, plans, post, reconcile, report, stage, validate
from netsuite_ap_sync.flows.objects import CUSTOMERS, DELETED_RECORDS, INVOICE_PDFS, INVOICES, PAYMENTS
from netsuite_ap_sync.mapping import ap_mirror_rows, to_rules
from netsuite_ap_sync.rules.pdfs import plan_invoice_pdf
from netsuite_ap_sync.warehouse.work import hourly_read_key

PAYMENTS_DAG_ID = "netsuite_payments_sync"  # its stage_payments reads AP payments itself


# --- AP's side, mirrored -------------------------------------------------------------


def refresh_ap_mirror(ctx: RunContext, payments: bool | None = None) -> dict:
    """Read AP customers and invoices changed since the last read (edits made in AP, payments),
    and stage AP payments made since the payments sync last ran: AP's balances already count
    them, so the invoice plans must too (S3), or an edit in NetSuite would undo them in AP.

    Where ``stage_payments`` follows (the payments step list passes ``payments=False``; left to
    None, a call in the payments sync's context) the payments are not read here: that step
    reads them a moment later with the same watermark, so one read of ``/payments`` is enough."""
    if payments is None:
        payments = ctx.dag_id != PAYMENTS_DAG_ID
    counts = {}
    for kind, pages, to_row, upsert in (
        ("customer", ctx.ap.iter_customers, ap_mirror_rows.customer, ctx.wh.ap_mirror.upsert_customers),
        ("invoice", ctx.ap.iter_invoices, ap_mirror_rows.invoice, ctx.wh.ap_mirror.upsert_invoices),
    ):
        state = f"ap_{kind}_mirror"
        since = ctx.wh.watermark(state)
        newest, count = since, 0
        for page in pages(updated_at_start=since) if since else pages():
            rows = [to_row(obj) for obj in page]
            upsert(rows)
            # AP records carrying an external id are this integration's: a task killed after
            # creating one may not have mapped it yet.
            ctx.wh.id_map.put_many(kind, [(r["external_id"], r["ap_id"]) for r in rows if r["external_id"]])
            count += len(rows)
            newest = max([newest or "", *(r["updated_at"] or "" for r in rows)]) or None
        if newest and newest != since:
            ctx.wh.advance_watermark(state, newest, ctx.run_id)
        if payments and newest:  # the hourly steps: AP's side read up to here (find_work's hourly probe)
            ctx.wh.advance_watermark(hourly_read_key(state), newest, ctx.run_id)
        counts[kind] = count
    if payments:
        counts["payment"] = PAYMENTS.extract(ctx, PAYMENTS).read
    return counts


# --- Each object's steps, bound to its spec (the step registry names them) -----------------

stage_customers = bind(stage, CUSTOMERS)
validate_customers = bind(validate, CUSTOMERS)
post_customers = bind(post, CUSTOMERS)
stage_invoices = bind(stage, INVOICES)
validate_invoices = bind(validate, INVOICES)
post_invoices = bind(post, INVOICES)
stage_deletions = bind(stage, DELETED_RECORDS)
# F5/S8 archive deleted invoices in AP; F6 report deleted customers for archiving by hand.
post_archives = bind(post, DELETED_RECORDS)


def sync_customers(ctx: RunContext) -> dict:
    """Extract, validate and reconcile customers in one call (the initial sync, tests)."""
    read = stage_customers(ctx)["read"]
    validate_customers(ctx)
    return {**post_customers(ctx), "extracted": read}


def reconcile_invoices(ctx: RunContext, run_ids=None) -> Tally:
    """Validate, then plan and post: the initial sync's chunks call this with their own run tag."""
    validate(ctx, INVOICES, run_ids)
    return reconcile(ctx, INVOICES, plans(ctx, INVOICES, run_ids), INVOICES.posters)


def invoice_plans(ctx: RunContext, run_ids=None):
    """The invoices' plans: read with their mirror and lines, so the planner needs nothing
    else and plans on every core."""
    return plans(ctx, INVOICES, run_ids)


# --- PDFs ----------------------------------------------------------------------------


def sync_pdfs(ctx: RunContext) -> dict:
    """F8: attach or re-render the PDF of every synced invoice whose PDF is missing or older."""
    started = time.monotonic()
    spec = INVOICE_PDFS
    open_report(ctx, spec)
    tally = Tally()
    rows = _invoices_needing_pdf(ctx)
    workers = ctx.netsuite_workers(spec.netsuite_workers)
    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        lines = ctx.wh.staging.invoice_lines([r["source_id"] for r in batch])
        planned = []
        for row in batch:
            ns = to_rules.ns_invoice(row, lines.get((row["source_id"], row["source_modified"]), ()))
            ap = to_rules.ap_invoice(row["mirror"]) if row.get("mirror") else None
            planned.append((0, ns.id, plan_invoice_pdf(ns, ap)))
        for result in apply_all(ctx, planned, spec.posters, workers=workers):
            tally.add(result, ctx.dry_run)
    return report(ctx, spec, tally, len(rows), started)


def _invoices_needing_pdf(ctx: RunContext) -> list[dict]:
    """Newest applied version of each invoice whose AP PDF is missing or from an older version, with its mirror."""
    staged = ctx.wh.staging.invoices_needing_pdf()
    mirrors = ctx.wh.ap_mirror.invoices_by_external_id([r["source_id"] for r in staged])
    for row in staged:
        row["mirror"] = mirrors.get(row["source_id"])
    return staged
