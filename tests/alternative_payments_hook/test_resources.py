"""Customers, invoices, payments and payouts through the hook (Part A, plus external_id lookups)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from alternative_payments_hook import NotFoundError, ValidationError


def records(pages) -> list[dict]:
    return [record for page in pages for record in page]


def newest(rows: list[dict]) -> datetime:
    return max(datetime.fromisoformat(r["updated_at"]) for r in rows)


def test_customer_create_find_update_archive(hook):
    created = hook.create_customer({"name": "Cedar Vet", "external_id": "777", "email": "ap@cedar.example"})
    assert hook.find_customer_by_external_id("777") == created
    assert hook.find_customer_by_external_id("nope") is None
    updated = hook.update_customer(created["id"], {"city": "Denver", "legal_name": "Cedar Veterinary PLLC"})
    assert (updated["city"], updated["legal_name"]) == ("Denver", "Cedar Veterinary PLLC")
    assert hook.archive_customer(created["id"])["status"] == "archived"
    assert hook.get_customer(created["id"])["status"] == "archived"
    archived = records(hook.iter_customers(status="archived"))
    assert [c["id"] for c in archived] == [created["id"]]


def test_invoice_create_find_archive(hook, ap_sandbox):
    invoice = hook.create_invoice(
        {
            "customer_id": ap_sandbox.demo_ids["customer_acme"],
            "currency": "USD",
            "due_date": "2031-02-28",
            "external_id": "6001",
            "invoice_number": "INV-6001",
            "line_items": [{"description": "Firewall", "amount": Decimal("499.99"), "quantity": 2}],
        }
    )
    assert invoice["total"] == Decimal("999.98")
    assert isinstance(invoice["total"], Decimal)
    assert hook.find_invoice_by_external_id("6001")["id"] == invoice["id"]
    assert hook.get_invoice(invoice["id"]) == invoice
    assert hook.archive_invoice(invoice["id"])["status"] == "archived"
    by_number = records(hook.iter_invoices(invoice_number="INV-6001"))
    assert [(i["id"], i["status"]) for i in by_number] == [(invoice["id"], "archived")]


def test_validation_errors_carry_ap_code_message_and_field_names(hook, ap_sandbox):
    with pytest.raises(ValidationError) as raised:
        hook.create_invoice(
            {
                "customer_id": ap_sandbox.demo_ids["customer_acme"],
                "currency": "EUR",
                "due_date": "31/12/2031",
                "line_items": [{"description": "x", "amount": Decimal("-5")}],
            }
        )
    error = raised.value
    assert (error.status, error.code) == (422, "validation_error")
    assert set(error.validation_errors) == {"currency", "due_date", "line_items[0].amount"}
    for field in error.validation_errors:
        assert f"{field}:" in str(error)
    assert "POST /invoices" in str(error)


def test_unknown_records_raise_not_found(hook):
    with pytest.raises(NotFoundError) as raised:
        hook.get_payment("pay_missing")
    assert raised.value.code == "not_found"


def test_payments_are_read_incrementally(hook, ap_sandbox):
    ids = ap_sandbox.demo_ids
    everything = records(hook.iter_payments())
    assert {p["id"] for p in everything} == {ids["payment_card"], ids["payment_ach"]}
    watermark = newest(everything)
    payment = ap_sandbox.control.pay_invoice(ids["invoice_open"], amount=Decimal("200"), payment_method="ach")
    changed = records(hook.iter_payments(updated_at_start=watermark))
    assert [p["id"] for p in changed] == [ids["payment_ach"], payment["id"]]  # inclusive watermark
    fetched = hook.get_payment(payment["id"])
    assert (fetched["invoice_id"], fetched["status"], fetched["sub_total"]) == (ids["invoice_open"], "succeeded", 200)


def test_payouts_are_read_incrementally_with_their_transactions(hook, ap_sandbox):
    ids = ap_sandbox.demo_ids
    assert records(hook.iter_payouts()) == []
    payout = ap_sandbox.control.create_payout()
    listed = records(hook.iter_payouts(updated_at_start="2000-01-01T00:00:00Z", status="succeeded"))
    assert [p["id"] for p in listed] == [payout["id"]]
    assert hook.get_payout(payout["id"])["total"] == payout["total"]
    transactions = records(hook.iter_payout_transactions(payout["id"], page_size=1))
    assert {t["id"] for t in transactions} == {ids["payment_card"], ids["payment_ach"]}
    assert sum(t["total"] for t in transactions) == payout["sub_total"]


def test_naive_timestamps_are_refused_before_sending(hook):
    with pytest.raises(ValueError, match="time zone"):
        next(hook.iter_payments(updated_at_start=datetime(2024, 1, 1)))


def test_record_ids_cannot_escape_their_path_segment(hook):
    with pytest.raises(NotFoundError):
        hook.get_invoice("../customers")
