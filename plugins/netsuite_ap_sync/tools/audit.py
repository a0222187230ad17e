"""Check invariants I1-I5 for one partner against both live systems and the warehouse.

Reads NetSuite through SuiteQL and AP through its API, like the sync itself,
so it runs the same against the sandboxes and a real partner. Returns the
violations (empty: reconciled) and a summary of what moved each way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.extract.suiteql_files import keyset_query
from netsuite_ap_sync.flows.objects import OBJECTS
from netsuite_ap_sync.mapping import ap_mirror_rows, staging_rows, to_rules
from netsuite_ap_sync.mapping.values import to_money
from netsuite_ap_sync.rules import invariants as inv
from netsuite_ap_sync.rules.keys import payment_external_id
from netsuite_ap_sync.rules.payments import route_for
from netsuite_ap_sync.rules.records import (
    PAYMENT_REVERSED,
    ApInvoice,
    ApPayment,
    ApPayout,
    NsCustomerPayment,
    NsDeposit,
    NsInvoice,
    PaymentRoute,
)

ZERO = Decimal("0.00")
# Staging table -> the watermark that covers it (I5).
STREAMS = {spec.table: spec.watermark for spec in OBJECTS if spec.watermark}


def _suiteql(ctx: RunContext, name: str, params: list) -> list[dict]:
    query = keyset_query(name, params, key="t.id")
    workers = ctx.netsuite_workers(5)
    return [row for page in ctx.netsuite.suiteql.parallel_pages(query, workers=workers) for row in page]


def _ap_all(pages) -> list[dict]:
    return [record for page in pages() for record in page]


@dataclass(frozen=True)
class Systems:
    """What both systems hold for one partner, read through the hooks (never the warehouse)."""

    payments: list[ApPayment]
    payouts: list[ApPayout]
    ap_invoices: dict[str, ApInvoice]  # by AP id
    ap_invoices_raw: list[dict]
    routes: dict[str, PaymentRoute]  # AP payment id -> how it reaches NetSuite
    ns_payments: list[NsCustomerPayment]
    ns_deposits: list[NsDeposit]
    open_invoices: list[dict]  # SuiteQL rows of every unpaid NetSuite invoice


def read_systems(ctx: RunContext) -> Systems:
    """AP's payments, payouts and invoices, and NetSuite's posted payments, deposits and unpaid invoices."""
    ap_payments_raw = _ap_all(ctx.ap.iter_payments)
    payouts_raw = [
        {**p, "payment_ids": [str(t["id"]) for page in ctx.ap.iter_payout_transactions(str(p["id"])) for t in page]}
        for p in _ap_all(ctx.ap.iter_payouts)
    ]
    ap_invoices_raw = _ap_all(ctx.ap.iter_invoices)
    ap_invoices = {str(i["id"]): to_rules.ap_invoice(ap_mirror_rows.invoice(i)) for i in ap_invoices_raw}
    payments = [to_rules.ap_payment(staging_rows.ap_payment(p, ctx.partner_id, "audit")) for p in ap_payments_raw]
    payouts = [to_rules.ap_payout(staging_rows.ap_payout(p, ctx.partner_id, "audit")) for p in payouts_raw]
    routes = {p.id: route_for(p, ap_invoices.get(p.invoice_id or "")) for p in payments}
    ns_payments = [
        NsCustomerPayment(str(r["id"]), r.get("externalid"), str(r.get("entity") or ""), to_money(r["foreigntotal"]))
        for r in _suiteql(ctx, "audit_customer_payments.sql", ["apay-%"])
    ]
    ns_deposits = [
        NsDeposit(str(r["id"]), r.get("externalid"), to_money(r["foreigntotal"]))
        for r in _suiteql(ctx, "audit_deposits.sql", ["ap%"])
    ]
    open_invoices = _suiteql(ctx, "audit_open_invoices.sql", [0])
    return Systems(payments, payouts, ap_invoices, ap_invoices_raw, routes, ns_payments, ns_deposits, open_invoices)


def audit(ctx: RunContext) -> dict:
    systems = read_systems(ctx)
    payments, payouts, routes = systems.payments, systems.payouts, systems.routes
    ns_payments, ns_deposits = systems.ns_payments, systems.ns_deposits

    exempt = exempt_payments(ctx)
    quarantined = quarantined_records(ctx)
    reversals = _reversal_snapshot(ctx, payments, routes, exempt, quarantined)
    violations = inv.check_reversals(reversals)
    violations += inv.check_i1(
        inv.PaymentSnapshot(
            ap_payments=tuple(payments),
            ns_invoice_payment_ids=frozenset(p for p, r in routes.items() if r is PaymentRoute.CUSTOMER_PAYMENT),
            ns_customer_payments=tuple(ns_payments),
            exempt_payment_ids=frozenset(
                exempt
                | {s for o, s in quarantined if o in ("payment", "reversal")}
                | {p.id for p in reversals.reversed_payments}
            ),
        )
    )
    violations += inv.check_i2(
        inv.PayoutSnapshot(
            payouts=tuple(payouts),
            ns_deposits=tuple(ns_deposits),
            exempt_payout_ids=frozenset(s for o, s in quarantined if o == "payout"),
        )
    )
    checked_invoices, skipped_invoices, balance_gaps = invoice_inputs(ctx, systems, exempt, quarantined)
    violations += inv.check_i3(
        inv.InvoiceSnapshot(
            ns_invoices=tuple(checked_invoices),
            ap_invoices=tuple(systems.ap_invoices.values()),
            unposted_ap_payments=balance_gaps,
        )
    )
    violations += _i4(ctx) + _i5(ctx)
    return {
        "violations": violations,
        "summary": summary(ctx),
        "checked": {
            "ap_payments": len(payments),
            "payouts": len(payouts),
            "ns_customer_payments": len(ns_payments),
            "ns_deposits": len(ns_deposits),
            "unpaid_ns_invoices": len(checked_invoices),
            "unpaid_ns_invoices_quarantined": skipped_invoices,
        },
    }


def quarantined_records(ctx: RunContext) -> set[tuple[str, str]]:
    """(object type, source id) of every record quarantined with a reason."""
    return {(e["object_type"], e["source_id"]) for e in ctx.wh.quarantine.open_entries()}


def invoice_inputs(
    ctx: RunContext, systems: Systems, exempt: set[str], quarantined: set
) -> tuple[list[NsInvoice], int, dict[str, Decimal]]:
    """I3's unpaid NetSuite invoices (those quarantined left out, counted) and, per NetSuite invoice,
    what AP's balance may lawfully differ by: payments not yet posted, less reversals awaiting a revert."""
    checked, skipped = _i3_invoices(ctx, systems.open_invoices, quarantined)
    gaps = _unposted_by_ns_invoice(ctx, systems.ap_invoices)
    awaiting = _awaiting_revert_by_ns_invoice(
        systems.payments, systems.routes, systems.ap_invoices, systems.ns_payments, exempt
    )
    for ns_id, amount in awaiting.items():
        gaps[ns_id] = gaps.get(ns_id, ZERO) - amount
    return checked, skipped, gaps


