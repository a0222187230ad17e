"""Reversed AP payments booked in NetSuite (R1-R4), and S2 kept for manual partners."""

from __future__ import annotations

from dataclasses import replace

import pytest

from netsuite_ap_sync.rules.decisions import NETSUITE, Hold, ManualAction, Mutation, Skip
from netsuite_ap_sync.rules.deposits import plan_payout
from netsuite_ap_sync.rules.invariants import ReversalSnapshot, check_reversals
from netsuite_ap_sync.rules.payments import plan_payment
from netsuite_ap_sync.rules.records import NsCustomerPayment, PartnerAccounts, PaymentRoute
from netsuite_ap_sync.rules.reversals import (
    CREDIT_MEMO,
    REFUND,
    UNAPPLY,
    PostedPayment,
    ReversalSettings,
    books_automatically,
    instead_of_s2,
    is_dispute_fee,
    plan_reversal,
    return_code,
)
from tests.sync_rules.factories import READY, D, ap_invoice_for, ap_payment, ap_payout, fee, in_payout, ns_invoice

AUTOMATIC = ReversalSettings("automatic", "fees-dispute")
MANUAL = ReversalSettings()
POSTED = PostedPayment(
    ns_payment_id="cp-1",
    ns_invoice_id="104",
    ns_customer_id="4",
    invoice_number="INV-104",
    currency="USD",
    currency_id="1",
    item_id="7",
)
DEPOSITED = replace(POSTED, deposit_id="dep-9")
CUSTOMER_PAYMENT = PaymentRoute.CUSTOMER_PAYMENT


def plan(status="refunded", posted=POSTED, **kwargs):
    args = {"route": CUSTOMER_PAYMENT, "settings": AUTOMATIC, "accounts": READY}
    args.update(kwargs)
    return plan_reversal(ap_payment(status=status), posted, **args)


def actions(decisions):
    assert all(isinstance(d, Mutation) and d.target == NETSUITE for d in decisions), decisions
    return [d.action for d in decisions]


def only(decisions, kind):
    assert len(decisions) == 1 and isinstance(decisions[0], kind), decisions
    return decisions[0]


# --- R1: refunds ---------------------------------------------------------------------------------


def test_R1_undeposited_payment_is_taken_off_its_invoice_then_refunded():
    unapply, refund = plan()
    assert actions([unapply, refund]) == [UNAPPLY, REFUND]
    assert unapply.payload == {"externalId": "apay-pay_1", "apply": {"items": [{"doc": {"id": "104"}, "apply": False}]}}
    assert refund.payload["externalId"] == "arfd-pay_1"
    assert refund.payload["account"] == {"id": READY.bank_account_id}
    assert refund.payload["customer"] == {"id": "4"} and refund.payload["currency"] == {"id": "1"}
    assert refund.payload["apply"] == {"items": [{"doc": {"id": "cp-1"}, "apply": True, "amount": 250.0}]}
    assert (unapply.rules, unapply.object_type, refund.source_id) == (("R1",), "reversal", "pay_1")


def test_R1_deposited_payment_is_never_changed_a_credit_memo_is_refunded_instead():
    memo, refund = plan(posted=DEPOSITED)
    assert actions([memo, refund]) == [CREDIT_MEMO, REFUND]
    assert memo.payload["externalId"] == "arcm-pay_1" and "apply" not in memo.payload
    assert memo.payload["item"]["items"] == [
        {
            "item": {"id": "7"},
            "quantity": 1,
            "amount": 250.0,
            "description": "Refunded AP payment pay_1 on invoice INV-104",
        }
    ]
    assert refund.payload["apply"]["items"][0]["doc"] == {"externalId": "arcm-pay_1", "type": "creditmemo"}
    assert all(m.payload.get("externalId") != "apay-pay_1" for m in (memo, refund))


def test_R1_each_reversal_record_has_its_own_key_and_the_same_key_on_every_plan():
    first, second = plan(), plan()
    assert [m.key for m in first] == [m.key for m in second]
    assert len({m.key for m in [*plan(), *plan(posted=DEPOSITED)]}) == 3  # the refund is one effect either way


