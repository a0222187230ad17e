"""Deposits: F4 payouts (with C3, and S7 payments as other lines), I2 by construction."""

from __future__ import annotations

import pytest

from netsuite_ap_sync.rules.decisions import NETSUITE, Hold, Mutation, Quarantine, Skip
from netsuite_ap_sync.rules.deposits import plan_payout
from netsuite_ap_sync.rules.records import PartnerAccounts
from tests.sync_rules.factories import (
    NO_ACCOUNTS,
    READY,
    D,
    ap_payment,
    ap_payout,
    fee,
    in_payout,
    standalone_in_payout,
)

P1 = ap_payment(id="pay_1", total=D("250.00"), sub_total=D("250.00"))
P2 = ap_payment(id="pay_2", invoice_id="inv_105", total=D("103.00"), sub_total=D("100.00"))
S7 = ap_payment(id="pay_3", invoice_id="inv_ap_1", total=D("40.00"), sub_total=D("40.00"))


def only(decisions, kind):
    assert len(decisions) == 1, decisions
    assert isinstance(decisions[0], kind), decisions
    return decisions[0]


def deposit_total(body) -> D:
    """What NetSuite would total: payments (by their applied amounts) + other - cash back."""
    applied = {"cp-1": P1.sub_total, "cp-2": P2.sub_total}  # S7 payments come in as other lines
    payments = sum((applied[item["id"]] for item in body.get("payment", {}).get("items", [])), D(0))
    other = sum((D(repr(i["amount"])) for i in body.get("other", {}).get("items", [])), D(0))
    cash_back = sum((D(repr(i["amount"])) for i in body.get("cashBack", {}).get("items", [])), D(0))
    return payments + other - cash_back


def test_F4_payout_becomes_one_deposit_into_the_bank_account():
    deposit = only(plan_payout(ap_payout(), [in_payout(P1)], READY), Mutation)
    assert (deposit.target, deposit.action, deposit.rules, deposit.source_id) == (
        NETSUITE,
        "create_deposit",
        ("F4",),
        "po_1",
    )
    assert deposit.payload == {
        "account": {"id": "bank-1"},
        "memo": "Alternative Payments payout po_1",
        "externalId": "apo-po_1",
        "tranDate": "2026-02-03",
        "payment": {"items": [{"id": "cp-1", "deposit": True}]},
        "cashBack": {
            "items": [
                {
                    "account": {"id": "fees-1"},
                    "amount": 2.5,
                    "memo": "Alternative Payments fee: ACH processing (FT_METHOD)",
                }
            ]
        },
    }
    assert deposit_total(deposit.payload) == D("247.50")


def test_F4_customer_paid_surcharges_become_other_lines():
    payout = ap_payout(payment_ids=("pay_1", "pay_2"), total=D("350.50"), fees=(fee("2.50"),))
    deposit = only(plan_payout(payout, [in_payout(P1), in_payout(P2, "cp-2")], READY), Mutation)
    assert deposit.payload["other"]["items"] == [
        {"account": {"id": "od-1"}, "amount": 3.0, "memo": "Surcharge paid by the customer on AP payment pay_2"}
    ]
    assert deposit_total(deposit.payload) == payout.total


def test_F4_S7_I2_stand_alone_payment_is_an_other_line_of_its_payouts_deposit():
    payout = ap_payout(payment_ids=("pay_1", "pay_3"), total=D("287.50"), fees=(fee("2.50"),))
    s7 = standalone_in_payout(S7, ns_customer_id="4", invoice_number="AP-1")
    deposit = only(plan_payout(payout, [in_payout(P1), s7], READY), Mutation)
    assert deposit.payload["payment"]["items"] == [{"id": "cp-1", "deposit": True}]
    assert deposit.payload["other"]["items"] == [
        {
            "account": {"id": "od-1"},
            "amount": 40.0,
            "entity": {"id": "4"},
            "memo": "Alternative Payments payment pay_3 on AP invoice AP-1",
        }
    ]
    assert deposit.carries == ("pay_3",)
    assert deposit_total(deposit.payload) == payout.total


