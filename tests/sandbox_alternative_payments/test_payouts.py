"""Payouts: succeeded payments not yet paid out, less a percentage and a per-payment fee."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox.alternative_payments.control_client import SandboxControlError


def test_payout_collects_succeeded_payments_and_subtracts_fees(api, ap_sandbox):
    ids = ap_sandbox.demo_ids
    payout = ap_sandbox.control.create_payout(fee_percent=Decimal("2.9"), fee_fixed=Decimal("0.30"))
    assert payout["status"] == "succeeded"
    assert payout["sub_total"] == Decimal("650.5")  # 300.00 + 350.50
    assert [f["amount"] for f in payout["fees"]] == [Decimal("18.86"), Decimal("0.6")]
    assert payout["total"] == Decimal("631.04")
    assert set(payout["payment_ids"]) == {ids["payment_card"], ids["payment_ach"]}
    transactions = api.ok("GET", f"/payouts/{payout['id']}/transactions")["data"]
    assert {t["id"] for t in transactions} == {ids["payment_card"], ids["payment_ach"]}
    assert all(t["payout_id"] == payout["id"] for t in transactions)
    assert api.ok("GET", f"/payouts/{payout['id']}") == payout


def test_payout_total_uses_payment_totals_including_surcharges(ap_sandbox):
    ap_sandbox.control.create_payout()
    payment = ap_sandbox.control.pay_invoice(ap_sandbox.demo_ids["invoice_open"], surcharge=Decimal("10"))
    payout = ap_sandbox.control.create_payout(fee_percent=Decimal("0"), fee_fixed=Decimal("1"))
    assert (payout["payment_ids"], payout["sub_total"], payout["total"]) == ([payment["id"]], 1210, 1209)
    assert payout["fees"] == [
        {"amount": 1, "covered_by_customer": False, "name": "Per-payment fee (1.00 x 1)", "type": "FT_PRODUCT"}
    ]


def test_payments_are_paid_out_once_and_failed_ones_never(ap_sandbox):
    ids = ap_sandbox.demo_ids
    ap_sandbox.control.fail_payment(ids["payment_ach"])
    payout = ap_sandbox.control.create_payout()
    assert payout["payment_ids"] == [ids["payment_card"]]
    with pytest.raises(SandboxControlError) as nothing_left:
        ap_sandbox.control.create_payout()
    assert nothing_left.value.body["code"] == "no_payments"


def test_payout_of_chosen_payments(ap_sandbox):
    ids = ap_sandbox.demo_ids
    payout = ap_sandbox.control.create_payout(payment_ids=[ids["payment_ach"]])
    assert payout["payment_ids"] == [ids["payment_ach"]]
    assert payout["customer_id"] == ids["customer_birch"]
    with pytest.raises(SandboxControlError) as again:
        ap_sandbox.control.create_payout(payment_ids=[ids["payment_ach"]])
    assert "payment_ids" in again.value.body["validation_errors"]


def test_failed_payout_releases_its_payments(api, ap_sandbox):
    first = ap_sandbox.control.create_payout(status="processing")
    assert ap_sandbox.control.set_payout_status(first["id"], "failed")["status"] == "failed"
    second = ap_sandbox.control.create_payout()
    assert set(second["payment_ids"]) == set(first["payment_ids"])


def test_payout_filters(api, ap_sandbox):
    ids = ap_sandbox.demo_ids
    card = ap_sandbox.control.create_payout(payment_ids=[ids["payment_card"]])
    ach = ap_sandbox.control.create_payout(payment_ids=[ids["payment_ach"]], status="scheduled")

    def found(**params):
        return [p["id"] for p in api.ok("GET", "/payouts", **params)["data"]]

    assert found(status="scheduled") == [ach["id"]]
    assert found(invoice_id=ids["invoice_paid"]) == [card["id"]]
    assert found(customer_id=ids["customer_birch"]) == [ach["id"]]
    assert found(start_date=card["arrival_date"], end_date=card["arrival_date"]) == [card["id"], ach["id"]]
    assert found(end_date="2000-01-01") == []


def test_payout_fees_of_every_type_the_customer_covered_ones_passed_on(ap_sandbox):
    late = {"amount": Decimal("4.00"), "name": "Late fee", "type": "FT_LATE_PAYMENT", "covered_by_customer": True}
    interest = {"amount": Decimal("1.50"), "name": "Interest", "type": "FT_INTEREST", "covered_by_customer": False}
    payout = ap_sandbox.control.create_payout(fee_percent=Decimal("0"), fee_fixed=Decimal("1"), fees=[late, interest])
    assert [(f["type"], f["covered_by_customer"]) for f in payout["fees"]] == [
        ("FT_PRODUCT", False),
        ("FT_LATE_PAYMENT", True),
        ("FT_INTEREST", False),
    ]
    assert payout["total"] == payout["sub_total"] - 2 + Decimal("4.00") - Decimal("1.50")


def test_payout_fees_are_checked_like_the_published_schema(ap_sandbox):
    wrong = [{"amount": "-1", "name": "x", "type": "FT_OTHER", "covered_by_customer": "yes", "extra": 1}]
    with pytest.raises(SandboxControlError) as refused:
        ap_sandbox.control.create_payout(fees=wrong)
    errors = refused.value.body["validation_errors"]
    assert {"fees[0].type", "fees[0].covered_by_customer", "fees[0].extra", "fees[0].amount"} <= set(errors)
