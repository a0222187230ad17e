"""Invoices: create, update (Part B), archive, balances moved by payments, PDFs.

Status follows the open balance: ``open`` (nothing paid), ``partially_paid``, ``paid``;
``archived`` overrides all. ``paid_via`` says who settled a paid invoice: ``ap`` (a
payment in AP) or ``external`` (marked paid from the accounting system).
"""

from __future__ import annotations

import hashlib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.store import Store
from sandbox.alternative_payments.validation import Fields

STATUSES = ("open", "partially_paid", "paid", "archived")
CREATABLE = {
    "customer_id",
    "currency",
    "due_date",
    "line_items",
    "exclude_from_autopay",
    "external_id",
    "invoice_number",
    "memo",
    "total",
    "amount_due",
}
UPDATABLE = {"due_date", "line_items", "total", "amount_due", "memo", "status"}
PARTNER_EDITABLE = {"due_date", "line_items", "total", "memo"}
# A balance stays settable on an invoice paid in AP: when the accounting system
# loses the payment that recorded it (deleted there), the integration reopens it.
FROZEN_WHEN_PAID_IN_AP = UPDATABLE - {"memo", "amount_due"}
_CENT = Decimal("0.01")


def line_total(items: list[dict]) -> Decimal:
    total = sum((item["amount"] * item["quantity"] for item in items), Decimal(0))
    return total.quantize(_CENT, rounding=ROUND_HALF_UP)


def find_by_external_id(store: Store, external_id: str) -> dict | None:
    return next((i for i in store.invoices.values() if i["external_id"] == external_id), None)


def settle(invoice: dict, paid_via: str | None = None) -> None:
    """Derive status (and who paid) from the open balance; archived invoices keep their status."""
    if invoice["status"] == "archived":
        return
    if invoice["amount_due"] == 0:
        invoice["status"] = "paid"
        invoice["paid_via"] = invoice["paid_via"] or paid_via
        return
    invoice["status"] = "partially_paid" if invoice["amount_due"] < invoice["total"] else "open"
    invoice["paid_via"] = None


def _read_customer(store: Store, fields: Fields) -> dict | None:
    customer_id = fields.string("customer_id", required=True)
    if customer_id is None:
        return None
    customer = store.customers.get(customer_id)
    if customer is None:
        fields.fail("customer_id", f"no customer {customer_id}")
    elif customer["status"] == "archived":
        fields.fail("customer_id", f"customer {customer_id} is archived")
    return customer


def create(store: Store, body: dict[str, Any], allow_external_id: bool = True) -> dict:
    allowed = CREATABLE if allow_external_id else CREATABLE - {"external_id"}
    fields = Fields(body, allowed)
    with store.lock:
        customer = _read_customer(store, fields)
        fields.currency()
        due_date = fields.due_date(required=True)
        items = fields.line_items(required=True)
        external_id = fields.string("external_id")
        number = fields.string("invoice_number")
        memo = fields.string("memo", max_length=5000)
        autopay_excluded = fields.boolean("exclude_from_autopay")
        total, amount_due = fields.amount("total"), fields.amount("amount_due")
        sub_total = line_total(items) if items else Decimal(0)
        total = sub_total if total is None else total
        amount_due = total if amount_due is None else amount_due
        if amount_due > total:
            fields.fail("amount_due", f"must not exceed total {total}")
        if external_id and (other := find_by_external_id(store, external_id)):
            fields.fail("external_id", f"already used by invoice {other['id']}")
        fields.done()
        invoice = {
            "id": store.new_id("inv"),
            "customer_id": customer["id"],
            "invoice_number": number or store.next_invoice_number(),
            "external_id": external_id,
            "currency": "USD",
            "due_date": due_date,
            "last_notification_at": None,
            "memo": memo,
            "status": "open",
            "paid_via": None,
            "sub_total": sub_total,
            "total": total,
            "amount_due": amount_due,
            "line_items": items,
            "exclude_from_autopay": autopay_excluded,
            "pdf": None,
            "archived_at": None,
        }
        settle(invoice, paid_via="external")
        store.insert("invoices", invoice)
        store.emit("invoice_created", invoice)
        return invoice


