"""I1/I2 at volume: 500 AP payments (full, partial, failed or refunded after
posting, on AP-created invoices) and 20 payouts, synced over several cycles;
every succeeded payment is in NetSuite exactly once and every payout is one
deposit with the right total."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from tests.pipeline.outbound_support import (
    CENT,
    ap_created_invoice,
    assert_audit_clean,
    manual_actions,
    money,
    world_with_invoices,
)

NS_INVOICES = 300
AP_INVOICES = 50
PAYOUTS = 20


def _amount(n: int) -> float:
    """Invoice totals from 40.00 to about 1,300 with varied cents."""
    return round(40 + (n * 37.13) % 1260, 2)


def _share(amount: Decimal, percent: int) -> Decimal:
    return (amount * percent / 100).quantize(CENT)


def _pay_out(ap, payment_ids: list[str], payouts: int) -> list[dict]:
    """Deal the payments over ``payouts`` payouts (each a mix of kinds), with AP's default fees."""
    return [ap.create_payout(payment_ids=payment_ids[i::payouts]) for i in range(payouts)]


def test_I1_I2_500_payments_and_20_payouts_each_appear_exactly_once_in_netsuite(partner_world):
    world, ns_ids = world_with_invoices(partner_world, [_amount(n) for n in range(NS_INVOICES)])
    world.set_up_accounts()
    ap = world.ap_controls
    ap_ids = {i["external_id"]: i["id"] for i in world.ap_state()["invoices"]}
    invoices = [(ap_ids[str(ns_id)], Decimal(str(_amount(n)))) for n, ns_id in enumerate(ns_ids)]
    full, partial = invoices[:150], invoices[150:]

    # Cycle 1: 150 full payments (some with a card surcharge), 150 partial ones, 50 on AP-created invoices.
    first = [ap.pay_invoice(inv, surcharge=Decimal("1.25") if n % 7 == 0 else None) for n, (inv, _) in enumerate(full)]
    first += [ap.pay_invoice(inv, amount=_share(total, 40), payment_method="ach") for inv, total in partial]
    standalone = [
        ap.pay_invoice(ap_created_invoice(world, Decimal(20 + n), f"AP-{9000 + n}")["id"]) for n in range(AP_INVOICES)
    ]
    first_cycle = world.payments()["payments"]
    assert first_cycle["posted"] == 300 and first_cycle["held"] == AP_INVOICES, "S7 payments wait for their payout"

    # ACH returns and refunds after posting (S2), the rest of the partial invoices, 10 payouts.
    reversed_ids = {p["id"] for p in first[:20]} | {p["id"] for p in first[150:160]}
    for payment in first[:20]:
        ap.fail_payment(payment["id"])
    for payment in first[150:160]:
        ap.refund_payment(payment["id"])
    second = [ap.pay_invoice(inv, amount=total - _share(total, 40)) for inv, total in partial[10:110]]
    second += [ap.pay_invoice(inv, amount=_share(total, 30), payment_method="ach") for inv, total in partial[110:]]
    settled = [p["id"] for p in first + standalone if p["id"] not in reversed_ids]
    payouts = _pay_out(ap, settled, PAYOUTS // 2)
    cycle = world.payments()
    assert cycle["payments"]["posted"] == 140 and cycle["payments"]["manual_actions"] == 30
    assert cycle["payouts"]["posted"] == PAYOUTS // 2

    # The partner reverts the refunds by hand (S2); then those customers pay again in full.
    posted = {p["externalid"]: p["id"] for p in world.ns_records("payments")["payments"]}
    for payment in first[150:160]:
        world.ns_controls.delete("customerpayment", posted[f"apay-{payment['id']}"])
    assert world.payments()["deleted_payments"]["ours"] == 10
    second += [ap.pay_invoice(inv) for inv, _ in partial[:10]]
    assert len(first) + len(standalone) + len(second) == 500
    payouts += _pay_out(ap, [p["id"] for p in second], PAYOUTS // 2)
    cycle = world.payments()
    assert cycle["payments"]["posted"] == 10 and cycle["payouts"]["posted"] == PAYOUTS // 2
    again = world.payments()
    assert again["payments"]["posted"] == 0 and again["payouts"]["posted"] == 0

    result = assert_audit_clean(world)
    assert result["checked"]["ap_payments"] == 500 and result["checked"]["payouts"] == PAYOUTS

    # Counted by external id in NetSuite, independently of the audit.
    records = world.ns_records("payments", "deposits")
    apay = Counter(p["externalid"] for p in records["payments"] if (p["externalid"] or "").startswith("apay-"))
    deposits = Counter(d["externalid"] for d in records["deposits"] if d["externalid"])
    f3_payments = {p["id"]: p for p in first + second}
    reverted_by_hand = {f"apay-{p['id']}" for p in first[150:160]}
    assert apay == Counter(f"apay-{pid}" for pid in f3_payments if f"apay-{pid}" not in reverted_by_hand)
    # S7: the payments on AP-created invoices are lines of their payouts' deposits, none on its own.
    assert deposits == Counter(f"apo-{p['id']}" for p in payouts)
    totals = {d["externalid"]: money(d["foreigntotal"]) for d in records["deposits"]}
    for payout in payouts:
        assert totals[f"apo-{payout['id']}"] == money(payout["total"]), payout["id"]
    other_lines = Counter(
        line["memo"].split()[3] for d in records["deposits"] for line in d["other"] if "AP invoice" in line["memo"]
    )
    assert other_lines == Counter(p["id"] for p in standalone)
    ns_amounts = {p["externalid"]: money(p["foreigntotal"]) for p in records["payments"]}
    assert all(ns_amounts[eid] == money(f3_payments[eid[5:]]["sub_total"]) for eid in apay)
    assert {a["source_id"] for a in manual_actions(world, "S2")} == reversed_ids
