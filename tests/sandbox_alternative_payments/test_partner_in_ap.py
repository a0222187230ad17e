"""What the partner does directly in AP: create customers and invoices, edit invoices."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox.alternative_payments.control_client import SandboxControlError


def test_customer_created_in_ap_has_no_external_id(api, ap_sandbox):
    customer = ap_sandbox.control.create_customer(name="Walk-in Two", email="w2@example.com")
    assert customer["external_id"] is None
    assert api.ok("GET", f"/customers/{customer['id']}")["name"] == "Walk-in Two"
    with pytest.raises(SandboxControlError) as refused:
        ap_sandbox.control.create_customer(name="x", external_id="1")
    assert "external_id" in refused.value.body["validation_errors"]


def test_invoice_created_in_ap_has_no_external_id_and_can_be_paid(api, ap_sandbox):
    invoice = ap_sandbox.control.create_invoice(
        customer_id=ap_sandbox.demo_ids["customer_walk_in"],
        currency="USD",
        due_date="2031-01-15",
        line_items=[{"description": "On-site visit", "amount": Decimal("150")}],
    )
    assert (invoice["external_id"], invoice["total"], invoice["status"]) == (None, 150, "open")
    payment = ap_sandbox.control.pay_invoice(invoice["id"])
    assert api.ok("GET", f"/payments/{payment['id']}")["invoice_id"] == invoice["id"]


def test_partner_edits_amount_and_due_date_in_ap(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_partially_paid"]
    before = api.ok("GET", f"/invoices/{invoice_id}")
    edited = ap_sandbox.control.edit_invoice(invoice_id, total=Decimal("900.50"), due_date="2031-06-30")
    assert (edited["total"], edited["amount_due"], edited["due_date"]) == (Decimal("900.5"), 550, "2031-06-30")
    after = api.ok("GET", f"/invoices/{invoice_id}")
    assert after["updated_at"] > before["updated_at"]
    with pytest.raises(SandboxControlError) as refused:
        ap_sandbox.control.edit_invoice(invoice_id, amount_due=0)
    assert "amount_due" in refused.value.body["validation_errors"]


def test_events_are_logged_for_state_changes(api, ap_sandbox):
    ids = ap_sandbox.demo_ids
    ap_sandbox.control.refund_payment(ids["payment_card"])
    topics = [e["topic"] for e in api.ok("GET", "/webhooks/events")["data"]]
    assert topics.count("customer_created") == 3
    assert {"invoice_created", "invoice_paid", "payment_succeeded", "payment_refunded"} <= set(topics)
    refunds = api.ok("GET", "/webhooks/events", topic="payment_refunded")["data"]
    assert [e["data"]["id"] for e in refunds] == [ids["payment_card"]]