def update(store: Store, invoice_id: str, body: dict[str, Any], allowed: set[str] = UPDATABLE) -> dict:
    fields = Fields(body, allowed)
    with store.lock:
        invoice = store.get("invoices", invoice_id)
        _check_editable(invoice, body)
        changes = _read_changes(fields, invoice)
        fields.done()
        was_paid = invoice["status"] == "paid"
        invoice.update(changes)
        settle(invoice, paid_via="external")
        store.touch(invoice)
        store.emit("invoice_updated", invoice)
        if invoice["status"] == "paid" and not was_paid:
            store.emit("invoice_paid", invoice)
        return invoice


def _check_editable(invoice: dict, body: dict[str, Any]) -> None:
    if invoice["status"] == "archived":
        raise ApiError.conflict("invoice_archived", f"invoice {invoice['id']} is archived")
    frozen = sorted(FROZEN_WHEN_PAID_IN_AP & set(body))
    if invoice["status"] == "paid" and invoice["paid_via"] == "ap" and frozen:
        raise ApiError.conflict(
            "invoice_paid",
            f"invoice {invoice['id']} was paid in Alternative Payments; {', '.join(frozen)} can no longer change",
        )


def _read_changes(fields: Fields, invoice: dict) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if fields.given("due_date"):
        changes["due_date"] = fields.due_date(required=True)
    if fields.given("memo"):
        changes["memo"] = fields.string("memo", max_length=5000)
    if fields.given("line_items"):
        items = fields.line_items(required=True)
        if items:
            changes.update(line_items=items, sub_total=line_total(items), total=line_total(items))
    if fields.given("total"):
        changes["total"] = fields.amount("total", required=True)
    total = changes.get("total", invoice["total"])
    if total is None:
        return changes
    settled = invoice["total"] - invoice["amount_due"]
    if fields.given("status"):
        fields.choice("status", ("paid",), required=True)
        if fields.body.get("amount_due") not in (None, 0):
            fields.fail("amount_due", "must be 0 or left out when status is paid")
        changes["amount_due"] = Decimal("0.00")
    elif fields.given("amount_due"):
        amount_due = fields.amount("amount_due", required=True)
        if amount_due is not None and amount_due > total:
            fields.fail("amount_due", f"must not exceed total {total}")
        changes["amount_due"] = amount_due
    elif "total" in changes:
        if total < settled:
            fields.fail("total", f"must not be less than the amount already settled ({settled})")
        changes["amount_due"] = max(total - settled, Decimal("0.00"))
    return changes


def archive(store: Store, invoice_id: str) -> dict:
    with store.lock:
        invoice = store.get("invoices", invoice_id)
        if invoice["status"] != "archived":
            invoice["status"] = "archived"
            invoice["archived_at"] = store.clock.now()
            store.touch(invoice)
            store.emit("invoice_archived", invoice)
        return invoice


def apply_payment(store: Store, invoice: dict, amount: Decimal) -> None:
    """A payment succeeded in AP: lower the balance; a zero balance means paid via AP."""
    invoice["amount_due"] = max(invoice["amount_due"] - amount, Decimal("0.00"))
    settle(invoice, paid_via="ap")
    store.touch(invoice)
    store.emit("invoice_updated", invoice)
    if invoice["status"] == "paid":
        store.emit("invoice_paid", invoice)


def restore_balance(store: Store, invoice: dict, amount: Decimal) -> None:
    """A payment failed, was refunded or charged back: the money is owed again."""
    invoice["amount_due"] = min(invoice["amount_due"] + amount, invoice["total"])
    settle(invoice)
    store.touch(invoice)
    store.emit("invoice_updated", invoice)


def attach_pdf(store: Store, invoice_id: str, pdf: bytes, pages: int) -> dict:
    with store.lock:
        invoice = store.get("invoices", invoice_id)
        if invoice["status"] == "archived":
            raise ApiError.conflict("invoice_archived", f"invoice {invoice_id} is archived")
        store.pdfs[invoice_id] = pdf
        invoice["pdf"] = {
            "size_bytes": len(pdf),
            "pages": pages,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "uploaded_at": store.clock.now(),
        }
        store.touch(invoice)
        store.emit("invoice_updated", invoice)
        return invoice


def read_pdf(store: Store, invoice_id: str) -> bytes:
    with store.lock:
        store.get("invoices", invoice_id)
        pdf = store.pdfs.get(invoice_id)
    if pdf is None:
        raise ApiError(404, "not_found", f"invoice {invoice_id} has no PDF")
    return pdf
