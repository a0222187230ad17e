"""AP -> NetSuite: payments (F3, S1, S2, S7), deposits (F4) and deleted payments (F7).

Held records (C3 accounts not chosen, payments not yet succeeded, S7 payments
waiting for their payout, payouts waiting for their payments) stay in the work
set and post on a later run.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from decimal import Decimal

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.steps import (
    ObjectSpec,
    advance,
    at_most,
    plans,
    reconcile,
    report,
    report_read,
    staged_lines,
    validate_staged,
)
from netsuite_ap_sync.extract.ap import extract_payments, extract_payouts
from netsuite_ap_sync.extract.netsuite import read_from, stage_invoice_pages
from netsuite_ap_sync.extract.suiteql_files import plain_query
from netsuite_ap_sync.flows.netsuite_to_ap import INVOICES, invoice_validation_context
from netsuite_ap_sync.mapping import staging_rows, to_rules
from netsuite_ap_sync.posters.ap import ApPoster
from netsuite_ap_sync.posters.netsuite import NetSuitePoster
from netsuite_ap_sync.rules.decisions import Hold, Mutation, Quarantine
from netsuite_ap_sync.rules.deposits import plan_payout
from netsuite_ap_sync.rules.keys import deposit_line_key
from netsuite_ap_sync.rules.payments import plan_payment, route_for
from netsuite_ap_sync.rules.records import PaymentRoute, PayoutPayment
from netsuite_ap_sync.warehouse import ap_mirror, ledger, quarantine, staging
from netsuite_ap_sync.warehouse.sql import execute_in, load_sql, select_in

OUTBOUND = "ap_to_netsuite"
PAYMENTS = ObjectSpec("payment", "stg_ap_payment", "ap_payment", OUTBOUND)
PAYOUTS = ObjectSpec("payout", "stg_ap_payout", "ap_payout", OUTBOUND)
DELETED_PAYMENTS = ObjectSpec("deleted_payment", "stg_ns_deleted_payment", None, OUTBOUND)
POSTERS = {"netsuite": NetSuitePoster(), "ap": ApPoster()}
# At most this many payments per post step; a longer backlog goes on in the next runs.
PAYMENTS_PER_RUN = 500


def payments_per_run() -> int:
    return int(os.environ.get("SYNC_PAYMENTS_PER_RUN", PAYMENTS_PER_RUN))


# --- Ledger facts ---------------------------------------------------------------------


def _ledger_facts(ctx: RunContext, object_type: str, source_ids) -> dict[str, dict]:
    """Per source id: the NetSuite record posted for it (for an S7 payment, the deposit holding it
    as a line, with that line's ledger key) and whether the partner deleted it."""
    facts: dict[str, dict] = defaultdict(dict)
    rows = select_in(
        ctx.engine,
        "ledger/by_sources.sql",
        "source_ids",
        source_ids,
        partner_id=ctx.partner_id,
        object_type=object_type,
    )
    for row in rows:
        if row["action"] in ("create_customer_payment", "create_deposit", "deposit_line") and row["status"] in (
            "posted",
            "deleted_by_partner",
        ):
            facts[row["source_id"]] = {
                "remote_id": row["remote_id"],
                "deleted_by_partner": row["status"] == "deleted_by_partner",
                "key": row["idempotency_key"],
            }
    return facts


def _latest_ns_invoices(ctx: RunContext, ids) -> dict[str, dict]:
    rows = select_in(ctx.engine, "staging/ns_invoices_latest.sql", "ids", ids, partner_id=ctx.partner_id)
    return {r["source_id"]: r for r in rows}


def _reported(ctx: RunContext, rule: str) -> set[str]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            load_sql("staging/manual_reported.sql"),
            {"partner_id": ctx.partner_id, "rule": rule, "object_type": "payment"},
        )
        return {r[0] for r in rows}


# --- Payments -------------------------------------------------------------------------


