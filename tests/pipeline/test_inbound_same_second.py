"""S5/F2 with NetSuite's one-second clock: two edits of an invoice within one second, each read by an
hourly sync through the real extract and staging, both reach AP; a re-read of what is staged
stages and posts nothing."""

from __future__ import annotations

from sqlalchemy import text

from tests.pipeline.inbound_support import (
    ap_invoice,
    assert_matches_netsuite,
    later,
    ledger_rows,
    money,
    new_invoice,
    ns_invoice,
    synced,
)

LINES = [{"item": 1, "quantity": 2, "rate": 100.00, "description": "Managed backup"}]


def _frozen(world, monkeypatch) -> None:
    """Stop the sandbox clock, so every change from now on is stamped with the same second."""
    clock = world.netsuite.clock
    now = clock.timestamp()
    monkeypatch.setattr(clock, "timestamp", lambda: now)


def _staged_versions(world, ns_id) -> list[tuple[str, str]]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT source_modified, content_hash FROM stg_ns_invoice "
                "WHERE partner_id = :p AND source_id = :s ORDER BY id"
            ),
            {"p": world.partner_id, "s": str(ns_id)},
        )
        return [tuple(r) for r in rows]


def _updates(world, ns_id) -> list[dict]:
    return [r for r in ledger_rows(world) if r["action"] == "update_invoice" and r["source_id"] == str(ns_id)]


def test_S5_second_edit_within_the_same_netsuite_second_is_read_staged_and_synced(partner_world, monkeypatch):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES, duedate="2099-01-31")
    world.hourly()
    later(world)
    _frozen(world, monkeypatch)

    world.ns_controls.edit_invoice(created["id"], duedate="2099-02-15")
    first = ns_invoice(world, created["id"])
    world.hourly()
    assert ap_invoice(world, created["id"])["due_date"] == "2099-02-15"
    [(modified, first_hash)] = _staged_versions(world, created["id"])[-1:]

    # The partner changes it again in the second the sync read it: lastmodifieddate stays the same.
    world.ns_controls.edit_invoice(
        created["id"], duedate="2099-03-01", lines=[{**LINES[0], "quantity": 3, "description": "Managed backup x3"}]
    )
    second = ns_invoice(world, created["id"])
    assert second["lastmodifieddate"] == first["lastmodifieddate"]
    world.hourly()

    ap = ap_invoice(world, created["id"])
    assert (ap["due_date"], money(ap["total"])) == ("2099-03-01", money(300.00))
    assert_matches_netsuite(ap, second)
    (same_second, second_hash) = _staged_versions(world, created["id"])[-1]
    assert same_second == modified and second_hash != first_hash
    updates = _updates(world, created["id"])
    assert len(updates) == 2, "one update per reading of the second"

    # Read again unchanged (the overlap window): nothing staged anew, nothing posted.
    staged_before = _staged_versions(world, created["id"])
    world.hourly()
    assert _staged_versions(world, created["id"]) == staged_before
    assert _updates(world, created["id"]) == updates
