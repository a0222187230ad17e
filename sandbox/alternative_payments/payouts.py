"""Payouts: AP sends the partner the succeeded payments not yet paid out, less fees.

``sub_total`` is the sum of the payments' totals, ``fees[]`` a percentage of it plus a
fixed amount per payment, and ``total = sub_total - sum(fees)``. A payout may carry more
fees of AP's other types (``FT_LATE_PAYMENT``, ``FT_INTEREST``, ...): one the partner pays
is withheld like the others; one ``covered_by_customer`` was collected from the customer
and is passed on, so it adds to the total:
``total = sub_total - sum(fees the partner pays) + sum(fees covered by the customer)``.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.settings import AlternativePaymentsSettings
from sandbox.alternative_payments.store import Store
from sandbox.alternative_payments.validation import Fields, check_amount

STATUSES = (
    "unspecified",
    "creating",
    "processing",
    "analyzing",
    "succeeded",
    "scheduled",
    "approved",
    "canceled",
    "pending",
    "failed",
)
RELEASING = ("failed", "canceled")
_TOPICS = {
    "succeeded": "payout_paid",
    "processing": "payout_processing",
    "scheduled": "payout_scheduled",
    "failed": "payout_failed",
}
_CENT = Decimal("0.01")
FEE_TYPES = ("FT_LATE_PAYMENT", "FT_PRODUCT", "FT_METHOD", "FT_INTEREST")


def compute_fees(sub_total: Decimal, count: int, percent: Decimal, fixed: Decimal) -> list[dict]:
    percentage = (sub_total * percent / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
    per_payment = (fixed * count).quantize(_CENT, rounding=ROUND_HALF_UP)
    fees = [
        (percentage, f"Processing fee ({percent}%)", "FT_METHOD"),
        (per_payment, f"Per-payment fee ({fixed} x {count})", "FT_PRODUCT"),
    ]
    return [
        {"amount": amount, "covered_by_customer": False, "name": name, "type": kind}
        for amount, name, kind in fees
        if amount
    ]


def extra_fees(fields: Fields, raw: Any) -> list[dict]:
    """The ``fees`` of a payout request: [{amount, name, type, covered_by_customer}], checked."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(f, dict) for f in raw):
        fields.fail("fees", "must be a list of fees")
        return []
    fees = []
    for position, fee in enumerate(raw):
        item = Fields(fee, {"amount", "name", "type", "covered_by_customer"})
        amount = item.amount("amount", required=True)
        name = item.string("name", required=True)
        kind = item.choice("type", FEE_TYPES, required=True)
        covered = item.boolean("covered_by_customer")
        if amount is not None and amount <= 0:
            item.fail("amount", "must be greater than 0")
        for key, message in item.errors.items():
            fields.fail(f"fees[{position}].{key}", message)
        fees.append({"amount": amount, "covered_by_customer": covered, "name": name, "type": kind})
    return fees


def payout_total(sub_total: Decimal, fees: list[dict]) -> Decimal:
    """What reaches the partner: fees it pays are withheld, fees customers covered are passed on."""
    signed = (f["amount"] if f["covered_by_customer"] else -f["amount"] for f in fees)
    return sub_total + sum(signed, Decimal("0.00"))


def _eligible(store: Store, payment_ids: list[str] | None) -> list[dict]:
    free = [p for p in store.payments.values() if p["status"] == "succeeded" and p["payout_id"] is None]
    if payment_ids is None:
        return free
    by_id = {p["id"]: p for p in free}
    wrong = [pid for pid in payment_ids if pid not in by_id]
    if wrong:
        raise ApiError.validation({"payment_ids": f"not succeeded or already paid out: {', '.join(wrong)}"})
    return [by_id[pid] for pid in dict.fromkeys(payment_ids)]


def _read(body: dict[str, Any], settings: AlternativePaymentsSettings) -> dict[str, Any]:
    fields = Fields(body, {"payment_ids", "fee_percent", "fee_fixed", "status", "arrival_date", "fees"})
    ids = body.get("payment_ids")
    if ids is not None and not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        fields.fail("payment_ids", "must be a list of payment ids")
    percent = check_amount(fields, "fee_percent", body.get("fee_percent"))
    fixed = fields.amount("fee_fixed")
    values = {
        "payment_ids": ids,
        "percent": settings.payout_fee_percent if percent is None else percent,
        "fixed": settings.payout_fee_fixed if fixed is None else fixed,
        "status": fields.choice("status", STATUSES) or "succeeded",
        "arrival_date": fields.due_date("arrival_date"),
        "fees": extra_fees(fields, body.get("fees")),
    }
    fields.done()
    return values


def create(store: Store, settings: AlternativePaymentsSettings, body: dict[str, Any]) -> dict:
    values = _read(body, settings)
    with store.lock:
        payments = _eligible(store, values["payment_ids"])
        if not payments:
            raise ApiError.conflict("no_payments", "there are no succeeded payments waiting for a payout")
        sub_total = sum((p["total"] for p in payments), Decimal("0.00"))
        fees = compute_fees(sub_total, len(payments), values["percent"], values["fixed"]) + values["fees"]
        total = payout_total(sub_total, fees)
        if total < 0:
            raise ApiError.validation({"fee_fixed": f"fees exceed the payout sub_total {sub_total}"})
        customers = {p["customer_id"] for p in payments}
        payout = {
            "id": store.new_id("po"),
            "arrival_date": values["arrival_date"] or (store.clock.now() + timedelta(days=2)).date(),
            "customer_id": customers.pop() if len(customers) == 1 else None,
            "status": values["status"],
            "sub_total": sub_total,
            "total": total,
            "fees": fees,
            "payment_ids": [p["id"] for p in payments],
        }
        store.insert("payouts", payout)
        for payment in payments:
            payment["payout_id"] = payout["id"]
            store.touch(payment)
        if topic := _TOPICS.get(payout["status"]):
            store.emit(topic, payout)
        return payout


def set_status(store: Store, payout_id: str, body: dict[str, Any]) -> dict:
    fields = Fields(body, {"status"})
    status = fields.choice("status", STATUSES, required=True)
    fields.done()
    with store.lock:
        payout = store.get("payouts", payout_id)
        payout["status"] = status
        store.touch(payout)
        if status in RELEASING:
            # The money never left: its payments wait for the next payout.
            for payment_id in payout["payment_ids"]:
                payment = store.payments[payment_id]
                payment["payout_id"] = None
                store.touch(payment)
        if topic := _TOPICS.get(status):
            store.emit(topic, payout)
        return payout