def _plan_payments(ctx: RunContext):
    """Payments are planned in work-set order (AP's modification time, then id), one batch after
    the other. Several on one NetSuite invoice post in the same run, at the same time: each is
    checked against what the earlier ones leave unpaid (F3), so the earliest post and a later one
    that no longer fits is quarantined, never left to whichever post NetSuite happens to take first."""
    accounts = to_rules.partner_accounts(ctx.partner)
    reverted = _reported(ctx, "S2")
    unposted = staging.unposted_ap_payments(ctx.engine, ctx.partner_id)
    posting: dict[str, Decimal] = defaultdict(Decimal)  # NetSuite invoice id -> planned to post this run

    def planner(rows: list[dict]):
        payments = [(row, to_rules.ap_payment(row)) for row in rows]
        ap_invoices = ap_mirror.invoices_by_ap_id(
            ctx.engine, ctx.partner_id, [p.invoice_id for _, p in payments if p.invoice_id]
        )
        ns_ids = [r["external_id"] for r in ap_invoices.values() if r.get("external_id")]
        ns_rows = _latest_ns_invoices(ctx, ns_ids)
        lines = staged_lines(ctx, ns_ids)
        deleted = {
            r["source_id"].split(":", 1)[1]
            for r in select_in(
                ctx.engine,
                "staging/deleted_invoice_ids.sql",
                "ids",
                [f"invoice:{i}" for i in ns_ids],
                partner_id=ctx.partner_id,
            )
        }
        facts = _ledger_facts(ctx, "payment", [p.id for _, p in payments])
        planned = []
        for row, payment in payments:
            mirror = ap_invoices.get(payment.invoice_id or "")
            ap_invoice = to_rules.ap_invoice(mirror) if mirror else None
            ns_id = ap_invoice.external_id if ap_invoice else None
            ns_row = ns_rows.get(ns_id) if ns_id else None
            ns_invoice = (
                to_rules.ns_invoice(ns_row, lines.get((ns_row["source_id"], ns_row["source_modified"]), ()))
                if ns_row and ns_row.get("validation_status") == "passed"
                else None
            )
            fact = facts.get(payment.id, {})
            decisions = plan_payment(
                payment,
                ap_invoice=ap_invoice,
                ns_invoice=ns_invoice,
                accounts=accounts,
                posted_ns_payment_id=fact.get("remote_id"),
                deleted_by_partner=fact.get("deleted_by_partner", False),
                revert_reported=payment.id in reverted,
                ns_invoice_deleted=ns_id in deleted if ns_id else False,
                unposted_ap_payments=unposted.get(payment.invoice_id or "", Decimal("0")),
                posting_before=posting[ns_id] if ns_id else Decimal("0"),
            )
            if ns_id and any(isinstance(d, Mutation) and d.action == "create_customer_payment" for d in decisions):
                posting[ns_id] += payment.sub_total
            planned.append((int(row["id"]), payment.id, decisions))
        return planned

    return planner


def _ns_customers_of(ctx: RunContext, ap_customer_ids) -> dict[str, str]:
    """AP customer id -> NetSuite customer id, through the mirror's external ids."""
    rows = select_in(
        ctx.engine, "ap_mirror/customers_by_ap_id.sql", "ap_ids", ap_customer_ids, partner_id=ctx.partner_id
    )
    return {r["ap_id"]: r["external_id"] for r in rows if r.get("external_id")}


def stage_payments(ctx: RunContext) -> dict:
    out = extract_payments(ctx)
    report_read(ctx, PAYMENTS, out["read"])
    return out


def validate_payments(ctx: RunContext) -> dict:
    return validate_staged(ctx, PAYMENTS)


def post_payments(ctx: RunContext) -> dict:
    started = time.monotonic()
    workers = ctx.netsuite_workers(5)
    planned = at_most(plans(ctx, PAYMENTS, _plan_payments(ctx)), payments_per_run())
    tally = reconcile(ctx, PAYMENTS, planned, POSTERS, workers)
    advance(ctx, PAYMENTS, watermark_object="ap_payment")
    return report(ctx, PAYMENTS, tally, 0, started)


# --- Payouts --------------------------------------------------------------------------


