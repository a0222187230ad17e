"""The whole cycle on both warehouse dialects: initial sync, held payments,
account set-up, payments, a failure, a payout, and an audit with no violation."""

from __future__ import annotations

from decimal import Decimal


def test_I1_to_I5_hold_after_a_full_cycle(partner_world):
    world = partner_world(customers=12, invoices=80)
    world.initial_sync()
    partner = world.partner()
    assert (partner.status, partner.initial_phase, partner.progress_left) == ("connected", "done", 0)
    ap = world.ap_controls
    # Any invoice with a balance will do (the data set's dates decide how many are untouched).
    open_invoices = [
        i
        for i in world.ap_state()["invoices"]
        if i["status"] in ("open", "partially_paid") and Decimal(str(i["amount_due"])) > Decimal("10.00")
    ]
    assert len(open_invoices) >= 3
    paid = ap.pay_invoice(open_invoices[0]["id"])
    ap.pay_invoice(open_invoices[1]["id"], amount=Decimal("10.00"), payment_method="ach")
    failed = ap.pay_invoice(open_invoices[2]["id"], payment_method="ach")

    held = world.payments()["payments"]
    assert held["held"] == 3 and held["posted"] == 0, "C3: held until the accounts are chosen"
    world.set_up_accounts()
    posted = world.payments()["payments"]
    assert posted["posted"] == 3
    ap.fail_payment(failed["id"])
    ap.create_payout()
    cycle = world.payments()
    assert cycle["payouts"]["posted"] == 1
    assert cycle["payments"]["manual_actions"] == 1
    result = world.audit()
    assert result["violations"] == []
    assert paid["id"]
