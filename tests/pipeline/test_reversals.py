"""Reversed AP payments end to end (R1-R4), against both sandboxes and both warehouse dialects:
booked in NetSuite for a partner set to automatic, listed by hand (S2) for a manual one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from netsuite_ap_sync.partners import reversal_settings
from netsuite_ap_sync.partners.accounts import AccountChoiceError
from netsuite_ap_sync.tools import partners_cli
from tests.pipeline.outbound_support import (
    ap_invoice_of,
    assert_audit_clean,
    latest_outcome,
    manual_actions,
    money,
    ns_invoice,
    one,
    world_with_invoices,
)

DISPUTE_FEES = "12"  # the sandbox's "Bank Fees" expense account


def _automatic(world) -> None:
    reversal_settings.choose(world.ctx("settings"), "automatic", DISPUTE_FEES)


def _posted(partner_world, amount: float = 200.0):
    world, (invoice_id,) = world_with_invoices(partner_world, [amount])
    world.set_up_accounts()
    _automatic(world)
    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"])
    world.payments()
    return world, invoice_id, payment


def _refunds(world) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in world.ns_records("refunds")["refunds"]:
        grouped.setdefault(record.get("externalid"), []).append(record)
    return grouped


def test_R1_refund_of_an_undeposited_payment_reopens_the_invoice_and_refunds_the_payment(partner_world):
    world, invoice_id, payment = _posted(partner_world)
    ns_payment = one(world, "payments", f"apay-{payment['id']}")
    assert ns_invoice(world, invoice_id)["foreignamountunpaid"] == 0

    world.ap_controls.refund_payment(payment["id"])
    result = world.payments()
    world.payments()  # a second run books nothing again

    assert result["reversals"]["posted"] == 2
    assert money(ns_invoice(world, invoice_id)["foreignamountunpaid"]) == Decimal("200.00")
    [refund] = _refunds(world)[f"arfd-{payment['id']}"]
    assert money(refund["foreigntotal"]) == Decimal("200.00")
    assert [a["invoice"] for a in refund["apply"]] == [ns_payment["id"]]
    assert manual_actions(world, "S2") == []
    assert latest_outcome(world, "stg_ap_payment", payment["id"]) == ("skipped", "R4")
    assert_audit_clean(world)


def test_R1_refund_of_a_deposited_payment_books_a_credit_memo_and_leaves_the_deposit(partner_world):
    world, invoice_id, payment = _posted(partner_world, 150.0)
    payout = world.ap_controls.create_payout()
    world.payments()
    deposit = one(world, "deposits", f"apo-{payout['id']}")

    world.ap_controls.refund_payment(payment["id"])
    world.payments()
    world.payments()

    [credit] = [c for c in world.ns_records("credits")["credits"] if c.get("externalid") == f"arcm-{payment['id']}"]
    [refund] = _refunds(world)[f"arfd-{payment['id']}"]
    assert money(credit["foreigntotal"]) == money(refund["foreigntotal"]) == Decimal("150.00")
    assert [a["invoice"] for a in refund["apply"]] == [credit["id"]]
    after = one(world, "deposits", f"apo-{payout['id']}")
    assert (after["foreigntotal"], after["payments"]) == (deposit["foreigntotal"], deposit["payments"])
    # The deposited payment stays applied: the credit memo, not the payment, carries the refund,
    # and AP's invoice, whose balance AP gave back, is paid again as NetSuite's is (S1).
    assert ns_invoice(world, invoice_id)["foreignamountunpaid"] == 0
    assert ap_invoice_of(world, invoice_id)["status"] == "paid"
    assert_audit_clean(world)


def test_R3_ach_return_after_posting_reopens_the_invoice_with_the_return_code(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [90.0])
    world.set_up_accounts()
    _automatic(world)
    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"], payment_method="ach")
    world.payments()
    world.ap_controls.fail_payment(payment["id"], "ACH return R01: insufficient funds")
    world.payments()

    [refund] = _refunds(world)[f"arfd-{payment['id']}"]
    assert refund["memo"].startswith("ACH return R01")
    assert money(ns_invoice(world, invoice_id)["foreignamountunpaid"]) == Decimal("90.00")
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("90.00")
    assert_audit_clean(world)


def test_S2_manual_partner_lists_the_refund_and_books_nothing(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [80.0])
    world.set_up_accounts()
    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"])
    world.payments()
    world.ap_controls.refund_payment(payment["id"])
    world.payments()

    [action] = manual_actions(world, "S2")
    assert action["source_id"] == payment["id"]
    assert _refunds(world) == {}
    assert latest_outcome(world, "stg_ap_payment", payment["id"]) == ("applied", "S2")


def test_R4_automatic_needs_an_expense_account_for_dispute_fees(partner_world):
    world, _ = world_with_invoices(partner_world, [10.0])
    world.set_up_accounts()
    with pytest.raises(AccountChoiceError, match="need a dispute-fee account"):
        reversal_settings.choose(world.ctx("settings"), "automatic")
    with pytest.raises(AccountChoiceError, match="expected Expense"):
        reversal_settings.choose(world.ctx("settings"), "automatic", "1")
    assert world.partner().payment_reversals == "manual"
    _automatic(world)
    assert (world.partner().payment_reversals, world.partner().dispute_fee_account_id) == ("automatic", "12")


def test_R2_chargeback_is_booked_once_under_retries(partner_world):
    world, invoice_id, payment = _posted(partner_world, 70.0)
    world.ap_controls.chargeback_payment(payment["id"])
    world.payments()
    with world.engine.begin() as conn:  # every record of the run planned again, as after a lost run
        conn.execute(text("UPDATE stg_ap_reversal SET outcome = NULL WHERE partner_id = :p"), {"p": world.partner_id})
    world.payments()

    assert len(_refunds(world)[f"arfd-{payment['id']}"]) == 1
    assert money(ns_invoice(world, invoice_id)["foreignamountunpaid"]) == Decimal("70.00")
    assert latest_outcome(world, "stg_ap_payment", payment["id"]) == ("skipped", "R4")
    assert_audit_clean(world)


def test_R4_switching_to_automatic_leaves_what_was_listed_by_hand(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [40.0])
    world.set_up_accounts()
    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"])
    world.payments()
    world.ap_controls.refund_payment(payment["id"])
    world.payments()
    _automatic(world)
    world.payments()

    assert [a["source_id"] for a in manual_actions(world, "S2")] == [payment["id"]]
    assert _refunds(world) == {}
    assert_audit_clean(world)


def test_R4_partners_cli_settings_shows_and_sets_payment_reversals(partner_world, capsys):
    world, _ = world_with_invoices(partner_world, [10.0])
    world.set_up_accounts()
    assert partners_cli.main(["settings", "--partner", world.partner_id]) == 0
    assert "payment reversals: manual" in capsys.readouterr().out
    automatic = ["settings", "--partner", world.partner_id, "--payment-reversals", "automatic"]
    assert partners_cli.main(automatic) == 2
    assert "need a dispute-fee account" in capsys.readouterr().err
    assert partners_cli.main([*automatic, "--dispute-fee-account", DISPUTE_FEES]) == 0
    assert capsys.readouterr().out.splitlines() == ["payment reversals: automatic", "dispute-fee account: 12"]
    assert partners_cli.main(["settings", "--partner", world.partner_id, "--payment-reversals", "manual"]) == 0
    assert world.partner().payment_reversals == "manual"


def test_R2_chargeback_of_a_deposited_partial_payment_keeps_the_deposit_and_reconciles(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [300.0])
    world.set_up_accounts()
    _automatic(world)
    ap = world.ap_controls
    payment = ap.pay_invoice(ap_invoice_of(world, invoice_id)["id"], amount=Decimal("50.00"), payment_method="ach")
    world.payments()
    ap.create_payout()
    world.payments()
    ap.chargeback_payment(payment["id"])
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("300.00"), "AP gave its balance back"
    world.payments()
    assert_audit_clean(world)
    world.hourly()
    world.payments()

    assert len(_refunds(world)[f"arfd-{payment['id']}"]) == 1
    assert money(ns_invoice(world, invoice_id)["foreignamountunpaid"]) == Decimal("250.00")
    # The deposited payment stays applied in NetSuite, the source of truth: AP's balance follows it (S3).
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("250.00")
    assert_audit_clean(world)
