"""Shared steps of the inbound end-to-end tests: pick NetSuite records, read AP
and the warehouse back, and compare money the way both systems print it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import text

from netsuite_ap_sync.flows.objects import OBJECTS
from netsuite_ap_sync.warehouse import quarantine, reports, staging

USD = 1
CENT = Decimal("0.01")


def money(value: Any) -> Decimal:
    """NetSuite answers floats, AP decimals: both as cents."""
    return Decimal(str(value)).quantize(CENT)


def synced(partner_world, customers: int = 6, invoices: int = 16, years: float = 0.9, **settings: Any):
    """A partner whose initial sync is done."""
    world = partner_world(customers=customers, invoices=invoices, years=years, **settings)
    world.initial_sync()
    return world


def later(world, seconds: float = 2.0) -> None:
    """NetSuite stamps lastmodifieddate to the second; each change in a test gets its own second."""
    world.netsuite.advance_clock(seconds)


def usd_customers(world) -> list[int]:
    customers = world.ns_records("customers")["customers"]
    return [c["id"] for c in customers if c["currency"] == USD and c["isinactive"] == "F"]


def ns_invoice(world, invoice_id: int) -> dict:
    return world.ns_controls.record("invoice", invoice_id)


def new_invoice(world, customer: int | None = None, **fields: Any) -> dict:
    later(world)
    return world.ns_controls.create_invoice(customer or usd_customers(world)[0], **fields)


def ap_invoices(world) -> dict[str, dict]:
    """AP invoices by external id (the NetSuite internal id); AP-created ones under their AP id."""
    return {i["external_id"] or i["id"]: i for i in world.ap_state()["invoices"]}


def ap_invoice(world, ns_id: int | str) -> dict:
    return ap_invoices(world)[str(ns_id)]


def ap_customers(world) -> dict[str, dict]:
    return {c["external_id"] or c["id"]: c for c in world.ap_state()["customers"]}


def ledger_rows(world) -> list[dict]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT idempotency_key, action, source_id, status FROM ledger WHERE partner_id = :p"),
            {"p": world.partner_id},
        )
        return [dict(r) for r in rows.mappings()]


def staged_outcomes(world) -> list[tuple[str, int, str | None]]:
    tables = {spec.object_type: spec.table for spec in OBJECTS if spec.watermark}
    return staging.outcomes(world.engine, world.partner_id, tables)


def manual_actions(world, rule: str | None = None) -> list[dict]:
    actions = reports.manual_actions(world.engine, world.partner_id)
    return [a for a in actions if rule is None or a["rule"] == rule]


def open_quarantine(world, object_type: str | None = None) -> list[dict]:
    entries = quarantine.open_entries(world.engine, world.partner_id)
    return [e for e in entries if object_type is None or e["object_type"] == object_type]


def watermark(world, stream: str) -> str | None:
    from netsuite_ap_sync.warehouse.sync_state import get_watermark

    return get_watermark(world.engine, world.partner_id, stream)


def assert_matches_netsuite(ap: dict, ns: dict) -> None:
    """F2/I3: number, currency, total, due date, open balance and lines as NetSuite has them."""
    assert ap["external_id"] == str(ns["id"])
    assert ap["invoice_number"] == ns["tranid"]
    assert ap["currency"] == "USD"
    assert money(ap["total"]) == money(ns["foreigntotal"])
    assert money(ap["amount_due"]) == money(ns["foreignamountunpaid"])
    assert ap["due_date"] == (ns["duedate"] or ns["trandate"])[:10]
    lines = [(line["description"], money(line["amount"])) for line in ns["lines"]]
    ap_lines = [
        (item["description"], money(Decimal(item["amount"]) * Decimal(item["quantity"]))) for item in ap["line_items"]
    ]
    assert ap_lines == lines
