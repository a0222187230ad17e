"""What happens in the two systems between syncs: customers pay in AP, AP pays
out, the partner edits, credits, deletes and settles invoices in NetSuite, and
adds two invoices a strict AP cannot take as they are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from harness.sandboxes import Sandboxes

PARTIAL = Decimal("50.00")
CREDIT = Decimal("25.00")
AP_INVOICE_TERMS = timedelta(days=30)


@dataclass(frozen=True)
class Picks:
    """The synced invoices the scenario works on: AP ids for payments in AP, NetSuite ids for
    the partner's changes in NetSuite (never an invoice an AP payment touches)."""

    full: list[str]
    partial: list[str]
    failing: str
    netsuite: dict[str, int]

    @property
    def paid_in_ap(self) -> list[str]:
        return [*self.full, *self.partial, self.failing]


def pick_invoices(invoices: list[dict[str, Any]]) -> Picks:
    """Choose from AP's invoices, whatever the data set's dates: any synced invoice with a balance
    is payable; only the deleted one must be untouched by any payment, since NetSuite refuses to
    delete an invoice with payments or credits applied."""
    owing = [i for i in invoices if i.get("external_id") and i["status"] in ("open", "partially_paid")]
    newest_first = sorted(owing, key=lambda i: int(i["external_id"]), reverse=True)
    deleted = next((i for i in newest_first if i["status"] == "open"), None)
    others = [i for i in newest_first if i is not deleted and _due(i) > CREDIT]
    if deleted is None or len(others) < 6:
        raise RuntimeError(
            f"the data set has {len(owing)} synced invoices with a balance, {len(others)} of them over "
            f"{CREDIT} and {'one' if deleted else 'none'} with nothing paid; the demo needs 7, one with nothing paid"
        )
    edited, credited, settled = others[:3]
    payable = sorted(others[3:], key=lambda i: i["invoice_number"])
    n_full, n_partial = min(8, len(payable) // 2), max(1, min(4, len(payable) // 4))
    partial = [i for i in payable if _due(i) > PARTIAL][:n_partial]
    rest = [i for i in payable if i not in partial]
    if not partial:
        raise RuntimeError(f"none of the {len(payable)} payable invoices owes over {PARTIAL} for a partial payment")
    return Picks(
        full=[i["id"] for i in rest[:n_full]],
        partial=[i["id"] for i in partial],
        failing=rest[n_full]["id"],
        netsuite={
            "edited": int(edited["external_id"]),
            "credited": int(credited["external_id"]),
            "deleted": int(deleted["external_id"]),
            "paid_in_full": int(settled["external_id"]),
        },
    )


def _due(invoice: dict[str, Any]) -> Decimal:
    return Decimal(str(invoice["amount_due"]))


def ap_activity(boxes: Sandboxes) -> dict[str, Any]:
    """Full, partial and failing payments on synced invoices, one on an AP-created invoice, then payouts."""
    ap = boxes.ap_controls
    picks = pick_invoices(ap.state()["invoices"])
    full = [ap.pay_invoice(i)["id"] for i in picks.full]
    partial = [ap.pay_invoice(i, amount=PARTIAL, payment_method="ach")["id"] for i in picks.partial]
    failing = ap.pay_invoice(picks.failing, payment_method="ach")["id"]
    walk_in = ap.create_customer(name="Walk-in Client LLC", email="billing@walkin.example")
    ap_invoice = ap.create_invoice(
        customer_id=walk_in["id"],
        currency="USD",
        due_date=(_ap_today(boxes) + AP_INVOICE_TERMS).isoformat(),
        line_items=[{"amount": 240.0, "description": "On-site support (AP invoice)", "quantity": 1}],
    )
    standalone = ap.pay_invoice(ap_invoice["id"])["id"]
    return {
        "full": full,
        "partial": partial,
        "failing": [failing],
        "ap_created": [standalone],
        "invoices": picks.paid_in_ap,
        "netsuite": picks.netsuite,
    }


def _ap_today(boxes: Sandboxes) -> date:
    """Today by AP's own clock, which is the sandbox's, not this machine's."""
    return datetime.fromisoformat(boxes.ap_controls.clock()["now"].replace("Z", "+00:00")).date()


def fail_and_pay_out(boxes: Sandboxes, payments: dict[str, Any]) -> list[str]:
    """The ACH payment comes back after it was posted; AP pays out the rest in two payouts."""
    ap = boxes.ap_controls
    ap.fail_payment(payments["failing"][0], reason="R01 insufficient funds")
    half = len(payments["full"]) // 2
    first = payments["full"][:half] + payments["ap_created"]
    second = payments["full"][half:] + payments["partial"]
    return [ap.create_payout(payment_ids=first)["id"], ap.create_payout(payment_ids=second)["id"]]


def refund_before_payout(boxes: Sandboxes, payments: dict[str, Any]) -> str | None:
    """A customer is refunded in AP before AP pays the payment out; it leaves the payouts
    (``payments["refunded"]``). None when the scenario has a single full payment to keep."""
    if len(payments["full"]) < 2:
        return None
    refunded = payments["full"].pop()
    boxes.ap_controls.refund_payment(refunded)
    payments.setdefault("refunded", []).append(refunded)
    return refunded


def reverse_after_deposit(boxes: Sandboxes, payments: dict[str, Any]) -> dict[str, str]:
    """After the payouts are deposited: one paid-out payment refunded, one charged back."""
    ap = boxes.ap_controls
    refunded, charged_back = payments["full"][0], payments["partial"][0]
    ap.refund_payment(refunded)
    ap.chargeback_payment(charged_back)
    payments.setdefault("refunded", []).append(refunded)
    payments.setdefault("charged_back", []).append(charged_back)
    return {"refunded": refunded, "charged_back": charged_back}


def netsuite_changes(boxes: Sandboxes, chosen: dict[str, int]) -> dict[str, str]:
    """The partner's own work in NetSuite: an edit, a credit, a deletion, a payment in full,
    on invoices that no AP payment touched."""
    ns = boxes.ns_controls
    edited = chosen["edited"]
    due = ns.record("invoice", edited).get("duedate")
    ns.edit_invoice(edited, duedate=_later(due, boxes.netsuite.clock.today()), memo="Due date moved after a call")
    ns.apply_credit(chosen["credited"], float(CREDIT), memo="Goodwill credit")
    ns.delete("invoice", chosen["deleted"])
    ns.pay_in_full(chosen["paid_in_full"])
    return {name: str(record_id) for name, record_id in chosen.items()}


def netsuite_additions(boxes: Sandboxes, payments: dict[str, Any]) -> dict[str, str]:
    """Two things a strict AP does not take as they are, each quarantined with its reason while
    the rest of the run goes on: a new client entered in NetSuite without an email (F1 holds it and
    its invoice back), and a new invoice for a client the partner archived in AP's dashboard (AP
    refuses it, 422)."""
    from sandbox.alternative_payments import customers as ap_customers

    ns = boxes.ns_controls
    today = boxes.netsuite.clock.today()
    terms = {"trandate": today, "duedate": today + AP_INVOICE_TERMS}
    no_email = ns.create_customer("Harbor Dental Group", entityid="Harbor Dental Group")
    held = ns.create_invoice(
        no_email["id"], lines=[{"item": 1, "quantity": 2, "rate": 150.0, "description": "Managed backup"}], **terms
    )
    archived = _idle_ap_customer(boxes, payments)
    ap_customers.archive(boxes.ap.context.store, archived["id"])
    refused = ns.create_invoice(
        int(archived["external_id"]),
        lines=[{"item": 1, "quantity": 1, "rate": 480.0, "description": "Firewall renewal"}],
        **terms,
    )
    return {
        "customer_without_email": str(no_email["id"]),
        "its_invoice": str(held["id"]),
        "archived_in_ap": archived["external_id"],
        "refused": str(refused["id"]),
    }


def _idle_ap_customer(boxes: Sandboxes, payments: dict[str, Any]) -> dict[str, Any]:
    """A synced client with invoices in AP (so in AP's currency) that no step of the scenario touches."""
    state = boxes.ap_controls.state()
    changed = {str(i) for i in payments["netsuite"].values()}
    busy = {
        i["customer_id"]
        for i in state["invoices"]
        if i["id"] in payments["invoices"] or i.get("external_id") in changed
    }
    billed = {i["customer_id"] for i in state["invoices"] if i.get("external_id")}
    idle = [c for c in state["customers"] if c["id"] in billed - busy and c.get("external_id")]
    if not idle:
        raise RuntimeError("every synced client with invoices in AP is already part of the scenario")
    return min(idle, key=lambda c: int(c["external_id"]))


def _later(due: str | None, today: date) -> str:
    """Fifteen days after the due date, or after the sandbox's today when there is none."""
    base = date.fromisoformat(str(due)[:10]) if due else today
    return (base + timedelta(days=15)).isoformat()
