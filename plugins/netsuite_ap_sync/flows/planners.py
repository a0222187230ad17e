"""Each object's planner and the rows it is given.

A reader (``*_rows``) reads a batch of validated staging rows together with what the
rules compare each record with (AP's mirror, the ledger, reports already made), so
the planner (``plan_*``) is a pure function of its rows: what the rules decide for
each. What a planner needs once per run (the partner's accounts, the synced
customers) it takes from the context when the run begins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.objects import ObjectSpec, Planned, Planner
from netsuite_ap_sync.engine.steps import BATCH, passed_rows
from netsuite_ap_sync.mapping import to_rules
from netsuite_ap_sync.rules.customers import plan_customer
from netsuite_ap_sync.rules.decisions import Hold, Mutation, Quarantine
from netsuite_ap_sync.rules.deletions import plan_deletion
from netsuite_ap_sync.rules.deposits import plan_payout
from netsuite_ap_sync.rules.invoices import plan_invoice
from netsuite_ap_sync.rules.keys import deposit_line_key
from netsuite_ap_sync.rules.payments import plan_payment, route_for
from netsuite_ap_sync.rules.records import PaymentRoute, PayoutPayment
from netsuite_ap_sync.rules.reversals import instead_of_s2
from netsuite_ap_sync.warehouse import staging

ZERO = Decimal("0")
Rows = Iterator[list[dict]]


# --- Customers (F1, F6, S6) ------------------------------------------------------------------


def customer_rows(ctx: RunContext, spec: ObjectSpec, run_ids: Sequence[str] | None = None) -> Rows:
    """Each customer with its AP mirror (``mirror``) and whether F6 reported it (``archive_reported``)."""
    for rows in passed_rows(ctx, spec, run_ids):
        mirrors = ctx.wh.ap_mirror.customers_by_external_id([r["source_id"] for r in rows])
        reported = ctx.wh.reports.manual_reported("F6", "customer")
        yield [
            {**row, "mirror": mirrors.get(row["source_id"]), "archive_reported": row["source_id"] in reported}
            for row in rows
        ]


def plan_customers(_ctx: RunContext) -> Planner:
    def planner(rows: list[dict]) -> Planned:
        planned = []
        for row in rows:
            ns = to_rules.ns_customer(row)
            mirror = to_rules.ap_customer(row["mirror"]) if row["mirror"] else None
            planned.append((int(row["id"]), ns.id, plan_customer(ns, mirror, archive_reported=row["archive_reported"])))
        return planned

    return planner


# --- Invoices (F2, S1, S3, S4, S5) -----------------------------------------------------------


def invoice_rows(ctx: RunContext, _spec: ObjectSpec, run_ids: Sequence[str] | None = None):
    """Invoices with their AP mirror and lines, read in one query (see ``staging.InvoiceRows``)."""
    return ctx.wh.staging.invoices_to_plan(run_ids, BATCH)


def plan_invoices(ctx: RunContext) -> Planner:
    """Needs nothing but its rows once the run's look-ups are taken, so it plans on every core."""
    unposted = ctx.wh.staging.unposted_ap_payments()
    # Every synced customer, as validation reads them: one look-up per run, not one per batch.
    customers = {**dry_run_customers(ctx), **ctx.wh.id_map.netsuite_to_ap("customer")}

    def planner(rows: staging.InvoiceRows) -> Planned:
        planned = []
        for row in rows:
            ns = to_rules.ns_invoice(row, row["lines"])
            ap_invoice = to_rules.ap_invoice(row["mirror"]) if row["mirror"] else None
            decisions = plan_invoice(
                ns,
                ap_invoice,
                ap_customer_id=customers.get(ns.customer_id),
                unposted_ap_payments=unposted.get(ap_invoice.id, ZERO) if ap_invoice else ZERO,
            )
            planned.append((int(row["id"]), ns.id, decisions))
        return planned

    return planner


def dry_run_customers(ctx: RunContext) -> dict[str, str]:
    """A dry run creates no AP customer: the invoices of those it would create (active, with
    an email) are validated and planned against a stand-in id, so the dry run shows their
    creation too."""
    if not ctx.dry_run:
        return {}
    return {
        r["source_id"]: f"(new AP customer for NetSuite {r['source_id']})"
        for r in ctx.wh.staging.customers_to_create()
        if not r["is_inactive"] and (r["email"] or "").strip()  # F1 creates only those with an email
    }


# --- Deleted records: F5/S8 archive invoices, F6 report customers ----------------------------


