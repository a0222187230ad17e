"""What happens in the two systems between syncs: customers pay in AP, AP pays
out, the partner edits, credits, deletes and settles invoices in NetSuite."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from demo.sandboxes import Sandboxes


def ap_activity(boxes: Sandboxes) -> dict[str, list[str]]:
    """Full, partial and failing payments on synced invoices, one on an AP-created invoice, then payouts."""
    ap = boxes.ap_controls
    open_invoices = sorted(
        (i for i in ap.state()["invoices"] if i["status"] == "open" and i.get("external_id")),
        key=lambda i: i["invoice_number"],
    )
    # Four open invoices stay untouched for the NetSuite changes that follow.
    usable = len(open_invoices) - 4
    if usable < 3:
        raise RuntimeError(f"the data set has only {len(open_invoices)} open invoices; the demo needs at least 7")
    n_full, n_partial = min(8, usable // 2), max(1, min(4, usable // 4))
    full = [ap.pay_invoice(i["id"])["id"] for i in open_invoices[:n_full]]
    partial = [
        ap.pay_invoice(i["id"], amount=Decimal("50.00"), payment_method="ach")["id"]
        for i in open_invoices[n_full : n_full + n_partial]
    ]
    touched = [i["id"] for i in open_invoices[: n_full + n_partial + 1]]
    failing = ap.pay_invoice(touched[-1], payment_method="ach")["id"]
    walk_in = ap.create_customer(name="Walk-in Client LLC", email="billing@walkin.example")
    ap_invoice = ap.create_invoice(
        customer_id=walk_in["id"],
        currency="USD",
        due_date="2026-12-31",
        line_items=[{"amount": 240.0, "description": "On-site support (AP invoice)", "quantity": 1}],
    )
    standalone = ap.pay_invoice(ap_invoice["id"])["id"]
    return {"full": full, "partial": partial, "failing": [failing], "ap_created": [standalone], "invoices": touched}


def fail_and_pay_out(boxes: Sandboxes, payments: dict[str, list[str]]) -> list[str]:
    """The ACH payment comes back after it was posted; AP pays out the rest in two payouts."""
    ap = boxes.ap_controls
    ap.fail_payment(payments["failing"][0], reason="R01 insufficient funds")
    half = len(payments["full"]) // 2
    first = payments["full"][:half] + payments["ap_created"]
    second = payments["full"][half:] + payments["partial"]
    return [ap.create_payout(payment_ids=first)["id"], ap.create_payout(payment_ids=second)["id"]]


def netsuite_changes(boxes: Sandboxes, untouched: set[str]) -> dict[str, str]:
    """The partner's own work in NetSuite: an edit, a credit, a deletion, a payment in full,
    on open invoices that no AP payment touched."""
    ns = boxes.ns_controls
    candidates = sorted(
        (
            int(i["external_id"])
            for i in boxes.ap_controls.state()["invoices"]
            if i.get("external_id") and i["status"] == "open" and i["id"] not in untouched
        ),
    )
    edited, credited, deleted, settled = candidates[-4:]
    due = ns.record("invoice", edited).get("duedate")
    ns.edit_invoice(edited, duedate=_later(due), memo="Due date moved after a call")
    ns.apply_credit(credited, 25.0, memo="Goodwill credit")
    ns.delete("invoice", deleted)
    ns.pay_in_full(settled)
    return {"edited": str(edited), "credited": str(credited), "deleted": str(deleted), "paid_in_full": str(settled)}


def _later(due: str | None) -> str:
    base = date.fromisoformat(str(due)[:10]) if due else date.today()
    return (base + timedelta(days=15)).isoformat()
