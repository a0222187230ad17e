"""F4a/F4b end to end: a payout's fees of several types on their own accounts, and a late fee the
customer covered booked as income, in one NetSuite deposit whose total is the payout's (I2)."""

from __future__ import annotations

from decimal import Decimal

from harness.partner import netsuite_accounts_to_choose
from netsuite_ap_sync.partners import accounts
from netsuite_ap_sync.warehouse import ledger
from tests.pipeline.outbound_support import ap_invoice_of, money, world_with_invoices

LATE_FEE = {"amount": Decimal("4.00"), "name": "Late fee", "type": "FT_LATE_PAYMENT", "covered_by_customer": True}
INTEREST = {"amount": Decimal("1.50"), "name": "Interest", "type": "FT_INTEREST", "covered_by_customer": False}


def test_F4a_F4b_fees_by_type_post_on_their_accounts_and_the_deposit_balances(partner_world):
    world, ids = world_with_invoices(partner_world, [120.0])
    ctx = world.ctx("netsuite_account_setup")
    chosen = netsuite_accounts_to_choose(ctx)  # Bank Fees (12) is the default fee account
    by_name = {a.name: a.id for a in accounts.available_accounts(ctx)}
    fee_accounts = {"FT_INTEREST": by_name["Payment Processing Fees"], "covered_by_customer": by_name["Sales"]}
    stored = accounts.choose(ctx, **chosen, fee_accounts=fee_accounts)
    assert stored["FT_INTEREST"].startswith("6010 Payment Processing Fees")
    ap = world.ap_controls
    ap.pay_invoice(ap_invoice_of(world, ids[0])["id"])
    world.payments()
    payout = ap.create_payout(fee_percent=Decimal("0"), fee_fixed=Decimal("1.00"), fees=[LATE_FEE, INTEREST])
    assert money(payout["total"]) == Decimal("121.50")  # 120 - 1.00 - 1.50 + 4.00

    assert world.payments()["payouts"]["posted"] == 1

    deposit_id = ledger.posted_facts(world.engine, world.partner_id, "payout", [payout["id"]])[payout["id"]][
        "remote_id"
    ]
    deposit = world.netsuite.controls.record("deposit", int(deposit_id))
    assert money(deposit["foreigntotal"]) == money(payout["total"])
    other = [(str(line["account"]), money(line["amount"])) for line in deposit["other"]]
    cash_back = [(str(line["account"]), money(line["amount"])) for line in deposit["cashback"]]
    assert other == [(by_name["Sales"], Decimal("4.00"))]
    assert sorted(cash_back) == sorted(
        [(chosen["fee"], Decimal("1.00")), (by_name["Payment Processing Fees"], Decimal("1.50"))]
    )
    assert world.audit()["violations"] == []