def test_F4_S7_surcharge_lines_come_before_stand_alone_payments():
    payout = ap_payout(payment_ids=("pay_3", "pay_2"), total=D("140.50"), fees=(fee("2.50"),))
    deposit = only(plan_payout(payout, [standalone_in_payout(S7), in_payout(P2, "cp-2")], READY), Mutation)
    other = deposit.payload["other"]["items"]
    assert [line["amount"] for line in other] == [3.0, 40.0]
    assert "entity" not in other[1], "no NetSuite customer for an AP-only one"
    assert deposit_total(deposit.payload) == payout.total


def test_F4_S7_payment_already_in_a_netsuite_deposit_quarantines_the_payout():
    payout = ap_payout(payment_ids=("pay_1", "pay_3"), total=D("287.50"), fees=(fee("2.50"),))
    deposited = standalone_in_payout(S7, ns_payment_id="dep-9")
    quarantine = only(plan_payout(payout, [in_payout(P1), deposited], READY), Quarantine)
    assert quarantine.check == "F4:deposited_once"
    assert "pay_3" in quarantine.reason and "dep-9" in quarantine.reason


def test_F4_S7_I2_balance_counts_the_stand_alone_payment_in_the_deposit():
    """The relaxed reading (payout less its S7 payments) no longer balances."""
    payout = ap_payout(payment_ids=("pay_1", "pay_3"), total=D("247.50"), fees=(fee("2.50"),))
    quarantine = only(plan_payout(payout, [in_payout(P1), standalone_in_payout(S7)], READY), Quarantine)
    assert quarantine.check == "F4:payout_balances" and "287.50" in quarantine.reason


def test_F4_payout_arithmetic_mismatch_is_quarantined_naming_the_difference():
    payout = ap_payout(total=D("240.00"))
    quarantine = only(plan_payout(payout, [in_payout(P1)], READY), Quarantine)
    assert quarantine.check == "F4:payout_balances"
    assert "difference -7.50" in quarantine.reason and "247.50" in quarantine.reason


def test_F4_waits_until_every_F3_payment_is_posted():
    payout = ap_payout(payment_ids=("pay_1", "pay_2"), total=D("350.50"))
    hold = only(plan_payout(payout, [in_payout(P1), in_payout(P2, None)], READY), Hold)
    assert hold.rule == "F4"
    assert "pay_2" in hold.reason and "pay_1" not in hold.reason


def test_F4_held_payout_is_released_once_payments_are_posted():
    payout = ap_payout(payment_ids=("pay_1", "pay_2"), total=D("350.50"))
    assert only(plan_payout(payout, [in_payout(P1, None), in_payout(P2, None)], READY), Hold)
    deposit = only(plan_payout(payout, [in_payout(P1), in_payout(P2, "cp-2")], READY), Mutation)
    assert len(deposit.payload["payment"]["items"]) == 2


def test_F4_waits_for_payments_missing_from_the_warehouse():
    hold = only(plan_payout(ap_payout(payment_ids=("pay_1", "pay_9")), [in_payout(P1)], READY), Hold)
    assert "pay_9" in hold.reason


@pytest.mark.parametrize("status", ["pending", "processing", "scheduled", "failed", "canceled", "unspecified"])
def test_F4_payout_not_succeeded_is_skipped(status):
    assert only(plan_payout(ap_payout(status=status), [in_payout(P1)], READY), Skip).rule == "F4"


def test_F4_payout_is_deposited_once():
    assert only(plan_payout(ap_payout(), [in_payout(P1)], READY, posted_ns_deposit_id="dep-1"), Skip).rule == "F4"


def test_F4_key_is_one_per_payout():
    first = only(plan_payout(ap_payout(), [in_payout(P1)], READY), Mutation)
    other_bank = PartnerAccounts("uf-1", "bank-2", "fees-1", "od-1")
    assert first.key == only(plan_payout(ap_payout(), [in_payout(P1)], other_bank), Mutation).key


def test_C3_payout_is_held_without_the_bank_account():
    hold = only(plan_payout(ap_payout(), [in_payout(P1)], NO_ACCOUNTS), Hold)
    assert hold.rule == "C3"
    assert "bank_account_id" in hold.reason


