"""NetSuite -> AP: customers (F1, F6, S6), invoices (F2, S1, S3, S4, S5),
archives (F5, S8) and PDFs (F8)."""

from __future__ import annotations

import logging
import time
from decimal import Decimal

from netsuite_ap_sync.engine import refusals
from netsuite_ap_sync.engine.apply import Tally, apply_all
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.plan_processes import available_processes
from netsuite_ap_sync.engine.steps import (
    BATCH,
    ObjectSpec,
    advance,
    open_report,
    plans,
    reconcile,
    report,
    report_read,
    staged_lines,
    validate_staged,
)
from netsuite_ap_sync.extract.ap import extract_payments
from netsuite_ap_sync.extract.netsuite import extract_customers, extract_deletions, extract_invoices
from netsuite_ap_sync.mapping import ap_mirror_rows, to_rules
from netsuite_ap_sync.posters.ap import ApPoster
from netsuite_ap_sync.rules.customers import inactive_reason, plan_customer
from netsuite_ap_sync.rules.deletions import plan_deletion
from netsuite_ap_sync.rules.invoices import plan_invoice
from netsuite_ap_sync.rules.pdfs import plan_invoice_pdf
from netsuite_ap_sync.rules.records import NsDeletion
from netsuite_ap_sync.warehouse import ap_mirror, id_map, quarantine, staging
from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import execute_in, load_sql
from netsuite_ap_sync.warehouse.sync_state import advance_watermark, get_watermark

log = logging.getLogger(__name__)
INBOUND = "netsuite_to_ap"
PAYMENTS_DAG_ID = "netsuite_payments_sync"  # its stage_payments reads AP payments itself
CUSTOMERS = ObjectSpec("customer", "stg_ns_customer", "customer", INBOUND)
INVOICES = ObjectSpec("invoice", "stg_ns_invoice", "invoice", INBOUND)
DELETIONS = ObjectSpec("deleted_record", "stg_ns_deleted_record", None, INBOUND)
POSTERS = {"ap": ApPoster()}


# --- AP's side, mirrored -------------------------------------------------------------


def refresh_ap_mirror(ctx: RunContext, payments: bool | None = None) -> dict:
    """Read AP customers and invoices changed since the last read (edits made in AP, payments),
    and stage AP payments made since the payments sync last ran: AP's balances already count
    them, so the invoice plans must too (S3), or an edit in NetSuite would undo them in AP.

    In the payments sync (``payments`` left to None there) the payments are not read here:
    its ``stage_payments`` reads them a moment later with the same watermark, so one read
    of ``/payments`` per run is enough."""
    if payments is None:
        payments = ctx.dag_id != PAYMENTS_DAG_ID
    counts = {}
    for kind, pages, to_row, upsert in (
        ("customer", ctx.ap.iter_customers, ap_mirror_rows.customer, ap_mirror.upsert_customers),
        ("invoice", ctx.ap.iter_invoices, ap_mirror_rows.invoice, ap_mirror.upsert_invoices),
    ):
        state = f"ap_{kind}_mirror"
        since = get_watermark(ctx.engine, ctx.partner_id, state)
        newest, count = since, 0
        for page in pages(updated_at_start=since) if since else pages():
            rows = [to_row(obj) for obj in page]
            upsert(ctx.engine, ctx.partner_id, rows)
            # AP records carrying an external id are this integration's: a task killed after
            # creating one may not have mapped it yet.
            id_map.put_many(
                ctx.engine, ctx.partner_id, kind, [(r["external_id"], r["ap_id"]) for r in rows if r["external_id"]]
            )
            count += len(rows)
            newest = max([newest or "", *(r["updated_at"] or "" for r in rows)]) or None
        if newest and newest != since:
            advance_watermark(ctx.engine, ctx.partner_id, state, newest, ctx.run_id)
        counts[kind] = count
    if payments:
        counts["payment"] = extract_payments(ctx)["read"]
    return counts


# --- Customers -----------------------------------------------------------------------


def _plan_customers(ctx: RunContext):
    def planner(rows: list[dict]):
        ap = ap_mirror.customers_by_external_id(ctx.engine, ctx.partner_id, [r["source_id"] for r in rows])
        reported = _manual_reported(ctx, "F6", "customer")
        planned = []
        for row in rows:
            ns = to_rules.ns_customer(row)
            mirror = ap.get(ns.id)
            decisions = plan_customer(
                ns, to_rules.ap_customer(mirror) if mirror else None, archive_reported=ns.id in reported
            )
            planned.append((int(row["id"]), ns.id, decisions))
        return planned

    return planner


def validate_customers(ctx: RunContext) -> dict:
    return validate_staged(ctx, CUSTOMERS)


def post_customers(ctx: RunContext) -> dict:
    started = time.monotonic()
    tally = reconcile(ctx, CUSTOMERS, plans(ctx, CUSTOMERS, _plan_customers(ctx)), POSTERS)
    advance(ctx, CUSTOMERS)
    summary = report(ctx, CUSTOMERS, tally, 0, started)
    refusals.stop_if_most_refused(ctx, "customer", tally)
    return summary


