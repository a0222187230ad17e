"""Payments AP -> NetSuite: F3/S1, S7 stand-alone payments (deposited with their payout), S2, F7, C3."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from netsuite_ap_sync.rules.decisions import AP, NETSUITE, Hold, ManualAction, Mutation, Quarantine, Skip
from netsuite_ap_sync.rules.payments import plan_payment, plan_payment_deletion, route_for
from netsuite_ap_sync.rules.records import PartnerAccounts, PaymentRoute
from tests.sync_rules.factories import (
    NO_ACCOUNTS,
    READY,
    T1,
    D,
    ap_invoice_for,
    ap_payment,
    deletion,
    ns_invoice,
    paid_in_ap,
)
from tests.sync_rules.simulate import apply_to_invoice

NS = ns_invoice()
AP_INVOICE = ap_invoice_for(NS)
AP_ONLY_INVOICE = replace(ap_invoice_for(NS), id="inv_ap_1", external_id=None, invoice_number="AP-1")


def plan(payment=None, **kwargs):
    args = {"ap_invoice": AP_INVOICE, "ns_invoice": NS, "accounts": READY}
    args.update(kwargs)
    return plan_payment(payment or ap_payment(), **args)


def only(decisions, kind):
    assert len(decisions) == 1, decisions
    assert isinstance(decisions[0], kind), decisions
    return decisions[0]


# --- F3 / S1 ------------------------------------------------------------------------------------


def test_F3_succeeded_payment_becomes_customer_payment_applied_to_its_invoice():
    post = only(plan(), Mutation)
    assert (post.target, post.action, post.rules, post.source_id) == (
        NETSUITE,
        "create_customer_payment",
        ("F3", "S1"),
        "pay_1",
    )
    assert post.payload == {
        "customer": {"id": "4"},
        "payment": 250.0,
        "undepFunds": True,
        "tranDate": "2026-01-31",
        "currency": {"id": "1"},
        "memo": "Alternative Payments payment pay_1 (ach)",
        "externalId": "apay-pay_1",
        "apply": {"items": [{"doc": {"id": "104"}, "apply": True, "amount": 250.0}]},
    }


def test_F3_body_leaves_out_unknown_currency_and_date():
    post = only(
        plan(ap_payment(created_at=None, payment_method=None), ns_invoice=replace(NS, currency_id=None)), Mutation
    )
    assert "currency" not in post.payload
    assert "tranDate" not in post.payload
    assert post.payload["memo"] == "Alternative Payments payment pay_1"


def test_F3_plain_date_is_the_tran_date():
    post = only(plan(ap_payment(created_at=date(2026, 2, 28))), Mutation)
    assert post.payload["tranDate"] == "2026-02-28"


def test_F3_applies_sub_total_not_the_customer_surcharge():
    post = only(plan(ap_payment(total=D("257.50"), sub_total=D("250.00"))), Mutation)
    assert post.payload["payment"] == 250.0
    assert post.payload["apply"]["items"][0]["amount"] == 250.0


def test_F3_partial_payment_applies_part_of_the_balance():
    post = only(plan(ap_payment(total=D("100"), sub_total=D("100"))), Mutation)
    assert post.payload["payment"] == 100.0


def test_F3_amount_above_netsuite_unpaid_is_quarantined_with_amounts():
    quarantine = only(plan(ns_invoice=replace(NS, amount_unpaid=D("200.00"))), Quarantine)
    assert quarantine.check == "F3:amount_within_unpaid"
    assert "250.00 USD" in quarantine.reason and "200.00 USD" in quarantine.reason


def test_F3_payment_must_fit_in_what_earlier_payments_of_the_run_leave_unpaid():
    """Several AP payments on one invoice post in one run, at the same time: each is checked against
    NetSuite's balance less the earlier ones, never left to the order NetSuite takes the posts in."""
    payment = ap_payment(total=D("150.00"), sub_total=D("150.00"))
    ns = replace(NS, amount_unpaid=D("200.00"))
    assert only(plan(payment, ns_invoice=ns, posting_before=D("50.00")), Mutation).payload["payment"] == 150.0
    quarantine = only(plan(payment, ns_invoice=ns, posting_before=D("50.01")), Quarantine)
    assert quarantine.check == "F3:amount_within_unpaid"
    assert "200.00 USD unpaid, 50.01 USD of it taken by earlier AP payments" in quarantine.reason
    assert "refund the difference in AP or record the payment by hand" in quarantine.reason


def test_F3_payment_on_invoice_already_paid_in_netsuite_is_quarantined():
    paid = replace(NS, amount_unpaid=D("0"), status="Paid In Full")
    assert only(plan(ns_invoice=paid), Quarantine).check == "F3:amount_within_unpaid"