def _plan_payouts(ctx: RunContext):
    accounts = to_rules.partner_accounts(ctx.partner)

    def planner(rows: list[dict]):
        payouts = [(row, to_rules.ap_payout(row)) for row in rows]
        payment_ids = {pid for _, p in payouts for pid in p.payment_ids}
        payment_rows = select_in(
            ctx.engine, "staging/ap_payments_latest.sql", "ids", payment_ids, partner_id=ctx.partner_id
        )
        payments = {r["source_id"]: to_rules.ap_payment(r) for r in payment_rows}
        ap_invoices = ap_mirror.invoices_by_ap_id(
            ctx.engine, ctx.partner_id, [p.invoice_id for p in payments.values() if p.invoice_id]
        )
        payment_facts = _ledger_facts(ctx, "payment", payments)
        payout_facts = _ledger_facts(ctx, "payout", [p.id for _, p in payouts])
        customers = _ns_customers_of(ctx, {p.customer_id for p in payments.values()})
        planned = []
        for row, payout in payouts:
            members = [
                _payout_payment(ctx, payout.id, payments[pid], ap_invoices, payment_facts, customers)
                for pid in payout.payment_ids
                if pid in payments
            ]
            decisions = plan_payout(
                payout, members, accounts, posted_ns_deposit_id=payout_facts.get(payout.id, {}).get("remote_id")
            )
            planned.append((int(row["id"]), payout.id, _blocked_by_quarantine(payout.id, decisions, members, stuck)))
        return planned

    stuck = _quarantined_payments(ctx)
    return planner


def _payout_payment(
    ctx: RunContext, payout_id: str, payment, ap_invoices: dict, facts: dict, customers: dict
) -> PayoutPayment:
    """One payment of a payout with what the ledger, the AP mirror and the id map know about it."""
    mirror = ap_invoices.get(payment.invoice_id or "")
    route = route_for(payment, to_rules.ap_invoice(mirror) if mirror else None) or PaymentRoute.CUSTOMER_PAYMENT
    fact = facts.get(payment.id, {})
    posted_as = fact.get("remote_id")
    if (
        route is PaymentRoute.STANDALONE_DEPOSIT
        and fact.get("key") == f"{ctx.partner_id}:{deposit_line_key(payment.id, payout_id)}"
    ):
        # This payout's own deposit, written before a crash kept the payout from being marked posted.
        posted_as = None
    return PayoutPayment(
        payment=payment,
        route=route,
        ns_payment_id=posted_as,
        deleted_by_partner=fact.get("deleted_by_partner", False),
        ns_customer_id=customers.get(payment.customer_id),
        invoice_number=mirror.get("invoice_number") if mirror else None,
    )


def _quarantined_payments(ctx: RunContext) -> dict[str, str]:
    return {
        e["source_id"]: f"{e['check_name']}: {e['reason']}"
        for e in quarantine.open_entries(ctx.engine, ctx.partner_id)
        if e["object_type"] == "payment"
    }


def _blocked_by_quarantine(payout_id: str, decisions: list, members: list[PayoutPayment], stuck: dict) -> list:
    """F4 holds a payout until all its payments are posted; one of them quarantined waits for a person,
    so the payout is quarantined too, with that reason, instead of held without one (I4)."""
    if not (len(decisions) == 1 and isinstance(decisions[0], Hold) and decisions[0].rule == "F4"):
        return decisions
    waiting = [pp.payment.id for pp in members if pp.ns_payment_id is None and pp.payment.id in stuck]
    if not waiting:
        return decisions
    reasons = "; ".join(f"AP payment {pid} ({stuck[pid]})" for pid in waiting)
    return [
        Quarantine(
            "F4:payments_quarantined",
            "payout",
            payout_id,
            f"payout {payout_id} is deposited whole once its quarantined payments are resolved: {reasons}",
        )
    ]


def stage_payouts(ctx: RunContext) -> dict:
    out = extract_payouts(ctx)
    report_read(ctx, PAYOUTS, out["read"])
    return out


def validate_payouts(ctx: RunContext) -> dict:
    return validate_staged(ctx, PAYOUTS)