def deletion_rows(ctx: RunContext, spec: ObjectSpec, run_ids: Sequence[str] | None = None) -> Rows:
    """Each deletion with the AP invoice (``ap_invoice``) or customer (``ap_customer``) carrying
    its id, and whether F6 reported it (``archive_reported``)."""
    for rows in passed_rows(ctx, spec, run_ids):
        deletions = [to_rules.ns_deletion(row) for row in rows]
        invoice_ids = [d.record_id for d in deletions if d.record_type == "invoice"]
        customer_ids = [d.record_id for d in deletions if d.record_type == "customer"]
        ap_invoices = ctx.wh.ap_mirror.invoices_by_external_id(invoice_ids)
        ap_customers = ctx.wh.ap_mirror.customers_by_external_id(customer_ids)
        reported = ctx.wh.reports.manual_reported("F6", "customer")
        yield [
            {
                **row,
                "ap_invoice": ap_invoices.get(d.record_id) if d.record_type == "invoice" else None,
                "ap_customer": ap_customers.get(d.record_id) if d.record_type == "customer" else None,
                "archive_reported": d.record_id in reported,
            }
            for row, d in zip(rows, deletions, strict=True)
        ]


def plan_deletions(_ctx: RunContext) -> Planner:
    def planner(rows: list[dict]) -> Planned:
        planned = []
        for row in rows:
            decisions = plan_deletion(
                to_rules.ns_deletion(row),
                ap_invoice=to_rules.ap_invoice(row["ap_invoice"]) if row["ap_invoice"] else None,
                ap_customer=to_rules.ap_customer(row["ap_customer"]) if row["ap_customer"] else None,
                archive_reported=row["archive_reported"],
            )
            planned.append((int(row["id"]), row["source_id"], decisions))
        return planned

    return planner


# --- Payments (F3, S1, S2, S7) ---------------------------------------------------------------


def payment_rows(ctx: RunContext, spec: ObjectSpec, run_ids: Sequence[str] | None = None) -> Rows:
    """Each payment with its AP invoice (``mirror``), that invoice's newest NetSuite version with
    its lines (``ns_invoice``) and whether NetSuite deleted it (``ns_invoice_deleted``), and what
    the ledger knows of the payment (``ledger``)."""
    for rows in passed_rows(ctx, spec, run_ids):
        invoices = payment_invoices(ctx, rows)
        deleted = ctx.wh.staging.deleted_invoice_ids(
            list({m["external_id"] for m, _ in invoices.values() if m and m.get("external_id")})
        )
        facts = ctx.wh.ledger.posted_facts("payment", [r["source_id"] for r in rows])
        batch = []
        for row in rows:
            mirror, ns_invoice = invoices[row["source_id"]]
            ns_id = mirror.get("external_id") if mirror else None
            batch.append(
                {
                    **row,
                    "mirror": mirror,
                    "ns_invoice": ns_invoice,
                    "ns_invoice_deleted": ns_id in deleted if ns_id else False,
                    "ledger": facts.get(row["source_id"], {}),
                }
            )
        yield batch


def payment_invoices(ctx: RunContext, rows: Sequence[dict]) -> dict[str, tuple[dict | None, dict | None]]:
    """Per payment (``source_id``): its AP invoice from the mirror, and that invoice's newest NetSuite
    version with its lines (None where AP's invoice is unknown or came from no NetSuite invoice)."""
    mirrors = ctx.wh.ap_mirror.invoices_by_ap_id([r["invoice_id"] for r in rows if r["invoice_id"]])
    ns_ids = [m["external_id"] for m in mirrors.values() if m.get("external_id")]
    ns_rows = ctx.wh.staging.latest_ns_invoices(ns_ids)
    lines = ctx.wh.staging.invoice_lines(ns_ids)
    found = {}
    for row in rows:
        mirror = mirrors.get(row["invoice_id"] or "")
        ns_row = ns_rows.get(mirror.get("external_id")) if mirror and mirror.get("external_id") else None
        ns_invoice = (
            {**ns_row, "lines": lines.get((mirror["external_id"], ns_row["source_modified"]), ())} if ns_row else None
        )
        found[row["source_id"]] = (mirror, ns_invoice)
    return found


