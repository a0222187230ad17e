"""Fees by type: F4a (a fee the partner pays, on its type's account) and F4b (fees customers pay are income)."""

from __future__ import annotations

import dataclasses

import pytest

from netsuite_ap_sync.rules.decisions import Hold, Mutation, Quarantine
from netsuite_ap_sync.rules.deposits import (
    COVERED_BY_CUSTOMER,
    FEE_KINDS,
    FEE_TYPES,
    fee_kind,
    plan_payout,
)
from tests.sync_rules.factories import READY, D, ap_payment, ap_payout, fee, in_payout, standalone_in_payout

P1 = ap_payment(id="pay_1", total=D("250.00"), sub_total=D("250.00"))
P2 = ap_payment(id="pay_2", invoice_id="inv_105", total=D("103.00"), sub_total=D("100.00"))
S7 = ap_payment(id="pay_3", invoice_id="inv_ap_1", total=D("40.00"), sub_total=D("40.00"))
BY_TYPE = dataclasses.replace(
    READY,
    fee_accounts=(
        ("FT_INTEREST", "int-1"),
        ("FT_LATE_PAYMENT", "late-1"),
        ("FT_METHOD", "method-1"),
        ("FT_PRODUCT", "product-1"),
        (COVERED_BY_CUSTOMER, "surcharge-1"),
    ),
)


def deposit(payout, members, accounts) -> Mutation:
    decisions = plan_payout(payout, members, accounts)
    assert len(decisions) == 1 and isinstance(decisions[0], Mutation), decisions
    return decisions[0]


def lines(body, sublist) -> list[tuple[str, D]]:
    return [(i["account"]["id"], D(repr(i["amount"]))) for i in body.get(sublist, {}).get("items", [])]


def signed_total(body, applied: D) -> D:
    """NetSuite's deposit total: payments + other lines - cash back."""
    other = sum((a for _, a in lines(body, "other")), D(0))
    return applied + other - sum((a for _, a in lines(body, "cashBack")), D(0))


def test_F4a_fee_kinds_are_the_four_ap_types_and_customer_covered():
    assert FEE_TYPES == ("FT_METHOD", "FT_PRODUCT", "FT_LATE_PAYMENT", "FT_INTEREST")
    assert FEE_KINDS[-1] == COVERED_BY_CUSTOMER
    assert FEE_KINDS[:-1] == FEE_TYPES


@pytest.mark.parametrize("kind", FEE_TYPES)
def test_F4a_fee_kind_of_a_partner_paid_fee_is_its_type(kind):
    assert fee_kind(fee("1.00", type=kind)) == kind


@pytest.mark.parametrize("kind", [*FEE_TYPES, "FT_SOMETHING_NEW", ""])
def test_F4b_fee_kind_of_a_customer_covered_fee_is_covered_whatever_its_type(kind):
    assert fee_kind(fee("1.00", type=kind, covered_by_customer=True)) == COVERED_BY_CUSTOMER


def test_F4a_unknown_fee_type_has_no_kind_of_its_own():
    assert fee_kind(fee("1.00", type="FT_SOMETHING_NEW")) == ""


@pytest.mark.parametrize(
    ("kind", "account"),
    [("FT_METHOD", "method-1"), ("FT_PRODUCT", "product-1"), ("FT_LATE_PAYMENT", "late-1"), ("FT_INTEREST", "int-1")],
)
def test_F4a_each_fee_type_is_cash_back_on_its_own_account(kind, account):
    payout = ap_payout(fees=(fee("2.50", type=kind),))
    body = deposit(payout, [in_payout(P1)], BY_TYPE).payload
    assert lines(body, "cashBack") == [(account, D("2.50"))]
    assert body["cashBack"]["items"][0]["memo"] == f"Alternative Payments fee: ACH processing ({kind})"
    assert signed_total(body, P1.sub_total) == payout.total


@pytest.mark.parametrize("kind", [*FEE_TYPES, "FT_SOMETHING_NEW"])
def test_F4a_a_type_without_an_account_of_its_own_uses_the_default_fee_account(kind):
    body = deposit(ap_payout(fees=(fee("2.50", type=kind),)), [in_payout(P1)], READY).payload
    assert lines(body, "cashBack") == [("fees-1", D("2.50"))]


def test_F4a_fees_of_several_types_split_across_their_accounts_in_payout_order():
    only_late = dataclasses.replace(READY, fee_accounts=(("FT_LATE_PAYMENT", "late-1"),))
    fees = (fee("1.00", type="FT_METHOD"), fee("2.00", type="FT_LATE_PAYMENT"), fee("3.00", type="FT_PRODUCT"))
    payout = ap_payout(fees=fees, total=D("244.00"))
    body = deposit(payout, [in_payout(P1)], only_late).payload
    assert lines(body, "cashBack") == [("fees-1", D("1.00")), ("late-1", D("2.00")), ("fees-1", D("3.00"))]
    assert signed_total(body, P1.sub_total) == payout.total