def test_R1_a_path_once_started_is_kept_even_after_the_payment_is_deposited():
    assert actions(plan(posted=DEPOSITED, done=frozenset({UNAPPLY}))) == [UNAPPLY, REFUND]
    assert actions(plan(posted=POSTED, done=frozenset({CREDIT_MEMO}))) == [CREDIT_MEMO, REFUND]


def test_R1_deposited_refund_waits_for_the_invoice_lines_it_credits():
    assert only(plan(posted=replace(DEPOSITED, item_id=None)), Hold).rule == "R1"


def test_R1_waits_for_the_netsuite_invoice_in_the_warehouse():
    assert only(plan(posted=replace(POSTED, ns_customer_id=None)), Hold).rule == "R1"


def test_R1_refund_before_posting_books_nothing():
    assert only(plan(posted=None), Skip).rule == "R1"


def test_R1_nothing_applied_nothing_to_reverse():
    decisions = plan_reversal(
        ap_payment(status="refunded", sub_total=D("0.00")),
        POSTED,
        route=CUSTOMER_PAYMENT,
        settings=AUTOMATIC,
        accounts=READY,
    )
    assert only(decisions, Skip).rule == "R1"


# --- R2: chargebacks -----------------------------------------------------------------------------


def test_R2_chargeback_is_reversed_like_a_refund_under_its_own_rule():
    decisions = plan("chargeback")
    assert actions(decisions) == [UNAPPLY, REFUND] and {d.rules for d in decisions} == {("R2",)}
    assert actions(plan("chargeback", posted=DEPOSITED)) == [CREDIT_MEMO, REFUND]


def test_R2_chargeback_waits_for_the_dispute_fee_account():
    hold = only(plan("chargeback", settings=ReversalSettings("automatic")), Hold)
    assert hold.rule == "C3" and "dispute_fee_account_id" in hold.reason


@pytest.mark.parametrize(
    ("name", "kind", "dispute"),
    [
        ("Chargeback fee", "FT_PRODUCT", True),
        ("Dispute", "FT_METHOD", True),
        ("x", "FT_DISPUTE", True),
        ("ACH processing", "FT_METHOD", False),
        ("Per-payment fee", "FT_PRODUCT", False),
    ],
)
def test_R2_dispute_fees_are_told_by_name_or_type(name, kind, dispute):
    assert is_dispute_fee(fee(name=name, type=kind)) is dispute


def test_R2_dispute_fee_is_a_cash_back_line_into_the_dispute_fee_account():
    payment = ap_payment()
    payout = ap_payout(total=D("232.50"), fees=(fee("2.50"), fee("15.00", name="Chargeback fee")))
    accounts = replace(READY, dispute_fee_account_id="fees-dispute")
    [deposit] = plan_payout(payout, [in_payout(payment)], accounts)
    assert [(c["account"]["id"], c["amount"]) for c in deposit.payload["cashBack"]["items"]] == [
        ("fees-1", 2.5),
        ("fees-dispute", 15.0),
    ]
    [manual] = plan_payout(payout, [in_payout(payment)], READY)
    assert {c["account"]["id"] for c in manual.payload["cashBack"]["items"]} == {"fees-1"}


# --- R3: ACH returns -----------------------------------------------------------------------------


def test_R3_ach_return_refunds_the_payment_off_its_invoice_naming_the_return_code():
    unapply, refund = plan("failed", failure_reason="ACH return R01: insufficient funds")
    assert actions([unapply, refund]) == [UNAPPLY, REFUND] and refund.rules == ("R3",)
    assert refund.payload["memo"].startswith("ACH return R01, AP payment pay_1 on invoice INV-104")


def test_R3_failure_without_a_return_code_still_says_it_failed():
    _, refund = plan("failed", failure_reason="card declined")
    assert refund.payload["memo"].startswith("payment failed, AP payment pay_1")


def test_R3_deposited_payment_that_came_back_is_listed_by_hand():
    action = only(plan("failed", posted=DEPOSITED, failure_reason="ACH return R29"), ManualAction)
    assert action.rule == "R3" and "R29" in action.message and "dep-9" in action.message


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("ACH return R01: insufficient funds", "R01"),
        ("R29 corporate not authorized", "R29"),
        ("declined", None),
        (None, None),
        ("ORDER R010", None),
    ],
)
def test_R3_return_code_is_read_from_the_failure_reason(reason, code):
    assert return_code(reason) == code