def plan_payments(ctx: RunContext) -> Planner:
    """Payments are planned in work-set order (AP's modification time, then id), one batch after
    the other. Several on one NetSuite invoice post in the same run, at the same time: each is
    checked against what the earlier ones leave unpaid (F3), so the earliest post and a later one
    that no longer fits is quarantined, never left to whichever post NetSuite happens to take first."""
    accounts = to_rules.partner_accounts(ctx.partner)
    reversal_settings = to_rules.reversal_settings(ctx.partner)
    reverted = ctx.wh.reports.manual_reported("S2", "payment")
    unposted = ctx.wh.staging.unposted_ap_payments()
    posting: dict[str, Decimal] = defaultdict(Decimal)  # NetSuite invoice id -> planned to post this run

    def planner(rows: list[dict]) -> Planned:
        planned = []
        for row in rows:
            payment = to_rules.ap_payment(row)
            ap_invoice = to_rules.ap_invoice(row["mirror"]) if row["mirror"] else None
            ns_id = ap_invoice.external_id if ap_invoice else None
            ns_row = row["ns_invoice"]
            passed = ns_row and ns_row.get("validation_status") == "passed"
            fact = row["ledger"]
            decisions = plan_payment(
                payment,
                ap_invoice=ap_invoice,
                ns_invoice=to_rules.ns_invoice(ns_row, ns_row["lines"]) if passed else None,
                accounts=accounts,
                posted_ns_payment_id=fact.get("remote_id"),
                deleted_by_partner=fact.get("deleted_by_partner", False),
                revert_reported=payment.id in reverted,
                ns_invoice_deleted=row["ns_invoice_deleted"],
                unposted_ap_payments=unposted.get(payment.invoice_id or "", ZERO),
                posting_before=posting[ns_id] if ns_id else ZERO,
            )
            route = route_for(payment, ap_invoice)
            decisions = instead_of_s2(decisions, reversal_settings, route, posted=fact.get("remote_id") is not None)
            if ns_id and any(isinstance(d, Mutation) and d.action == "create_customer_payment" for d in decisions):
                posting[ns_id] += payment.sub_total
            planned.append((int(row["id"]), payment.id, decisions))
        return planned

    return planner


# --- Payouts (F4, S7) ------------------------------------------------------------------------


def payout_rows(ctx: RunContext, spec: ObjectSpec, run_ids: Sequence[str] | None = None) -> Rows:
    """Each payout with what the ledger knows of it (``ledger``) and its staged payments by id
    (``payments``), each with its AP invoice (``mirror``), its ledger facts (``ledger``) and its
    NetSuite customer (``ns_customer_id``)."""
    for rows in passed_rows(ctx, spec, run_ids):
        payment_ids = {pid for row in rows for pid in to_rules.ap_payout(row).payment_ids}
        payments = {r["source_id"]: r for r in ctx.wh.staging.latest_ap_payments(payment_ids)}
        mirrors = ctx.wh.ap_mirror.invoices_by_ap_id([r["invoice_id"] for r in payments.values() if r["invoice_id"]])
        payment_facts = ctx.wh.ledger.posted_facts("payment", payments)
        payout_facts = ctx.wh.ledger.posted_facts("payout", [r["source_id"] for r in rows])
        customers = ctx.wh.ap_mirror.ns_customers_of({r["customer_id"] or "" for r in payments.values()})
        for payment_id, payment in payments.items():
            payments[payment_id] = {
                **payment,
                "mirror": mirrors.get(payment["invoice_id"] or ""),
                "ledger": payment_facts.get(payment_id, {}),
                "ns_customer_id": customers.get(payment["customer_id"] or ""),
            }
        yield [{**row, "payments": payments, "ledger": payout_facts.get(row["source_id"], {})} for row in rows]


def plan_payouts(ctx: RunContext) -> Planner:
    accounts = to_rules.partner_accounts(ctx.partner, ctx.wh.fee_accounts.chosen())
    stuck = _quarantined_payments(ctx)

    def planner(rows: list[dict]) -> Planned:
        planned = []
        for row in rows:
            payout = to_rules.ap_payout(row)
            members = [
                _payout_payment(ctx.partner_id, payout.id, row["payments"][pid])
                for pid in payout.payment_ids
                if pid in row["payments"]
            ]
            decisions = plan_payout(payout, members, accounts, posted_ns_deposit_id=row["ledger"].get("remote_id"))
            planned.append((int(row["id"]), payout.id, _blocked_by_quarantine(payout.id, decisions, members, stuck)))
        return planned

    return planner


def _payout_payment(partner_id: str, payout_id: str, row: dict) -> PayoutPayment:
    """One payment of a payout with what the ledger, the AP mirror and the id map know about it."""
    payment = to_rules.ap_payment(row)
    mirror = row["mirror"]
    route = route_for(payment, to_rules.ap_invoice(mirror) if mirror else None) or PaymentRoute.CUSTOMER_PAYMENT
    fact = row["ledger"]
    posted_as = fact.get("remote_id")
    if (
        route is PaymentRoute.STANDALONE_DEPOSIT
        and fact.get("key") == f"{partner_id}:{deposit_line_key(payment.id, payout_id)}"
    ):
        # This payout's own deposit, written before a crash kept the payout from being marked posted.
        posted_as = None
    return PayoutPayment(
        payment=payment,
        route=route,
        ns_payment_id=posted_as,
        deleted_by_partner=fact.get("deleted_by_partner", False),
        ns_customer_id=row["ns_customer_id"],
        invoice_number=mirror.get("invoice_number") if mirror else None,
    )


def _quarantined_payments(ctx: RunContext) -> dict[str, str]:
    return {
        e["source_id"]: f"{e['check_name']}: {e['reason']}"
        for e in ctx.wh.quarantine.open_entries()
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