def sync_customers(ctx: RunContext) -> dict:
    """Extract, validate and reconcile customers in one call (the initial sync, tests)."""
    read = stage_customers(ctx)["read"]
    validate_customers(ctx)
    return {**post_customers(ctx), "extracted": read}


def stage_customers(ctx: RunContext) -> dict:
    out = extract_customers(ctx)
    report_read(ctx, CUSTOMERS, out.read)
    return {"read": out.read, "new_versions": out.staged}


# --- Invoices ------------------------------------------------------------------------


def invoice_validation_context(ctx: RunContext) -> dict:
    known = set(id_map.netsuite_to_ap(ctx.engine, ctx.partner_id, "customer"))
    return {"known_customers": known | set(_dry_run_customers(ctx)), "customer_reasons": _customers_not_in_ap(ctx)}


def _customers_not_in_ap(ctx: RunContext) -> dict[str, str]:
    """Why customers are kept out of AP (quarantined, or inactive: F6), so the invoices
    waiting on them say so rather than only that the customer is not synced."""
    reasons: dict[str, str] = {}
    with ctx.engine.connect() as conn:
        for row in conn.execute(load_sql("staging/customers_not_in_ap.sql"), {"partner_id": ctx.partner_id}):
            reason = row.reason if row.reason is not None else inactive_reason(row.source_id, row.entity_id)
            reasons.setdefault(row.source_id, reason)
    return reasons


def _dry_run_customers(ctx: RunContext) -> dict[str, str]:
    """A dry run creates no AP customer: the invoices of those it would create (active, with
    an email) are validated and planned against a stand-in id, so the dry run shows their
    creation too."""
    if not ctx.dry_run:
        return {}
    with ctx.engine.connect() as conn:
        rows = conn.execute(load_sql("staging/customers_to_create.sql"), {"partner_id": ctx.partner_id})
        return {
            r.source_id: f"(new AP customer for NetSuite {r.source_id})"
            for r in rows
            if not r.is_inactive and (r.email or "").strip()  # F1 creates only those with an email
        }


def _plan_invoices(ctx: RunContext):
    unposted = _unposted_ap_payments(ctx)
    # Every synced customer, as validation reads them: one look-up per run, not one per batch.
    customers = {**_dry_run_customers(ctx), **id_map.netsuite_to_ap(ctx.engine, ctx.partner_id, "customer")}

    def planner(rows: staging.InvoiceRows):
        planned = []
        for row in rows:
            ns = to_rules.ns_invoice(row, row["lines"])
            ap_invoice = to_rules.ap_invoice(row["mirror"]) if row["mirror"] else None
            decisions = plan_invoice(
                ns,
                ap_invoice,
                ap_customer_id=customers.get(ns.customer_id),
                unposted_ap_payments=unposted.get(ap_invoice.id, Decimal("0")) if ap_invoice else Decimal("0"),
            )
            planned.append((int(row["id"]), ns.id, decisions))
        return planned

    return planner


def _invoices_to_plan(ctx: RunContext, _spec: ObjectSpec, run_ids=None):
    """Invoices with their AP mirror and lines, read in one query (``planner`` rows)."""
    return staging.invoices_to_plan(ctx.engine, ctx.partner_id, run_ids, BATCH)


def _unposted_ap_payments(ctx: RunContext) -> dict[str, Decimal]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(load_sql("staging/unposted_ap_payments.sql"), {"partner_id": ctx.partner_id})
        return {invoice_id: Decimal(str(amount)) for invoice_id, amount in rows}


def validate_invoices(ctx: RunContext, run_ids=None) -> dict:
    return validate_staged(ctx, INVOICES, invoice_validation_context(ctx), run_ids)


def reconcile_invoices(ctx: RunContext, run_ids=None, workers: int = 8) -> Tally:
    """Validate, then plan and post: the initial sync's chunks call this with their own run tag."""
    validate_invoices(ctx, run_ids)
    return reconcile(ctx, INVOICES, invoice_plans(ctx, run_ids), POSTERS, workers)


def invoice_plans(ctx: RunContext, run_ids=None):
    """The invoices' plans: read with their mirror and lines, so the planner needs nothing
    else and plans on every core."""
    return plans(ctx, INVOICES, _plan_invoices(ctx), run_ids, _invoices_to_plan, available_processes())


def post_invoices(ctx: RunContext) -> dict:
    started = time.monotonic()
    tally = reconcile(ctx, INVOICES, invoice_plans(ctx), POSTERS)
    advance(ctx, INVOICES)
    summary = report(ctx, INVOICES, tally, 0, started)
    refusals.stop_if_most_refused(ctx, "invoice", tally)
    return summary


def stage_invoices(ctx: RunContext) -> dict:
    out = extract_invoices(ctx)
    report_read(ctx, INVOICES, out.read)
    return {"read": out.read, "new_versions": out.staged, "lines": out.lines}