# --- R4: the setting, and what stays by hand -----------------------------------------------------


def test_R4_manual_partner_books_nothing_and_S2_lists_it():
    assert only(plan(settings=MANUAL), Skip).rule == "S2"
    s2 = plan_payment(
        ap_payment(status="refunded"),
        ap_invoice=ap_invoice_for(ns_invoice()),
        ns_invoice=ns_invoice(),
        accounts=READY,
        posted_ns_payment_id="cp-1",
    )
    assert instead_of_s2(s2, MANUAL, CUSTOMER_PAYMENT, posted=True) == s2
    assert only(s2, ManualAction).rule == "S2"


def test_R4_automatic_partner_S2_list_gives_way_to_the_reversal_step():
    s2 = plan_payment(
        ap_payment(status="chargeback"),
        ap_invoice=ap_invoice_for(ns_invoice()),
        ns_invoice=ns_invoice(),
        accounts=READY,
        posted_ns_payment_id="cp-1",
    )
    assert only(instead_of_s2(s2, AUTOMATIC, CUSTOMER_PAYMENT, posted=True), Skip).rule == "R4"


def test_R4_standalone_payments_stay_by_hand_as_deposit_lines():
    assert not books_automatically(AUTOMATIC, PaymentRoute.STANDALONE_DEPOSIT, posted=True)
    assert only(plan(route=PaymentRoute.STANDALONE_DEPOSIT), Skip).rule == "S2"


def test_R4_payment_listed_by_hand_before_the_switch_is_not_booked_too():
    assert only(plan(listed_by_hand=True), Skip).rule == "S2"
    assert actions(plan(listed_by_hand=True, done=frozenset({UNAPPLY}))) == [UNAPPLY, REFUND]


def test_R4_payment_the_partner_deleted_has_nothing_to_reverse():
    assert only(plan(posted=replace(POSTED, deleted_by_partner=True)), Skip).rule == "F7"


def test_R4_succeeded_payment_is_no_reversal():
    assert only(plan("succeeded"), Skip).rule == "R4"


def test_R4_automatic_reversal_waits_for_the_bank_account():
    hold = only(plan(accounts=PartnerAccounts(undeposited_funds_id="uf-1")), Hold)
    assert hold.rule == "C3" and "bank_account_id" in hold.reason


# --- I1: every reversal appears exactly once -----------------------------------------------------


def _doc(external_id: str, total: str = "250.00", record_id: str = "9") -> NsCustomerPayment:
    return NsCustomerPayment(record_id, external_id, "4", D(total))


def test_I1_reversal_appears_exactly_once_with_the_payment_amount():
    reversed_payment = ap_payment(status="refunded")
    assert check_reversals(ReversalSnapshot((reversed_payment,), (_doc("arfd-pay_1"),))) == []
    [missing] = check_reversals(ReversalSnapshot((reversed_payment,), ()))
    assert "appears 0 times" in missing
    [twice] = check_reversals(
        ReversalSnapshot((reversed_payment,), (_doc("arfd-pay_1"), _doc("arfd-pay_1", record_id="8")))
    )
    assert "appears 2 times" in twice
    [wrong] = check_reversals(ReversalSnapshot((reversed_payment,), (_doc("arfd-pay_1", "25.00"),)))
    assert "totals" in wrong


def test_I1_no_refund_or_credit_memo_of_ours_for_a_payment_not_reversed():
    violations = check_reversals(ReversalSnapshot((), (_doc("arfd-pay_2"),), (_doc("arcm-pay_2"),)))
    assert len(violations) == 2 and all("reverses no reversed AP payment" in v for v in violations)
    two_memos = (_doc("arcm-pay_1"), _doc("arcm-pay_1", record_id="8"))
    [extra] = check_reversals(ReversalSnapshot((ap_payment(status="chargeback"),), (_doc("arfd-pay_1"),), two_memos))
    assert "2 credit memos" in extra
