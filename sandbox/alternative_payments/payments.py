"""Payments on invoices and what happens to them later (ACH return, refund, chargeback).

``sub_total`` is the part of the invoice the payment covers; ``total`` is what the
customer was charged, which differs only when a surcharge was added (as a fee the
customer covers).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from sandbox.alternative_payments import invoices
from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.store import Store
from sandbox.alternative_payments.validation import Fields

STATUSES = ("pending", "succeeded", "failed", "refunded", "chargeback")
METHODS = ("card", "ach")
PAYABLE = ("open", "partially_paid")
_REVERSALS = {
    "failed": ("payment_failed", ("pending", "succeeded")),
    "refunded": ("payment_refunded", ("succeeded",)),
    "chargeback": ("payment_chargeback", ("succeeded",)),
}
_DEFAULT_FAILURE = {"ach": "ACH return R01: insufficient funds", "card": "card declined"}


def _payable_invoice(store: Store, invoice_id: str) -> dict:
    invoice = store.get("invoices", invoice_id)
    if invoice["status"] not in PAYABLE:
        raise ApiError.conflict(
            "invoice_not_payable", f"invoice {invoice_id} is {invoice['status']} and cannot be paid"
        )
    return invoice


def _surcharge_fee(amount: Decimal) -> list[dict]:
    if not amount:
        return []
    return [{"amount": amount, "covered_by_customer": True, "name": "Card surcharge", "type": "FT_METHOD"}]


def _new_payment(store: Store, invoice: dict, amount: Decimal, method: str, surcharge: Decimal) -> dict:
    return {
        "id": store.new_id("pay"),
        "type": "invoice",
        "customer_id": invoice["customer_id"],
        "invoice_id": invoice["id"],
        "due_date": invoice["due_date"],
        "payment_method": method,
        "status": "pending",
        "sub_total": amount,
        "total": amount + surcharge,
        "fees": _surcharge_fee(surcharge),
        "payout_id": None,
        "failure_reason": None,
    }


def pay_invoice(store: Store, invoice_id: str, body: dict[str, Any]) -> dict:
    """The invoice's customer pays it, in full (default) or in part, by card or ACH."""
    fields = Fields(body, {"amount", "payment_method", "surcharge", "status"})
    amount = fields.amount("amount")
    method = fields.choice("payment_method", METHODS) or "card"
    surcharge = fields.amount("surcharge") or Decimal("0.00")
    status = fields.choice("status", ("succeeded", "pending")) or "succeeded"
    fields.done()
    with store.lock:
        invoice = _payable_invoice(store, invoice_id)
        amount = invoice["amount_due"] if amount is None else amount
        if not 0 < amount <= invoice["amount_due"]:
            raise ApiError.validation({"amount": f"must be > 0 and at most the amount due {invoice['amount_due']}"})
        payment = _new_payment(store, invoice, amount, method, surcharge)
        store.insert("payments", payment)
        if status == "succeeded":
            _succeed(store, payment, invoice)
        return payment


def charge(store: Store, body: dict[str, Any]) -> tuple[dict, bool]:
    """``POST /payments``: charge the customer's stored method; returns (payment, created)."""
    fields = Fields(body, {"invoice_id", "amount", "idempotency_key"})
    invoice_id = fields.string("invoice_id", required=True)
    key = fields.string("idempotency_key", required=True)
    amount = fields.amount("amount")
    fields.done()
    fingerprint = hashlib.sha256(json.dumps([invoice_id, str(amount)]).encode()).hexdigest()
    with store.lock:
        if key in store.idempotency:
            seen, payment_id = store.idempotency[key]
            if seen != fingerprint:
                raise ApiError.conflict("idempotency_key_reused", "idempotency_key was used for another request")
            return store.payments[payment_id], False
        invoice = _payable_invoice(store, invoice_id)
        method_id = store.customers[invoice["customer_id"]]["default_payment_method_id"]
        if not method_id:
            raise ApiError.conflict("no_payment_method", f"customer {invoice['customer_id']} has no stored method")
        body = {"amount": amount, "payment_method": "ach" if method_id.startswith("pm_ach") else "card"}
        payment = pay_invoice(store, invoice_id, {k: v for k, v in body.items() if v is not None})
        store.idempotency[key] = (fingerprint, payment["id"])
        return payment, True


def _succeed(store: Store, payment: dict, invoice: dict) -> None:
    payment["status"] = "succeeded"
    store.touch(payment)
    invoices.apply_payment(store, invoice, payment["sub_total"])
    store.emit("payment_succeeded", payment)


def succeed(store: Store, payment_id: str) -> dict:
    """A pending payment (e.g. ACH in flight) settles."""
    with store.lock:
        payment = store.get("payments", payment_id)
        if payment["status"] != "pending":
            raise ApiError.conflict("invalid_status", f"payment {payment_id} is {payment['status']}, not pending")
        invoice = store.get("invoices", payment["invoice_id"])
        if payment["sub_total"] > invoice["amount_due"]:
            raise ApiError.conflict("invoice_balance_too_low", f"invoice {invoice['id']} owes less than this")
        _succeed(store, payment, invoice)
        return payment


def reverse(store: Store, payment_id: str, status: str, reason: str | None = None) -> dict:
    """Fail, refund or charge back a payment; a succeeded one gives the invoice its balance back."""
    topic, allowed_from = _REVERSALS[status]
    with store.lock:
        payment = store.get("payments", payment_id)
        previous = payment["status"]
        if previous not in allowed_from:
            allowed = "/".join(allowed_from)
            message = f"payment {payment_id} is {previous}; only {allowed} can become {status}"
            raise ApiError.conflict("invalid_status", message)
        payment["status"] = status
        if status == "failed":
            payment["failure_reason"] = reason or _DEFAULT_FAILURE[payment["payment_method"]]
        store.touch(payment)
        if previous == "succeeded":
            invoices.restore_balance(store, store.get("invoices", payment["invoice_id"]), payment["sub_total"])
        store.emit(topic, payment)
        return payment