def test_C3_fee_account_is_needed_only_for_fees():
    no_fee_account = PartnerAccounts("uf-1", "bank-1", None, "od-1")
    hold = only(plan_payout(ap_payout(), [in_payout(P1)], no_fee_account), Hold)
    assert hold.reason.endswith("fee_account_id")
    without_fees = ap_payout(fees=(), total=D("250.00"))
    assert only(plan_payout(without_fees, [in_payout(P1)], no_fee_account), Mutation)


def test_C3_other_deposits_account_is_needed_only_for_surcharges():
    no_other = PartnerAccounts("uf-1", "bank-1", "fees-1", None)
    payout = ap_payout(payment_ids=("pay_2",), total=D("100.50"))
    assert only(plan_payout(payout, [in_payout(P2, "cp-2")], no_other), Hold).reason.endswith(
        "other_deposits_account_id"
    )
    assert only(plan_payout(ap_payout(), [in_payout(P1)], no_other), Mutation)


def test_C3_accounts_hold_before_waiting_for_payments():
    hold = only(plan_payout(ap_payout(), [in_payout(P1, None)], NO_ACCOUNTS), Hold)
    assert hold.rule == "C3"


def test_F4_S7_payout_of_only_stand_alone_payments_is_a_deposit_of_other_lines():
    payout = ap_payout(payment_ids=("pay_3",), total=D("37.50"), fees=(fee("2.50"),))
    deposit = only(plan_payout(payout, [standalone_in_payout(S7)], READY), Mutation)
    assert "payment" not in deposit.payload
    assert [line["amount"] for line in deposit.payload["other"]["items"]] == [40.0]
    assert [line["amount"] for line in deposit.payload["cashBack"]["items"]] == [2.5]
    assert deposit_total(deposit.payload) == payout.total


def test_C3_S7_payout_waits_for_the_other_deposits_account():
    no_other = PartnerAccounts("uf-1", "bank-1", "fees-1", None)
    payout = ap_payout(payment_ids=("pay_3",), total=D("40.00"), fees=())
    hold = only(plan_payout(payout, [standalone_in_payout(S7)], no_other), Hold)
    assert hold.rule == "C3" and hold.reason.endswith("other_deposits_account_id")


def test_F4_fees_eating_a_payout_of_stand_alone_payments_are_quarantined():
    payout = ap_payout(payment_ids=("pay_3",), total=D("0.00"), fees=(fee("40.00"),))
    quarantine = only(plan_payout(payout, [standalone_in_payout(S7)], READY), Quarantine)
    assert quarantine.check == "F4:positive_deposit"


def test_F4_zero_fees_are_left_out_and_negative_fees_quarantined():
    zero_fee = ap_payout(fees=(fee("0"),), total=D("250.00"))
    assert "cashBack" not in only(plan_payout(zero_fee, [in_payout(P1)], READY), Mutation).payload
    negative = ap_payout(fees=(fee("-1"),), total=D("251.00"))
    assert only(plan_payout(negative, [in_payout(P1)], READY), Quarantine).check == "F4:fees_not_negative"


def test_F4_payment_deleted_by_partner_is_quarantined_F7():
    deleted = in_payout(P1, "cp-1", deleted_by_partner=True)
    assert only(plan_payout(ap_payout(), [deleted], READY), Quarantine).check == "F4:payments_in_netsuite"


@pytest.mark.parametrize(
    ("payment", "check"),
    [
        (ap_payment(status="failed"), "F4:payments_succeeded"),
        (ap_payment(total=D("1"), sub_total=D("2")), "F4:payment_amounts"),
        (ap_payment(total=D("0"), sub_total=D("0")), "F4:payment_amounts"),
    ],
)
def test_F4_broken_payment_data_is_quarantined(payment, check):
    assert only(plan_payout(ap_payout(), [in_payout(payment)], READY), Quarantine).check == check


def test_F4_payment_listed_twice_is_quarantined():
    payout = ap_payout(payment_ids=("pay_1", "pay_1"), total=D("497.50"))
    assert only(plan_payout(payout, [in_payout(P1)], READY), Quarantine).check == "F4:distinct_payments"


def test_F4_huge_exact_payout_balances():
    big = ap_payment(id="pay_1", total=D("9999999999999.99"), sub_total=D("9999999999999.99"))
    payout = ap_payout(total=D("9999999999999.99"), fees=())
    assert only(plan_payout(payout, [in_payout(big)], READY), Mutation)