def test_F3_payment_on_voided_invoice_is_quarantined():
    assert only(plan(ns_invoice=replace(NS, voided=True)), Quarantine).check == "F3:invoice_not_voided"


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_F3_zero_or_negative_amount_is_quarantined(amount):
    quarantine = only(plan(ap_payment(total=D(amount), sub_total=D(amount))), Quarantine)
    assert quarantine.check == "F3:positive_amount"


def test_F3_amount_too_precise_for_json_is_quarantined():
    huge = D("1234567890.123456789")
    ns = replace(NS, total=huge, amount_unpaid=huge)
    assert only(plan(ap_payment(total=huge, sub_total=huge), ns_invoice=ns), Quarantine).check == "F3:exact_amounts"


def test_F3_already_posted_payment_is_not_posted_again():
    assert only(plan(posted_ns_payment_id="cp-9"), Skip).rule == "F3"


def test_F3_key_is_one_per_payment():
    assert only(plan(), Mutation).key == only(plan(ns_invoice=replace(NS, last_modified=T1)), Mutation).key


@pytest.mark.parametrize("status", ["pending", "processing", "requires_action"])
def test_F3_payment_not_yet_succeeded_is_held(status):
    hold = only(plan(ap_payment(status=status)), Hold)
    assert hold.rule == "F3"


def test_F3_payment_waits_for_its_ap_invoice():
    assert only(plan(ap_invoice=None), Hold).rule == "F3"


def test_F3_payment_waits_for_its_netsuite_invoice():
    hold = only(plan(ns_invoice=None), Hold)
    assert "NetSuite invoice 104" in hold.reason


def test_F3_payment_on_deleted_netsuite_invoice_is_quarantined():
    assert only(plan(ns_invoice=None, ns_invoice_deleted=True), Quarantine).check == "F3:invoice_exists"


def test_F3_external_id_is_sanitised():
    post = only(plan(ap_payment(id="pay/7 x")), Mutation)
    assert post.payload["externalId"] == "apay-pay-7-x"


def test_F3_route_depends_on_where_the_invoice_came_from():
    assert route_for(ap_payment(), AP_INVOICE) is PaymentRoute.CUSTOMER_PAYMENT
    assert route_for(ap_payment(), AP_ONLY_INVOICE) is PaymentRoute.STANDALONE_DEPOSIT
    assert route_for(ap_payment(invoice_id=None), None) is PaymentRoute.STANDALONE_DEPOSIT
    assert route_for(ap_payment(), None) is None


# --- C3 ----------------------------------------------------------------------------------------------


def test_C3_payment_is_held_until_accounts_are_set_then_posts():
    hold = only(plan(accounts=NO_ACCOUNTS), Hold)
    assert hold.rule == "C3"
    assert "undeposited_funds_id" in hold.reason and "bank_account_id" in hold.reason
    released = only(plan(accounts=READY), Mutation)
    assert released.action == "create_customer_payment"


def test_C3_payment_needs_the_bank_account_as_well():
    hold = only(plan(accounts=PartnerAccounts(undeposited_funds_id="uf-1")), Hold)
    assert hold.reason.endswith("bank_account_id")


# --- S7 ------------------------------------------------------------------------------------------------


def test_S7_payment_on_ap_invoice_posts_nothing_itself_and_waits_for_its_payout():
    payment = ap_payment(total=D("80.00"), sub_total=D("78.00"))
    hold = only(plan(payment, ap_invoice=AP_ONLY_INVOICE, ns_invoice=None), Hold)
    assert (hold.rule, hold.object_type, hold.source_id) == ("S7", "payment", "pay_1")
    assert "payout" in hold.reason and "other-deposits line" in hold.reason


def test_S7_payment_without_invoice_waits_for_its_payout_too():
    assert only(plan(ap_payment(invoice_id=None), ap_invoice=None, ns_invoice=None), Hold).rule == "S7"


def test_S7_payment_waits_for_its_payout_whatever_accounts_are_chosen():
    """C3 is the payout's to wait for (F4): the payment itself posts nothing."""
    hold = only(plan(ap_invoice=AP_ONLY_INVOICE, ns_invoice=None, accounts=NO_ACCOUNTS), Hold)
    assert hold.rule == "S7"


def test_S7_payment_deposited_with_its_payout_is_skipped_naming_the_deposit():
    skip = only(plan(ap_invoice=AP_ONLY_INVOICE, posted_ns_payment_id="dep-3"), Skip)
    assert skip.rule == "S7" and "deposit dep-3" in skip.reason


def test_S7_non_positive_payment_is_quarantined():
    zero = ap_payment(total=D("0"), sub_total=D("0"))
    assert only(plan(zero, ap_invoice=AP_ONLY_INVOICE), Quarantine).check == "S7:positive_amount"


def test_S7_inexact_payment_is_quarantined():
    odd = ap_payment(total=D("12345678901234567.89"), sub_total=D("12345678901234567.89"))
    assert only(plan(odd, ap_invoice=AP_ONLY_INVOICE), Quarantine).check == "S7:exact_amounts"