def post_payouts(ctx: RunContext) -> dict:
    started = time.monotonic()
    workers = ctx.netsuite_workers(2)
    tally = reconcile(ctx, PAYOUTS, plans(ctx, PAYOUTS, _plan_payouts(ctx)), POSTERS, workers)
    advance(ctx, PAYOUTS, watermark_object="ap_payout")
    return report(ctx, PAYOUTS, tally, 0, started)


# --- F7: customer payments the partner deleted in NetSuite ----------------------------------


def sync_deleted_payments(ctx: RunContext) -> dict:
    """Mark what the partner deleted (never re-post), re-read its invoices, reopen the AP balance."""
    started = time.monotonic()
    read = 0
    for page in ctx.netsuite.suiteql.pages(plain_query("deleted_payments.sql"), [read_from(ctx, "deleted_payment")]):
        rows = [staging_rows.ns_deletion(r, ctx.partner_id, ctx.run_id) for r in page]
        read += len(rows)
        staging.insert(ctx.engine, DELETED_PAYMENTS.table, rows)
    ours = []
    outcomes = []
    with ctx.engine.connect() as conn:
        open_rows = [
            dict(r)
            for r in conn.execute(staging.work_set_query(ctx.engine, DELETED_PAYMENTS.table, ctx.partner_id)).mappings()
        ]
    for row in open_rows:
        ns_payment_id = row["source_id"].split(":", 1)[1]
        source = None if ctx.dry_run else _mark_deleted(ctx, ns_payment_id)
        if source:
            ours.append(source)
        outcomes.append((row["id"], "applied" if source else "skipped", "F7" if source else "S3"))
    if ours and not ctx.dry_run:
        _reread_invoices_of(ctx, ours)
        execute_in(ctx.engine, "staging/reopen_payments.sql", "ids", ours, partner_id=ctx.partner_id)
    if not ctx.dry_run:
        staging.set_outcomes(ctx.engine, DELETED_PAYMENTS.table, outcomes)
        advance(ctx, DELETED_PAYMENTS)
    return {
        "object": "deleted_payment",
        "read": read,
        "ours": len(ours),
        "seconds": round(time.monotonic() - started, 3),
    }


def _mark_deleted(ctx: RunContext, ns_payment_id: str) -> str | None:
    """The AP payment this integration posted as ``ns_payment_id``, now marked deleted by the partner."""
    with ctx.engine.connect() as conn:
        row = conn.execute(
            load_sql("ledger/source_of_remote.sql"), {"partner_id": ctx.partner_id, "remote_id": ns_payment_id}
        ).first()
    if row is None:
        return None  # the partner's own payment: the invoice's new balance arrives with it (S3)
    ledger.mark_deleted_by_partner(ctx.engine, ctx.partner_id, ns_payment_id)
    return row[0]


def _reread_invoices_of(ctx: RunContext, ap_payment_ids: list[str]) -> None:
    """Stage the current NetSuite version of the invoices those payments were applied to."""
    payments = select_in(ctx.engine, "staging/ap_payments_latest.sql", "ids", ap_payment_ids, partner_id=ctx.partner_id)
    mirrors = ap_mirror.invoices_by_ap_id(
        ctx.engine, ctx.partner_id, [p["invoice_id"] for p in payments if p["invoice_id"]]
    )
    ns_ids = sorted({m["external_id"] for m in mirrors.values() if m.get("external_id")})
    if not ns_ids:
        return
    pages = ctx.netsuite.suiteql.pages(plain_query("invoices_by_id.sql", ids=len(ns_ids)), ns_ids)
    stage_invoice_pages(ctx, pages, ctx.run_id)
    validate_staged(ctx, INVOICES, invoice_validation_context(ctx))
    _hold_for_hourly(ctx)


def _hold_for_hourly(ctx: RunContext) -> None:
    """Invoice versions staged here reach AP with the hourly cycle (S3); until then they are held (I4)."""
    query = staging.work_set_query(ctx.engine, INVOICES.table, ctx.partner_id, [ctx.run_id])
    with ctx.engine.connect() as conn:
        waiting = [row.id for row in conn.execute(query) if row.outcome is None]
    staging.set_outcomes(ctx.engine, INVOICES.table, [(row_id, "held", "F7") for row_id in waiting])
