"""Shared steps of the outbound end-to-end tests: a partner with known open
NetSuite invoices, and NetSuite, AP and the warehouse read back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import text

from netsuite_ap_sync.warehouse import reports

CENT = Decimal("0.01")


def money(value: Any) -> Decimal:
    """NetSuite answers floats, AP decimals: both as cents."""
    return Decimal(str(value)).quantize(CENT)


def later(world, seconds: float = 2.0) -> None:
    """NetSuite stamps lastmodifieddate to the second; each change in a test gets its own second."""
    world.netsuite.advance_clock(seconds)


def world_with_invoices(partner_world, amounts: list[float], *, synced: bool = True, **settings: Any):
    """A partner whose NetSuite account holds one USD customer with one open invoice per amount.

    Returns (world, NetSuite invoice ids in ``amounts`` order); initial sync done unless ``synced=False``.
    """
    world = partner_world(customers=1, invoices=0, **settings)
    customer = world.ns_controls.create_customer("Outbound Test Co", email="billing@outbound.example.com")
    ids = [
        world.ns_controls.create_invoice(customer["id"], lines=[{"item": 1, "quantity": 1, "rate": amount}])["id"]
        for amount in amounts
    ]
    if synced:
        world.initial_sync()
    return world, ids


def ap_invoice_of(world, ns_invoice_id: int | str) -> dict:
    """The AP invoice the integration created for a NetSuite invoice."""
    found = [i for i in world.ap_state()["invoices"] if i["external_id"] == str(ns_invoice_id)]
    assert len(found) == 1, f"expected one AP invoice for NetSuite invoice {ns_invoice_id}, found {len(found)}"
    return found[0]


def ap_created_invoice(world, amount: Decimal, number: str) -> dict:
    """An invoice the partner made in AP for a customer that exists only in AP (S6, S7)."""
    ap = world.ap_controls
    customer = ap.create_customer(name=f"AP-only customer {number}", email=f"{number.lower()}@ap-only.example.com")
    return ap.create_invoice(
        customer_id=customer["id"],
        invoice_number=number,
        currency="USD",
        due_date="2030-12-31",
        line_items=[{"description": "Onsite support", "quantity": 1, "amount": amount}],
    )


def ns_invoice(world, invoice_id: int) -> dict:
    return world.ns_controls.record("invoice", invoice_id)


def by_external_id(world, kind: str) -> dict[str, list[dict]]:
    """NetSuite ``payments`` or ``deposits`` grouped by external id (each list should hold one)."""
    grouped: dict[str, list[dict]] = {}
    for record in world.ns_records(kind)[kind]:
        if record.get("externalid"):
            grouped.setdefault(record["externalid"], []).append(record)
    return grouped


def one(world, kind: str, external_id: str) -> dict:
    found = by_external_id(world, kind).get(external_id, [])
    assert len(found) == 1, f"{kind} {external_id}: expected exactly one in NetSuite, found {len(found)}"
    return found[0]


def ledger_rows(world, object_type: str | None = None) -> list[dict]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT action, object_type, source_id, status, attempts, remote_id FROM ledger "
                "WHERE partner_id = :p ORDER BY id"
            ),
            {"p": world.partner_id},
        )
        return [dict(r) for r in rows.mappings() if object_type is None or r["object_type"] == object_type]


def staged(world, table: str, source_id: str) -> list[dict]:
    """Every staged version of one record with what became of it, oldest first."""
    assert table in ("stg_ap_payment", "stg_ap_payout")
    with world.engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT source_id, source_modified, outcome, outcome_rule FROM {table} "
                "WHERE partner_id = :p AND source_id = :s ORDER BY source_modified, id"
            ),
            {"p": world.partner_id, "s": source_id},
        )
        return [dict(r) for r in rows.mappings()]


def latest_outcome(world, table: str, source_id: str) -> tuple[str | None, str | None]:
    rows = staged(world, table, source_id)
    assert rows, f"{source_id} was never staged in {table}"
    return rows[-1]["outcome"], rows[-1]["outcome_rule"]


def sync_reports(world, object_type: str) -> list[dict]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT run_id, read_count, applied, held, skipped, quarantined FROM sync_report "
                "WHERE partner_id = :p AND object_type = :o ORDER BY id"
            ),
            {"p": world.partner_id, "o": object_type},
        )
        return [dict(r) for r in rows.mappings()]


def manual_actions(world, rule: str | None = None) -> list[dict]:
    return [a for a in reports.manual_actions(world.engine, world.partner_id) if rule is None or a["rule"] == rule]


def assert_audit_clean(world) -> dict:
    result = world.audit()
    assert result["violations"] == [], result["violations"]
    return result
