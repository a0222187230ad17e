"""What customers do in AP: pay in full or in part, by card or ACH; and what happens later."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox.alternative_payments.control_client import SandboxControlError
from tests.sandbox_alternative_payments.plain_api import error_of


def test_paying_in_full_by_card_marks_the_invoice_paid_via_ap(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    payment = ap_sandbox.control.pay_invoice(invoice_id, payment_method="card")
    assert (payment["status"], payment["invoice_id"], payment["payment_method"]) == ("succeeded", invoice_id, "card")
    assert payment["sub_total"] == payment["total"] == Decimal("1200")
    assert payment["fees"] == []
    invoice = api.ok("GET", f"/invoices/{invoice_id}")
    assert (invoice["status"], invoice["paid_via"], invoice["amount_due"]) == ("paid", "ap", 0)
    assert api.ok("GET", f"/payments/{payment['id']}") == payment


def test_partial_ach_payment_lowers_the_balance(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    ap_sandbox.control.pay_invoice(invoice_id, amount=Decimal("200.10"), payment_method="ach")
    invoice = api.ok("GET", f"/invoices/{invoice_id}")
    assert (invoice["status"], invoice["paid_via"], invoice["amount_due"]) == (
        "partially_paid",
        None,
        Decimal("999.9"),
    )
    ap_sandbox.control.pay_invoice(invoice_id, payment_method="ach")
    assert api.ok("GET", f"/invoices/{invoice_id}")["status"] == "paid"


def test_surcharge_is_a_fee_the_customer_covers(ap_sandbox):
    payment = ap_sandbox.control.pay_invoice(ap_sandbox.demo_ids["invoice_open"], surcharge=Decimal("36"))
    assert (payment["sub_total"], payment["total"]) == (1200, 1236)
    assert payment["fees"] == [
        {"amount": 36, "covered_by_customer": True, "name": "Card surcharge", "type": "FT_METHOD"}
    ]


@pytest.mark.parametrize(
    ("invoice", "amount", "code"),
    [
        ("invoice_open", Decimal("1200.01"), "validation_error"),
        ("invoice_open", Decimal("0"), "validation_error"),
        ("invoice_paid", None, "invoice_not_payable"),
    ],
)
def test_payments_cannot_exceed_the_balance_or_pay_a_paid_invoice(ap_sandbox, invoice, amount, code):
    with pytest.raises(SandboxControlError) as refused:
        ap_sandbox.control.pay_invoice(ap_sandbox.demo_ids[invoice], amount=amount)
    assert (refused.value.status, refused.value.body["code"]) == (422, code)


def test_ach_return_fails_the_payment_and_restores_the_balance(api, ap_sandbox):
    ids = ap_sandbox.demo_ids
    failed = ap_sandbox.control.fail_payment(ids["payment_ach"])
    assert failed["status"] == "failed"
    assert failed["failure_reason"].startswith("ACH return")
    invoice = api.ok("GET", f"/invoices/{ids['invoice_partially_paid']}")
    assert (invoice["status"], invoice["amount_due"]) == ("open", Decimal("850.5"))


@pytest.mark.parametrize(("action", "status"), [("refund_payment", "refunded"), ("chargeback_payment", "chargeback")])
def test_refund_and_chargeback_reopen_a_paid_invoice(api, ap_sandbox, action, status):
    ids = ap_sandbox.demo_ids
    payment = getattr(ap_sandbox.control, action)(ids["payment_card"])
    assert payment["status"] == status
    invoice = api.ok("GET", f"/invoices/{ids['invoice_paid']}")
    assert (invoice["status"], invoice["paid_via"], invoice["amount_due"]) == ("open", None, 300)


def test_only_succeeded_payments_can_be_refunded(ap_sandbox):
    payment_id = ap_sandbox.demo_ids["payment_ach"]
    ap_sandbox.control.fail_payment(payment_id)
    with pytest.raises(SandboxControlError) as refused:
        ap_sandbox.control.refund_payment(payment_id)
    assert refused.value.body["code"] == "invalid_status"


def test_pending_payment_changes_the_invoice_only_when_it_settles(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    pending = ap_sandbox.control.pay_invoice(invoice_id, payment_method="ach", status="pending")
    assert api.ok("GET", f"/invoices/{invoice_id}")["amount_due"] == 1200
    assert ap_sandbox.control.settle_payment(pending["id"])["status"] == "succeeded"
    assert api.ok("GET", f"/invoices/{invoice_id}")["status"] == "paid"


def test_payments_filter_by_invoice_status_and_method(api, ap_sandbox):
    ids = ap_sandbox.demo_ids
    by_invoice = api.ok("GET", "/payments", invoice_id=ids["invoice_paid"])["data"]
    assert [p["id"] for p in by_invoice] == [ids["payment_card"]]
    assert [p["id"] for p in api.ok("GET", "/payments", payment_method="ach")["data"]] == [ids["payment_ach"]]
    ap_sandbox.control.fail_payment(ids["payment_ach"])
    assert [p["id"] for p in api.ok("GET", "/payments", status="failed")["data"]] == [ids["payment_ach"]]
    assert api.get("/payments", status="lost").status_code == 400


def test_post_payments_charges_the_stored_method_once_per_idempotency_key(api, ap_sandbox):
    ids = ap_sandbox.demo_ids
    body = {"invoice_id": ids["invoice_open"], "amount": 100, "idempotency_key": "k-1"}
    no_method = api.post("/payments", body)
    assert (no_method.status_code, error_of(no_method)["code"]) == (422, "no_payment_method")
    ap_sandbox.control.add_payment_method(ids["customer_acme"], "ach")
    first, again = api.post("/payments", body), api.post("/payments", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["payment_method"] == "ach"
    reused = api.post("/payments", {**body, "amount": 5})
    assert error_of(reused)["code"] == "idempotency_key_reused"
    assert api.ok("GET", f"/invoices/{ids['invoice_open']}")["amount_due"] == 1100
