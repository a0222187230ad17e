"""Customers: create, update, archive (archived customers stay readable)."""

from __future__ import annotations

import re
from typing import Any

from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.store import Store
from sandbox.alternative_payments.validation import Fields

ADDRESS_FIELDS = ("street_address", "sub_premise", "city", "state", "postal_code", "country")
UPDATABLE = ("name", "legal_name", "ein", *ADDRESS_FIELDS)
CREATABLE = ("email", "external_id", *UPDATABLE)
STATUSES = ("active", "archived")
_EIN = re.compile(r"^\d{2}-?\d{7}$")


def _read(fields: Fields, names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        if not fields.given(name):
            continue
        values[name] = fields.email(name) if name == "email" else fields.string(name)
    if values.get("ein") and not _EIN.match(values["ein"]):
        fields.fail("ein", "must be nine digits, formatted XX-XXXXXXX")
    return values


def find_by_external_id(store: Store, external_id: str) -> dict | None:
    return next((c for c in store.customers.values() if c["external_id"] == external_id), None)


def create(store: Store, body: dict[str, Any], allow_external_id: bool = True) -> dict:
    allowed = set(CREATABLE) if allow_external_id else set(CREATABLE) - {"external_id"}
    fields = Fields(body, allowed)
    # The published schema requires both on POST /customers.
    fields.string("name", required=True)
    fields.email("email", required=True)
    values = _read(fields, tuple(allowed))
    fields.done()
    with store.lock:
        external_id = values.get("external_id")
        if external_id and (other := find_by_external_id(store, external_id)):
            raise ApiError.validation({"external_id": f"already used by customer {other['id']}"})
        customer = {
            "id": store.new_id("cus"),
            "name": values["name"],
            "email": values.get("email"),
            "external_id": external_id,
            "customer_integration_id": None,
            "default_payment_method_id": None,
            "legal_name": values.get("legal_name"),
            "ein": values.get("ein"),
            **{name: values.get(name) for name in ADDRESS_FIELDS},
            "status": "active",
            "archived_at": None,
        }
        store.insert("customers", customer)
        store.emit("customer_created", customer)
        return customer


def update(store: Store, customer_id: str, body: dict[str, Any]) -> dict:
    fields = Fields(body, set(UPDATABLE))
    values = _read(fields, UPDATABLE)
    if "name" in values and values["name"] is None:
        fields.fail("name", "is required")
    fields.done()
    with store.lock:
        customer = store.get("customers", customer_id)
        if customer["status"] == "archived":
            raise ApiError.conflict("customer_archived", f"customer {customer_id} is archived")
        customer.update(values)
        store.touch(customer)
        store.emit("customer_updated", customer)
        return customer


def archive(store: Store, customer_id: str) -> dict:
    with store.lock:
        customer = store.get("customers", customer_id)
        if customer["status"] != "archived":
            customer["status"] = "archived"
            customer["archived_at"] = store.clock.now()
            store.touch(customer)
            store.emit("customer_archived", customer)
        return customer


def set_payment_method(store: Store, customer_id: str, method: str) -> dict:
    """Give the customer a stored default payment method (card or ACH) that POST /payments charges."""
    with store.lock:
        customer = store.get("customers", customer_id)
        customer["default_payment_method_id"] = store.new_id(f"pm_{method}")
        store.touch(customer)
        store.emit("payment_method_added", customer)
        store.emit("default_payment_method_changed", customer)
        return customer
