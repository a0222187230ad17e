"""Small synced worlds for the reliability tests, built once per module."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

from chaos.world import ChaosWorld, WorldSpec, build_world
from harness.warehouses import Warehouse

CENT = Decimal("0.01")


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


@contextlib.contextmanager
def synced_world(
    work_dir: Path, invoices: int = 6, shared_warehouse: Warehouse | None = None, **spec: Any
) -> Iterator[tuple[ChaosWorld, int, list[int]]]:
    """A partner with one USD customer and ``invoices`` open invoices, initial sync and accounts done;
    with ``shared_warehouse``, in another partner's warehouse.

    Yields (world, customer id, invoice ids).
    """
    spec.setdefault("customers", 1)
    spec.setdefault("invoices", 0)
    world = build_world(WorldSpec(**spec), work_dir, shared_warehouse)
    try:
        ns = world.ns_controls
        customer = ns.create_customer("Reliability Testing LLC", email="ap@reliability.example.com")["id"]
        due = (world.netsuite.clock.today() + timedelta(days=30)).isoformat()
        ids = [
            ns.create_invoice(customer, [{"item": 1, "quantity": 1, "rate": 100.0 + 10 * n}], duedate=due)["id"]
            for n in range(invoices)
        ]
        world.initial_sync()
        world.set_up_accounts()
        yield world, customer, ids
    finally:
        world.close()


def touch(world: ChaosWorld, invoice_ids: list[int], memo: str) -> None:
    """The partner edits each invoice's memo in NetSuite (a new version for the hourly sync)."""
    world.netsuite.advance_clock(2)
    for invoice_id in invoice_ids:
        world.ns_controls.edit_invoice(invoice_id, memo=memo)


def ap_invoices(world: ChaosWorld) -> dict[str, dict]:
    return {i["external_id"]: i for i in world.ap_controls.state()["invoices"] if i.get("external_id")}


def open_quarantine(world: ChaosWorld) -> dict[tuple[str, str], dict]:
    """Open quarantine entries by (object type, source id)."""
    from netsuite_ap_sync.warehouse import quarantine

    return {(e["object_type"], e["source_id"]): e for e in quarantine.open_entries(world.engine, world.partner_id)}


def staged_outcome(world: ChaosWorld, table: str, source_id: str) -> tuple[str | None, str | None]:
    """(outcome, rule) of the newest staged version of a record."""
    assert table in ("stg_ap_payment", "stg_ap_payout", "stg_ns_invoice", "stg_ns_customer")
    with world.engine.connect() as conn:
        row = conn.execute(
            text(
                f"SELECT outcome, outcome_rule FROM {table} WHERE partner_id = :p AND source_id = :s "
                "ORDER BY source_modified DESC, id DESC"
            ),
            {"p": world.partner_id, "s": source_id},
        ).first()
    assert row is not None, f"{source_id} was never staged in {table}"
    return row[0], row[1]