def exempt_payments(ctx: RunContext) -> set[str]:
    """S2 (reversed after posting, listed to revert by hand) and F7 (deleted by the partner)."""
    exempt = {a["source_id"] for a in ctx.wh.reports.manual_actions() if a["rule"] == "S2"}
    return exempt | ctx.wh.ledger.deleted_by_partner()


def _reversal_snapshot(ctx: RunContext, payments, routes, exempt: set[str], quarantined: set) -> inv.ReversalSnapshot:
    """R1-R3: the reversed payments an automatic partner's NetSuite must show reversed (posted as customer
    payments, neither listed by hand, deleted by the partner, nor quarantined), and our refunds and credit memos."""
    ledger = ctx.wh.ledger.posted_facts("payment", [p.id for p in payments if p.status in PAYMENT_REVERSED])
    by_hand = exempt | {a["source_id"] for a in ctx.wh.reports.manual_actions() if a["rule"] == "R3"}
    booked = ctx.wh.reversals.posted_actions(list(ledger))
    automatic = to_rules.reversal_settings(ctx.partner).automatic
    reversed_payments = tuple(
        p
        for p in payments
        if p.id in ledger
        and routes.get(p.id) is PaymentRoute.CUSTOMER_PAYMENT
        and ("create_customer_refund" in booked.get(p.id, {}) or automatic)
        and p.id not in by_hand
        and ("reversal", p.id) not in quarantined
    )
    return inv.ReversalSnapshot(
        reversed_payments=reversed_payments,
        ns_refunds=tuple(_ns_documents(ctx, "CustRfnd", "arfd-%")),
        ns_credit_memos=tuple(_ns_documents(ctx, "CustCred", "arcm-%")),
    )


