"""Reversed AP payments (R1-R4): staged from the payments' staging, read with what NetSuite
holds for each, and planned by ``rules.reversals``.

The reversals read nothing from AP themselves: ``stage_payments`` has read the payment's new
status already, so staging a reversal copies the reversed versions staged after the
reversals' watermark.
"""

from __future__ import annotations

from collections.abc import Sequence

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.objects import ObjectSpec, Planned, Planner
from netsuite_ap_sync.engine.steps import passed_rows
from netsuite_ap_sync.extract.extracted import Extracted
from netsuite_ap_sync.flows.planners import payment_invoices
from netsuite_ap_sync.mapping import staging_rows, to_rules
from netsuite_ap_sync.mapping.values import text, to_money
from netsuite_ap_sync.rules.money import ZERO
from netsuite_ap_sync.rules.payments import route_for
from netsuite_ap_sync.rules.reversals import PostedPayment, plan_reversal

to_row = staging_rows.ap_record(
    invoice_id=text,
    customer_id=text,
    status=text,
    total=to_money,
    sub_total=to_money,
    payment_method=text,
    failure_reason=text,
)


def stage_reversed_payments(ctx: RunContext, spec: ObjectSpec) -> Extracted:
    """The reversed payment versions staged since the reversals' watermark, copied into their table."""
    answers = ctx.wh.reversals.reversed_payments_since(ctx.wh.watermark(spec.watermark))
    rows = [to_row(answer, ctx.partner_id, ctx.run_id) for answer in answers]
    return Extracted(read=len(rows), staged=ctx.wh.table(spec.table).insert(rows))


def reversal_rows(ctx: RunContext, spec: ObjectSpec, run_ids: Sequence[str] | None = None):
    """Each reversed payment with its AP invoice (``mirror``), its NetSuite invoice (``ns_invoice``,
    with its lines), the customer payment posted for it (``ledger``), the deposit holding that
    (``deposit_id``), the reversal actions already posted (``done``) and whether S2 listed it."""
    listed = ctx.wh.reports.manual_reported("S2", "payment")
    for rows in passed_rows(ctx, spec, run_ids):
        ids = [r["source_id"] for r in rows]
        invoices = payment_invoices(ctx, rows)
        facts = ctx.wh.ledger.posted_facts("payment", ids)
        deposits = ctx.wh.reversals.deposits_holding([pid for pid in ids if pid in facts])
        done = ctx.wh.reversals.posted_actions(ids)
        batch = []
        for row in rows:
            mirror, ns_invoice = invoices[row["source_id"]]
            batch.append(
                {
                    **row,
                    "mirror": mirror,
                    "ns_invoice": ns_invoice,
                    "ledger": facts.get(row["source_id"], {}),
                    "deposit_id": deposits.get(row["source_id"]),
                    "done": frozenset(done.get(row["source_id"], {})),
                    "listed_by_hand": row["source_id"] in listed,
                }
            )
        yield batch


def posted_payment(row: dict) -> PostedPayment | None:
    """What NetSuite holds for the payment, from the ledger and the warehouse's NetSuite invoice."""
    fact = row["ledger"]
    if not fact.get("remote_id"):
        return None
    ns = row["ns_invoice"] if _passed(row["ns_invoice"]) else None
    items = [line["item"] for line in (ns or {}).get("lines", ()) if line.get("item")]
    mirror = row["mirror"] or {}
    return PostedPayment(
        ns_payment_id=fact["remote_id"],
        ns_invoice_id=ns["source_id"] if ns else mirror.get("external_id"),
        ns_customer_id=ns["customer_id"] if ns else None,
        invoice_number=mirror.get("invoice_number"),
        currency=mirror.get("currency"),
        currency_id=to_rules.ns_invoice(ns, ns["lines"]).currency_id if ns else None,
        item_id=str(items[0]) if items else None,
        deposit_id=row["deposit_id"],
        deleted_by_partner=fact.get("deleted_by_partner", False),
    )


def _passed(ns_row: dict | None) -> bool:
    """A NetSuite invoice reading that passed validation: only such a reading is read into the rules' records."""
    return bool(ns_row) and ns_row.get("validation_status") == "passed"


def plan_reversals(ctx: RunContext) -> Planner:
    settings = to_rules.reversal_settings(ctx.partner)
    accounts = to_rules.partner_accounts(ctx.partner)
    unposted = ctx.wh.staging.unposted_ap_payments()

    def planner(rows: list[dict]) -> Planned:
        planned = []
        for row in rows:
            payment = to_rules.ap_payment(row)
            mirror = row["mirror"]
            decisions = plan_reversal(
                payment,
                posted_payment(row),
                route=route_for(payment, to_rules.ap_invoice(mirror) if mirror else None),
                settings=settings,
                accounts=accounts,
                failure_reason=row.get("failure_reason"),
                listed_by_hand=row["listed_by_hand"],
                done=row["done"],
                ap_invoice=to_rules.ap_invoice(mirror) if mirror else None,
                unposted_ap_payments=unposted.get(payment.invoice_id or "", ZERO),
            )
            planned.append((int(row["id"]), payment.id, decisions))
        return planned

    return planner