# --- S2 --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["failed", "refunded", "chargeback"])
def test_S2_reversal_after_posting_is_reported_for_revert_by_hand(status):
    report = only(plan(ap_payment(status=status), posted_ns_payment_id="cp-9"), ManualAction)
    assert (report.rule, report.invoice_number, report.amount) == ("S2", "INV-104", D("250.00"))
    assert "Revert by hand" in report.message and "cp-9" in report.message and status in report.message


def test_S2_is_reported_once():
    first = only(plan(ap_payment(status="failed"), posted_ns_payment_id="cp-9"), ManualAction)
    again = only(
        plan(ap_payment(status="failed"), posted_ns_payment_id="cp-9", ns_invoice=replace(NS, memo="x")), ManualAction
    )
    assert first.key == again.key
    assert only(plan(ap_payment(status="failed"), posted_ns_payment_id="cp-9", revert_reported=True), Skip).rule == "S2"


def test_S2_failure_before_posting_is_skipped():
    assert only(plan(ap_payment(status="failed")), Skip).rule == "S2"


def test_S2_S7_payment_failed_after_its_payout_was_deposited_is_reported_with_its_total():
    payment = ap_payment(status="chargeback", total=D("80"), sub_total=D("78"))
    report = only(plan(payment, ap_invoice=AP_ONLY_INVOICE, posted_ns_payment_id="dep-3"), ManualAction)
    assert report.amount == D("80")
    assert "a line of deposit dep-3" in report.message


def test_S2_S7_payment_failed_before_its_payout_was_deposited_is_skipped():
    payment = ap_payment(status="refunded", total=D("80"), sub_total=D("78"))
    assert only(plan(payment, ap_invoice=AP_ONLY_INVOICE), Skip).rule == "S2"


def test_S2_never_mutates_netsuite():
    for status in ("failed", "refunded", "chargeback"):
        for posted in (None, "cp-9"):
            decisions = plan(ap_payment(status=status), posted_ns_payment_id=posted)
            assert not [d for d in decisions if isinstance(d, Mutation)]


# --- F7 --------------------------------------------------------------------------------------------------


def test_F7_deleted_payment_is_never_posted_again_and_reopens_the_balance():
    frozen = paid_in_ap(AP_INVOICE)
    reopened_ns = replace(NS, last_modified=T1)  # NetSuite shows 250 unpaid again
    skip, reopen = plan(ap_invoice=frozen, ns_invoice=reopened_ns, posted_ns_payment_id="cp-9", deleted_by_partner=True)
    assert isinstance(skip, Skip) and skip.rule == "F7"
    assert (reopen.target, reopen.action, reopen.rules, reopen.target_id, reopen.payload) == (
        AP,
        "reopen_invoice_balance",
        ("F7",),
        frozen.id,
        {"amount_due": 250.0},
    )


def test_F7_is_the_one_exception_to_the_S4_freeze():
    frozen = paid_in_ap(AP_INVOICE)
    after = apply_to_invoice(frozen, plan(ap_invoice=frozen, posted_ns_payment_id="cp-9", deleted_by_partner=True))
    assert (after.amount_due, after.status) == (D("250.00"), "open")


def test_F7_balance_already_matching_needs_no_reopen():
    decisions = plan(posted_ns_payment_id="cp-9", deleted_by_partner=True)
    assert only(decisions, Skip).rule == "F7"


def test_F7_no_reopen_while_netsuite_still_shows_paid():
    paid = replace(NS, amount_unpaid=D("0"), status="Paid In Full")
    decisions = plan(
        ap_invoice=paid_in_ap(AP_INVOICE), ns_invoice=paid, posted_ns_payment_id="cp-9", deleted_by_partner=True
    )
    assert only(decisions, Skip).rule == "F7"


def test_F7_failed_payment_the_partner_already_reverted_needs_no_report():
    decisions = plan(ap_payment(status="failed"), posted_ns_payment_id="cp-9", deleted_by_partner=True)
    assert only(decisions, Skip).rule == "F7"


def test_F7_deleted_standalone_deposit_is_never_posted_again():
    decisions = plan(ap_invoice=AP_ONLY_INVOICE, posted_ns_payment_id="dep-3", deleted_by_partner=True)
    assert only(decisions, Skip).rule == "F7"


def test_F7_payment_deletion_records_are_accounted_for():
    ours = only(plan_payment_deletion(deletion("customerpayment", "cp-9"), ap_payment_id="pay_1"), Skip)
    theirs = only(plan_payment_deletion(deletion("customerpayment", "cp-5"), ap_payment_id=None), Skip)
    assert ours.rule == theirs.rule == "F7"
    assert "pay_1" in ours.reason and "S3" in theirs.reason