def _ns_documents(ctx: RunContext, tran_type: str, external_ids: str) -> list[NsCustomerPayment]:
    rows = _suiteql(ctx, "audit_reversals.sql", [tran_type, external_ids])
    return [
        NsCustomerPayment(str(r["id"]), r.get("externalid"), str(r.get("entity") or ""), to_money(r["foreigntotal"]))
        for r in rows
    ]


def _i3_invoices(ctx: RunContext, rows: list[dict], quarantined: set) -> tuple[list, int]:
    """Unpaid NetSuite invoices as rule records; those quarantined with a reason are reported, not checked."""
    checked, skipped = [], 0
    for row in rows:
        staged = staging_rows.ns_invoice(row, ctx.partner_id, "audit")
        if ("invoice", staged["source_id"]) in quarantined or staged["currency"] is None:
            skipped += 1
            continue
        checked.append(to_rules.ns_invoice(staged))
    return checked, skipped


def _unposted_by_ns_invoice(ctx: RunContext, ap_invoices: dict) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for ap_id, amount in ctx.wh.staging.unposted_ap_payments().items():
        ap = ap_invoices.get(ap_id)
        if ap and ap.external_id:
            out[ap.external_id] = amount
    return out


def _awaiting_revert_by_ns_invoice(payments, routes, ap_invoices, ns_payments, exempt) -> dict[str, Decimal]:
    """S2: reversed in AP (balance given back there) while their customer payment still stands in NetSuite.

    Until the partner reverts it by hand, NetSuite's amount unpaid is lower than AP's by that much.
    """
    standing = {p.external_id for p in ns_payments}
    out: dict[str, Decimal] = {}
    for payment in payments:
        if (
            payment.status not in PAYMENT_REVERSED
            or payment.id not in exempt
            or routes.get(payment.id) is not PaymentRoute.CUSTOMER_PAYMENT
            or payment_external_id(payment.id) not in standing
        ):
            continue
        ns_id = ap_invoices[payment.invoice_id].external_id
        out[ns_id] = out.get(ns_id, ZERO) + payment.sub_total
    return out


def _i4(ctx: RunContext) -> list[str]:
    rows = ctx.wh.staging.outcomes({spec.object_type: spec.table for spec in OBJECTS if spec.watermark})
    ids = tuple(f"{kind}:{row_id}" for kind, row_id, _ in rows)
    outcomes = {f"{kind}:{row_id}": outcome for kind, row_id, outcome in rows if outcome}
    return inv.check_i4(inv.RunSnapshot(ids, outcomes))


def _i5(ctx: RunContext) -> list[str]:
    """I5 per stream: the watermark is not past the oldest record still new or held."""
    violations = []
    for table, stream in STREAMS.items():
        first_open = ctx.wh.table(table).first_open()
        watermark = ctx.wh.watermark(stream)
        if watermark and first_open and watermark > first_open:
            violations.append(f"I5: {stream} watermark {watermark} is past a record still open since {first_open}")
    return violations


def summary(ctx: RunContext) -> dict:
    """What moved each way, what is held, quarantined or waiting for a person."""
    moved, held = ctx.wh.reports.moved(), ctx.wh.reports.held()
    open_quarantine = ctx.wh.quarantine.open_entries()
    return {
        "moved": moved,
        "held": held,
        "quarantined": dict(Counter(f"{e['object_type']}: {e['check_name']}" for e in open_quarantine)),
        "quarantine_reasons": _one_reason_per_check(open_quarantine),
        "manual_actions": ctx.wh.reports.manual_actions(),
        "ap_mirror_invoices": len(ctx.wh.ap_mirror.all_invoices()),
    }


def _one_reason_per_check(entries: list[dict]) -> dict[str, str]:
    """The stored reason of the first record under each check, so a person reads what to do."""
    reasons: dict[str, str] = {}
    for e in entries:
        reasons.setdefault(f"{e['object_type']}: {e['check_name']}", f"{e['source_id']}: {e['reason']}")
    return reasons
