"""Part B through the hook: invoice updates and status, PDFs, integration status."""

from __future__ import annotations

from decimal import Decimal

import pytest

from alternative_payments_hook import NotFoundError, ValidationError
from tests.fixtures.alternative_payments import invoice_pdf_bytes


def test_update_invoice_sends_only_what_changes(hook, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    lines = [{"description": "Managed IT services", "amount": Decimal("1100"), "quantity": 1}]
    updated = hook.update_invoice(invoice_id, due_date="2031-04-30", line_items=lines, memo="repriced")
    assert (updated["due_date"], updated["total"], updated["amount_due"], updated["memo"]) == (
        "2031-04-30",
        1100,
        1100,
        "repriced",
    )
    assert hook.update_invoice(invoice_id, memo=None)["memo"] is None
    assert hook.update_invoice(invoice_id, total=Decimal("1188.00"))["total"] == Decimal("1188")
    with pytest.raises(ValueError, match="at least one field"):
        hook.update_invoice(invoice_id)


def test_mark_invoice_paid_externally(hook, ap_sandbox):
    paid = hook.mark_invoice_paid_externally(ap_sandbox.demo_ids["invoice_open"])
    assert (paid["status"], paid["paid_via"], paid["amount_due"]) == ("paid", "external", 0)


def test_set_invoice_balance(hook, ap_sandbox):
    invoice = hook.set_invoice_balance(ap_sandbox.demo_ids["invoice_open"], Decimal("450.25"))
    assert (invoice["status"], invoice["amount_due"]) == ("partially_paid", Decimal("450.25"))


def test_invoice_paid_in_ap_refuses_amount_changes(hook, ap_sandbox):
    with pytest.raises(ValidationError) as raised:
        hook.update_invoice(ap_sandbox.demo_ids["invoice_paid"], total=Decimal("10"))
    assert raised.value.code == "invoice_paid"


def test_balance_of_an_invoice_paid_in_ap_can_be_reopened(hook, ap_sandbox):
    # F7: the NetSuite payment that recorded it was deleted; the integration reopens the balance.
    invoice = hook.set_invoice_balance(ap_sandbox.demo_ids["invoice_paid"], Decimal("10"))
    assert (invoice["amount_due"], invoice["status"], invoice["paid_via"]) == (Decimal("10"), "partially_paid", None)


def test_pdf_upload_round_trip(hook, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    pdf = invoice_pdf_bytes("Invoice INV-5001")
    with pytest.raises(NotFoundError):
        hook.get_invoice_pdf(invoice_id)
    invoice = hook.upload_invoice_pdf(invoice_id, pdf)
    assert (invoice["pdf"]["size_bytes"], invoice["pdf"]["pages"]) == (len(pdf), 1)
    assert hook.get_invoice_pdf(invoice_id) == pdf


def test_not_a_pdf_is_rejected_naming_the_body(hook, ap_sandbox):
    with pytest.raises(ValidationError) as raised:
        hook.upload_invoice_pdf(ap_sandbox.demo_ids["invoice_open"], b"<html>invoice</html>")
    assert "body" in raised.value.validation_errors
    assert "body: is not a PDF" in str(raised.value)
    with pytest.raises(TypeError):
        hook.upload_invoice_pdf(ap_sandbox.demo_ids["invoice_open"], "not bytes")


def test_integration_status_round_trip(hook):
    assert hook.get_integration_status() is None
    progress = {"phase": "history", "records_done": 1200, "records_left": 300}
    stored = hook.put_integration_status("pending", progress=progress, message="importing history")
    assert (stored["status"], stored["progress"], stored["message"]) == ("pending", progress, "importing history")
    assert hook.get_integration_status() == stored
    with pytest.raises(ValueError, match="status must be one of"):
        hook.put_integration_status("great")
