"""Invoices: creation and validation (Part A), update, paid status and archive (Part B)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.sandbox_alternative_payments.plain_api import error_of


@pytest.fixture
def customer_id(ap_sandbox):
    return ap_sandbox.demo_ids["customer_acme"]


def new_invoice(customer_id: str, /, **fields):
    body = {
        "customer_id": customer_id,
        "currency": "USD",
        "due_date": "2031-01-31",
        "line_items": [
            {"description": "Support", "amount": 100.25, "quantity": 2},
            {"description": "Backup", "amount": 49.5, "quantity": 1},
        ],
    }
    body.update(fields)
    return body


def test_invoice_totals_come_from_line_items(api, customer_id):
    invoice = api.ok("POST", "/invoices", new_invoice(customer_id, external_id="9001", invoice_number="INV-9001"))
    assert invoice["sub_total"] == invoice["total"] == invoice["amount_due"] == Decimal("250.0")
    assert (invoice["status"], invoice["paid_via"], invoice["currency"]) == ("open", None, "USD")
    assert (invoice["invoice_number"], invoice["external_id"]) == ("INV-9001", "9001")
    assert invoice["line_items"][0] == {"description": "Support", "amount": Decimal("100.25"), "quantity": 2}
    assert api.ok("GET", "/invoices", external_id="9001")["data"] == [invoice]


def test_only_usd_is_accepted_and_the_error_names_currency(api, customer_id):
    response = api.post("/invoices", new_invoice(customer_id, currency="EUR"))
    assert response.status_code == 422
    assert "only supports USD" in error_of(response)["validation_errors"]["currency"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_date": "2031/01/31"}, "due_date"),
        ({"due_date": "2031-02-30"}, "due_date"),
        ({"line_items": [{"description": "x", "amount": -1}]}, "line_items[0].amount"),
        ({"line_items": [{"description": "x", "amount": "10.00"}]}, "line_items[0].amount"),
        ({"line_items": [{"description": "x", "amount": 1.005}]}, "line_items[0].amount"),
        ({"line_items": [{"description": "", "amount": 1}]}, "line_items[0].description"),
        ({"line_items": [{"description": "x", "amount": 1, "quantity": 0}]}, "line_items[0].quantity"),
        ({"line_items": [{"description": "x", "amount": 1, "quantity": 2.5}]}, "line_items[0].quantity"),
        ({"line_items": [{"description": "x", "amount": 1, "quantity": "1"}]}, "line_items[0].quantity"),
        ({"line_items": [{"description": "x", "amount": 1, "quantity": True}]}, "line_items[0].quantity"),
        ({"line_items": [{"description": 7, "amount": 1}]}, "line_items[0].description"),
        ({"invoice_number": 1001}, "invoice_number"),
        ({"due_date": 20310131}, "due_date"),
        ({"line_items": []}, "line_items"),
        ({"customer_id": "cus_missing"}, "customer_id"),
        ({"total": -5}, "total"),
        ({"amount_due": 999}, "amount_due"),
        ({"exclude_from_autopay": "yes"}, "exclude_from_autopay"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_invoice_fields_are_named_in_a_422(api, customer_id, changes, field):
    response = api.post("/invoices", new_invoice(customer_id, **changes))
    assert response.status_code == 422
    assert field in error_of(response)["validation_errors"]


def test_a_whole_quantity_written_as_a_float_is_refused_like_the_schema_says(api, customer_id):
    """The published schema types quantity as an integer: ``1.0`` is not one."""
    lines = [{"description": "Support", "amount": 100.25, "quantity": 1.0}]
    response = api.post("/invoices", new_invoice(customer_id, line_items=lines))
    assert response.status_code == 422
    assert error_of(response)["validation_errors"] == {"line_items[0].quantity": "must be an integer > 0"}
    invoice = api.ok("POST", "/invoices", new_invoice(customer_id, line_items=[{**lines[0], "quantity": 1}]))
    patch = api.patch(f"/invoices/{invoice['id']}", {"line_items": lines})
    assert patch.status_code == 422
    assert "line_items[0].quantity" in error_of(patch)["validation_errors"]


def test_missing_required_fields_are_all_reported(api):
    response = api.post("/invoices", {})
    assert set(error_of(response)["validation_errors"]) == {"customer_id", "currency", "due_date", "line_items"}


def test_open_balance_given_at_creation_makes_it_partially_paid(api, customer_id):
    invoice = api.ok("POST", "/invoices", new_invoice(customer_id, total=270, amount_due=20))
    assert (invoice["sub_total"], invoice["total"], invoice["amount_due"]) == (250, 270, 20)
    assert invoice["status"] == "partially_paid"


def test_patch_moves_due_date_and_recomputes_totals(api, customer_id):
    invoice = api.ok("POST", "/invoices", new_invoice(customer_id))
    lines = [{"description": "Support", "amount": 80, "quantity": 1}]
    updated = api.ok("PATCH", f"/invoices/{invoice['id']}", {"due_date": "2031-03-01", "line_items": lines})
    assert (updated["due_date"], updated["total"], updated["amount_due"]) == ("2031-03-01", 80, 80)
    assert updated["updated_at"] > invoice["updated_at"]
    taxed = api.ok("PATCH", f"/invoices/{invoice['id']}", {"total": 86.4})
    assert (taxed["sub_total"], taxed["total"], taxed["amount_due"]) == (80, Decimal("86.4"), Decimal("86.4"))


def test_patch_status_paid_means_paid_outside_ap(api, customer_id):
    invoice = api.ok("POST", "/invoices", new_invoice(customer_id))
    paid = api.ok("PATCH", f"/invoices/{invoice['id']}", {"status": "paid"})
    assert (paid["status"], paid["paid_via"], paid["amount_due"]) == ("paid", "external", 0)
    reopened = api.ok("PATCH", f"/invoices/{invoice['id']}", {"amount_due": 50})
    assert (reopened["status"], reopened["paid_via"], reopened["amount_due"]) == ("partially_paid", None, 50)


def test_patch_refuses_other_statuses_and_balances_above_total(api, customer_id):
    invoice = api.ok("POST", "/invoices", new_invoice(customer_id))
    wrong_status = api.patch(f"/invoices/{invoice['id']}", {"status": "open"})
    too_much = api.patch(f"/invoices/{invoice['id']}", {"amount_due": 251})
    below_settled = api.patch(f"/invoices/{invoice['id']}", {"amount_due": 50})
    assert "status" in error_of(wrong_status)["validation_errors"]
    assert "amount_due" in error_of(too_much)["validation_errors"]
    assert below_settled.status_code == 200
    assert "total" in error_of(api.patch(f"/invoices/{invoice['id']}", {"total": 100}))["validation_errors"]


def test_invoice_paid_in_ap_keeps_its_amounts_and_due_date(api, ap_sandbox):
    paid = ap_sandbox.demo_ids["invoice_paid"]
    refused = api.patch(f"/invoices/{paid}", {"amount_due": 10, "due_date": "2031-01-01"})
    assert (refused.status_code, error_of(refused)["code"]) == (422, "invoice_paid")
    assert api.ok("PATCH", f"/invoices/{paid}", {"memo": "thanks"})["memo"] == "thanks"


def test_delete_archives_and_archived_invoices_refuse_changes(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    assert api.ok("DELETE", f"/invoices/{invoice_id}")["status"] == "archived"
    assert api.ok("GET", f"/invoices/{invoice_id}")["status"] == "archived"
    assert [i["id"] for i in api.ok("GET", "/invoices", status="archived")["data"]] == [invoice_id]
    refused = api.patch(f"/invoices/{invoice_id}", {"memo": "x"})
    assert (refused.status_code, error_of(refused)["code"]) == (422, "invoice_archived")


def test_invoice_filters(api, ap_sandbox):
    ids = ap_sandbox.demo_ids

    def found(**params):
        return {i["id"] for i in api.ok("GET", "/invoices", **params)["data"]}

    assert found(customer_id=ids["customer_acme"]) == {ids["invoice_open"], ids["invoice_paid"]}
    assert found(status="partially_paid") == {ids["invoice_partially_paid"]}
    assert found(invoice_number="INV-5002") == {ids["invoice_paid"]}
    every = found()
    assert found(due_date_start="2000-01-01", due_date_end="2100-01-01") == every
    assert found(created_at_start="2100-01-01T00:00:00Z") == set()


def test_unknown_filters_and_bad_values_are_400(api):
    unknown = api.get("/invoices", updated_since="2024-01-01T00:00:00Z")
    naive = api.get("/invoices", updated_at_start="2024-01-01T00:00:00")
    assert (unknown.status_code, naive.status_code) == (400, 400)
    assert "updated_since" in error_of(unknown)["validation_errors"]
    assert "updated_at_start" in error_of(naive)["validation_errors"]


def test_payment_link(api, ap_sandbox):
    invoice_id = ap_sandbox.demo_ids["invoice_open"]
    link = api.ok("GET", f"/invoices/{invoice_id}/payment-link")
    assert link["url"].endswith(f"/pay/{invoice_id}")
