"""The demo scenario finds its invoices whatever day the sandboxes call today.

Each case generates the demo's NetSuite data set with the clock started at that
moment and gives the scenario's selection the invoices the initial sync puts in
AP: every USD invoice of an active customer (AP takes USD only; an inactive
customer is never created), with NetSuite's balance as the amount due.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from demo.sandboxes import DEMO_SEED
from demo.scenario import CREDIT, PARTIAL, pick_invoices
from sandbox.netsuite import NetSuiteSandbox
from sandbox.netsuite.reference_data import USD
from sandbox.start_time import SANDBOX_NOW

DATES = [
    "2026-12-02T19:00:00",
    "2027-01-01T00:30:00",
    "2027-01-01T12:00:00",
    "2028-02-29T12:00:00",
    "2028-12-31T23:59:00",
    "2030-03-31T08:00:00",
    "2033-07-04T16:00:00",
    SANDBOX_NOW.isoformat(),
]


def invoices_in_ap(customers: int, invoices: int, now: datetime) -> list[dict]:
    """AP's invoices after the initial sync of the demo's data set generated at ``now``."""
    with NetSuiteSandbox(customers=customers, invoices=invoices, years=3.0, seed=DEMO_SEED, now=now) as netsuite:
        records = netsuite.controls.records({"customers", "invoices"})
    active = {c["id"] for c in records["customers"] if c["isinactive"] == "F"}
    synced = [i for i in records["invoices"] if i["currency"] == USD and i["entity"] in active and i["voided"] == "F"]
    return [_as_in_ap(i) for i in synced]


def _as_in_ap(invoice: dict) -> dict:
    total, due = Decimal(str(invoice["foreigntotal"])), Decimal(str(invoice["foreignamountunpaid"]))
    status = "paid" if due == 0 else "open" if due == total else "partially_paid"
    return {
        "id": f"inv_{invoice['id']}",
        "external_id": str(invoice["id"]),
        "invoice_number": invoice["tranid"],
        "status": status,
        "amount_due": due,
    }


# The size tests/demo/test_demo.py runs at every date; the demo's default size at a few.
CASES = [(30, 300, moment) for moment in DATES] + [(200, 2000, moment) for moment in DATES[1:4]]


@pytest.mark.parametrize(("customers", "invoices", "moment"), CASES)
def test_demo_picks_its_invoices_at_any_date(customers, invoices, moment):
    now = datetime.fromisoformat(moment).replace(tzinfo=UTC)
    in_ap = invoices_in_ap(customers, invoices, now)
    by_id = {i["id"]: i for i in in_ap}
    by_netsuite_id = {int(i["external_id"]): i for i in in_ap}
    picks = pick_invoices(in_ap)
    assert picks.full and picks.partial and picks.failing
    assert all(by_id[i]["amount_due"] > 0 for i in picks.paid_in_ap)
    assert all(by_id[i]["amount_due"] > PARTIAL for i in picks.partial), "a $50 payment leaves a balance"
    changed = {name: by_netsuite_id[record_id] for name, record_id in picks.netsuite.items()}
    assert changed["deleted"]["status"] == "open", "NetSuite deletes only an invoice with nothing applied"
    assert changed["credited"]["amount_due"] > CREDIT
    assert all(i["amount_due"] > 0 for i in changed.values())
    touched_in_ap = set(picks.paid_in_ap)
    assert len(touched_in_ap) == len(picks.paid_in_ap)
    assert not touched_in_ap & {i["id"] for i in changed.values()}, "no AP payment touches a NetSuite change"
    assert len(set(picks.netsuite.values())) == 4


def test_too_few_invoices_with_a_balance_is_a_clear_error():
    few = [
        {"id": f"inv_{n}", "external_id": str(n), "invoice_number": f"INV{n}", "status": "open", "amount_due": 100}
        for n in range(6)
    ]
    with pytest.raises(RuntimeError, match=r"6 synced invoices with a balance.*the demo needs 7"):
        pick_invoices(few)
    paid_elsewhere = [
        {**few[0], "id": f"inv_{n}", "external_id": str(n), "status": "partially_paid"} for n in range(12)
    ]
    with pytest.raises(RuntimeError, match="none with nothing paid"):
        pick_invoices(paid_elsewhere)