def test_F4a_C3_default_fee_account_not_needed_when_every_fee_type_has_its_own():
    no_default = dataclasses.replace(BY_TYPE, fee_account_id=None)
    body = deposit(ap_payout(fees=(fee("2.50", type="FT_PRODUCT"),)), [in_payout(P1)], no_default).payload
    assert lines(body, "cashBack") == [("product-1", D("2.50"))]


def test_F4a_C3_default_fee_account_needed_for_a_type_without_its_own():
    only_late = dataclasses.replace(READY, fee_account_id=None, fee_accounts=(("FT_LATE_PAYMENT", "late-1"),))
    hold = plan_payout(ap_payout(fees=(fee("2.50", type="FT_METHOD"),)), [in_payout(P1)], only_late)
    assert len(hold) == 1 and isinstance(hold[0], Hold) and hold[0].reason.endswith("fee_account_id")


def test_F4b_a_payout_fee_the_customer_covered_is_income_that_raises_the_deposit():
    late = fee("5.00", type="FT_LATE_PAYMENT", name="Late fee", covered_by_customer=True)
    payout = ap_payout(fees=(fee("2.50"), late), total=D("252.50"))
    body = deposit(payout, [in_payout(P1)], BY_TYPE).payload
    assert lines(body, "other") == [("surcharge-1", D("5.00"))]
    assert body["other"]["items"][0]["memo"] == (
        "Alternative Payments fee covered by the customer: Late fee (FT_LATE_PAYMENT)"
    )
    assert lines(body, "cashBack") == [("method-1", D("2.50"))]
    assert signed_total(body, P1.sub_total) == payout.total


def test_F4b_customer_covered_fee_defaults_to_the_other_deposits_income_account():
    covered = fee("5.00", type="FT_INTEREST", covered_by_customer=True)
    body = deposit(ap_payout(fees=(covered,), total=D("255.00")), [in_payout(P1)], READY).payload
    assert lines(body, "other") == [("od-1", D("5.00"))]
    assert "cashBack" not in body


def test_F4b_payment_surcharges_go_to_the_customer_covered_income_account():
    payout = ap_payout(payment_ids=("pay_1", "pay_2"), total=D("350.50"), fees=(fee("2.50"),))
    body = deposit(payout, [in_payout(P1), in_payout(P2, "cp-2")], BY_TYPE).payload
    assert lines(body, "other") == [("surcharge-1", D("3.00"))]


def test_F4b_C3_other_deposits_not_needed_for_surcharges_when_their_income_account_is_chosen():
    no_other = dataclasses.replace(BY_TYPE, other_deposits_account_id=None)
    payout = ap_payout(payment_ids=("pay_1", "pay_2"), total=D("350.50"), fees=(fee("2.50"),))
    assert deposit(payout, [in_payout(P1), in_payout(P2, "cp-2")], no_other)


def test_F4b_C3_other_deposits_still_needed_for_S7_payments():
    no_other = dataclasses.replace(BY_TYPE, other_deposits_account_id=None)
    payout = ap_payout(payment_ids=("pay_3",), total=D("40.00"), fees=())
    hold = plan_payout(payout, [standalone_in_payout(S7)], no_other)
    assert len(hold) == 1 and isinstance(hold[0], Hold) and hold[0].reason.endswith("other_deposits_account_id")


def test_F4b_C3_customer_covered_fee_waits_for_an_income_account():
    no_income = dataclasses.replace(READY, other_deposits_account_id=None)
    covered = fee("5.00", type="FT_INTEREST", covered_by_customer=True)
    hold = plan_payout(ap_payout(fees=(covered,), total=D("255.00")), [in_payout(P1)], no_income)
    assert len(hold) == 1 and isinstance(hold[0], Hold) and hold[0].reason.endswith("other_deposits_account_id")


def test_F4b_I2_customer_covered_fee_booked_as_withheld_would_not_balance_and_is_quarantined():
    covered = fee("5.00", type="FT_LATE_PAYMENT", covered_by_customer=True)
    withheld_total = ap_payout(fees=(covered,), total=D("245.00"))
    [decision] = plan_payout(withheld_total, [in_payout(P1)], READY)
    assert isinstance(decision, Quarantine) and decision.check == "F4:payout_balances"


def test_F4b_zero_customer_covered_fees_are_left_out():
    covered = fee("0.00", type="FT_LATE_PAYMENT", covered_by_customer=True)
    body = deposit(ap_payout(fees=(covered,), total=D("250.00")), [in_payout(P1)], READY).payload
    assert "other" not in body and "cashBack" not in body