# --- Deletions: F5/S8 archive invoices, F6 report customers, F7 payments ----------------


def _plan_deletions(ctx: RunContext, seen: list[NsDeletion]):
    def planner(rows: list[dict]):
        deletions = [(row, to_rules.ns_deletion(row)) for row in rows]
        seen.extend(d for _, d in deletions)
        invoice_ids = [d.record_id for _, d in deletions if d.record_type == "invoice"]
        customer_ids = [d.record_id for _, d in deletions if d.record_type == "customer"]
        ap_invoices = ap_mirror.invoices_by_external_id(ctx.engine, ctx.partner_id, invoice_ids)
        ap_customers = ap_mirror.customers_by_external_id(ctx.engine, ctx.partner_id, customer_ids)
        reported = _manual_reported(ctx, "F6", "customer")
        planned = []
        for row, deletion in deletions:
            invoice = ap_invoices.get(deletion.record_id) if deletion.record_type == "invoice" else None
            customer = ap_customers.get(deletion.record_id) if deletion.record_type == "customer" else None
            decisions = plan_deletion(
                deletion,
                ap_invoice=to_rules.ap_invoice(invoice) if invoice else None,
                ap_customer=to_rules.ap_customer(customer) if customer else None,
                archive_reported=deletion.record_id in reported,
            )
            planned.append((int(row["id"]), row["source_id"], decisions))
        return planned

    return planner


def stage_deletions(ctx: RunContext) -> dict:
    out = extract_deletions(ctx)
    report_read(ctx, DELETIONS, out.read)
    return {"read": out.read, "new_versions": out.staged}


def post_archives(ctx: RunContext) -> dict:
    """F5/S8 archive deleted invoices in AP; F6 report deleted customers for archiving by hand."""
    started = time.monotonic()
    validate_staged(ctx, DELETIONS)
    deleted: list[NsDeletion] = []
    tally = reconcile(ctx, DELETIONS, plans(ctx, DELETIONS, _plan_deletions(ctx, deleted)), POSTERS)
    if not ctx.dry_run:
        _close_deleted(ctx, deleted)
    advance(ctx, DELETIONS, watermark_object="deleted_record")
    summary = report(ctx, DELETIONS, tally, 0, started)
    refusals.stop_if_most_refused(ctx, "deleted record", tally)
    return summary


def _close_deleted(ctx: RunContext, deletions: list[NsDeletion]) -> None:
    """I4: versions of deleted records still waiting (quarantined, held) can no longer be fixed
    in NetSuite; they are closed and leave quarantine instead of waiting for ever."""
    for record_type, quarantined_as in (("invoice", ("invoice", "invoice_pdf")), ("customer", ("customer",))):
        ids = sorted({d.record_id for d in deletions if d.record_type.lower() == record_type})
        if not ids:
            continue
        execute_in(
            ctx.engine, f"staging/close_deleted_{record_type}s.sql", "ids", ids, partner_id=ctx.partner_id, now=utcnow()
        )
        for object_type in quarantined_as:
            quarantine.resolve(ctx.engine, ctx.partner_id, object_type, ids)


# --- PDFs ----------------------------------------------------------------------------


def sync_pdfs(ctx: RunContext) -> dict:
    """F8: attach or re-render the PDF of every synced invoice whose PDF is missing or older."""
    started = time.monotonic()
    spec = ObjectSpec("invoice_pdf", "stg_ns_invoice", None, INBOUND)
    open_report(ctx, spec)
    tally = Tally()
    rows = _invoices_needing_pdf(ctx)
    workers = ctx.netsuite_workers(5)
    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        lines = staged_lines(ctx, [r["source_id"] for r in batch])
        planned = []
        for row in batch:
            ns = to_rules.ns_invoice(row, lines.get((row["source_id"], row["source_modified"]), ()))
            ap = to_rules.ap_invoice(row["mirror"]) if row.get("mirror") else None
            planned.append((0, ns.id, plan_invoice_pdf(ns, ap)))
        for result in apply_all(ctx, planned, POSTERS, workers=workers):
            tally.add(result, ctx.dry_run)
    return report(ctx, spec, tally, len(rows), started)


def _invoices_needing_pdf(ctx: RunContext) -> list[dict]:
    """Newest applied version of each invoice whose AP PDF is missing or from an older version."""
    with ctx.engine.connect() as conn:
        staged = [
            dict(r)
            for r in conn.execute(
                load_sql("staging/invoices_needing_pdf.sql"), {"partner_id": ctx.partner_id}
            ).mappings()
        ]
    mirrors = ap_mirror.invoices_by_external_id(ctx.engine, ctx.partner_id, [r["source_id"] for r in staged])
    for row in staged:
        row["mirror"] = mirrors.get(row["source_id"])
    return staged


def _manual_reported(ctx: RunContext, rule: str, object_type: str) -> set[str]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            load_sql("staging/manual_reported.sql"),
            {"partner_id": ctx.partner_id, "rule": rule, "object_type": object_type},
        )
        return {r[0] for r in rows}
