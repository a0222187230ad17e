"""A small data set: two customers synced from NetSuite, one created in AP, a few invoices and payments."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sandbox.alternative_payments import customers, invoices, payments
from sandbox.alternative_payments.store import Store


def _invoice(store: Store, customer: dict, external_id: str | None, amount: str, days: int) -> dict:
    body = {
        "customer_id": customer["id"],
        "currency": "USD",
        "due_date": (store.clock.now() + timedelta(days=days)).date().isoformat(),
        "line_items": [{"description": "Managed IT services", "amount": Decimal(amount), "quantity": 1}],
    }
    if external_id:
        body.update(external_id=external_id, invoice_number=f"INV-{external_id}")
    return invoices.create(store, body, allow_external_id=external_id is not None)


def load_demo_data(store: Store) -> dict[str, str]:
    """Create the data set; returns the ids by name, for tests and the CLI banner."""
    acme = customers.create(store, {"name": "Acme Dental", "email": "ap@acme.example", "external_id": "101"})
    birch = customers.create(store, {"name": "Birch Law LLP", "email": "billing@birch.example", "external_id": "102"})
    walk_in = customers.create(
        store, {"name": "Walk-in Clinic", "email": "front-desk@walk-in.example"}, allow_external_id=False
    )
    open_invoice = _invoice(store, acme, "5001", "1200.00", 30)
    paid_invoice = _invoice(store, acme, "5002", "300.00", 15)
    partial_invoice = _invoice(store, birch, "5003", "850.50", 20)
    ap_invoice = _invoice(store, walk_in, None, "99.00", 10)
    card = payments.pay_invoice(store, paid_invoice["id"], {"payment_method": "card"})
    ach = payments.pay_invoice(store, partial_invoice["id"], {"payment_method": "ach", "amount": Decimal("350.50")})
    return {
        "customer_acme": acme["id"],
        "customer_birch": birch["id"],
        "customer_walk_in": walk_in["id"],
        "invoice_open": open_invoice["id"],
        "invoice_paid": paid_invoice["id"],
        "invoice_partially_paid": partial_invoice["id"],
        "invoice_created_in_ap": ap_invoice["id"],
        "payment_card": card["id"],
        "payment_ach": ach["id"],
    }
