"""The drift audit against both sandboxes: a clean partner, a deposit a person deleted in NetSuite,
and an AP invoice balance that drifted and is repaired through the normal invoice update."""

from __future__ import annotations

from decimal import Decimal

from netsuite_ap_sync.drift.steps import audit_partner, connected_partners
from netsuite_ap_sync.warehouse import drift_findings, ledger
from tests.pipeline.outbound_support import ap_invoice_of, later, money, world_with_invoices


def synced(partner_world, amounts: list[float]):
    """A connected partner whose invoices are in AP with their PDFs, and its accounts chosen."""
    world, ids = world_with_invoices(partner_world, amounts)
    world.hourly()
    world.set_up_accounts()
    return world, ids


def audit(world) -> dict:
    return audit_partner(world.ctx("netsuite_drift_audit"))


def findings(world) -> list[dict]:
    return drift_findings.listing(world.engine, world.partner_id)


def test_clean_partner_has_no_finding(partner_world):
    world, _ = synced(partner_world, [120.0, 80.0])
    assert connected_partners(only=world.partner_id) == [world.partner_id]
    assert audit(world) == {"findings": 0, "repaired": 0, "for_a_person": 0, "by_check": {}}
    assert findings(world) == []
    audited = drift_findings.counts(world.engine)[world.partner_id]
    assert (audited["findings"], audited["for_a_person"]) == (0, 0)


def test_deposit_a_person_deleted_in_netsuite_is_listed_naming_the_payout(partner_world):
    world, ids = synced(partner_world, [120.0])
    ap = world.ap_controls
    ap.pay_invoice(ap_invoice_of(world, ids[0])["id"])
    world.payments()
    payout = ap.create_payout()
    assert world.payments()["payouts"]["posted"] == 1
    deposit_id = ledger.posted_facts(world.engine, world.partner_id, "payout", [payout["id"]])[payout["id"]][
        "remote_id"
    ]
    world.ns_controls.delete("deposit", int(deposit_id))

    result = audit(world)

    assert result["for_a_person"] == 1 and result["by_check"] == {"deleted_in_netsuite": 1}
    [finding] = findings(world)
    assert (finding["object_type"], finding["record_id"], finding["repair"]) == ("payout", payout["id"], None)
    assert finding["difference"] == f"deposit {deposit_id} for payout {payout['id']} deleted in NetSuite"
    assert finding["to_do"].startswith("re-post or confirm")
    audited = drift_findings.counts(world.engine)[world.partner_id]
    assert (audited["findings"], audited["for_a_person"]) == (1, 1)


def test_deposit_a_person_edited_in_netsuite_is_listed_to_check(partner_world):
    world, ids = synced(partner_world, [120.0])
    ap = world.ap_controls
    ap.pay_invoice(ap_invoice_of(world, ids[0])["id"])
    world.payments()
    payout = ap.create_payout()
    world.payments()
    deposit_id = ledger.posted_facts(world.engine, world.partner_id, "payout", [payout["id"]])[payout["id"]][
        "remote_id"
    ]
    later(world)
    world.ctx("by_hand").netsuite.records.update("deposit", deposit_id, {"memo": "moved to another bank by hand"})

    assert audit(world)["by_check"] == {"edited_in_netsuite": 1}
    [finding] = findings(world)
    assert finding["record_id"] == payout["id"] and finding["repair"] is None
    assert f"deposit {deposit_id} for payout {payout['id']} edited in NetSuite" in finding["difference"]


def test_ap_invoice_balance_that_drifted_is_repaired_through_the_invoice_update(partner_world):
    world, ids = synced(partner_world, [120.0, 80.0])
    drifted = ap_invoice_of(world, ids[0])
    # Changed in AP behind the sync's back (AP's own PATCH, as another tool of the partner would).
    world.ctx("elsewhere").ap.update_invoice(drifted["id"], amount_due=Decimal("20.00"))

    result = audit(world)

    assert (result["findings"], result["repaired"], result["for_a_person"]) == (1, 1, 0)
    [finding] = findings(world)
    assert (finding["check_name"], finding["record_id"], finding["repair"], finding["repair_outcome"]) == (
        "I3",
        str(ids[0]),
        "invoice_update",
        "applied",
    )
    assert "open balance is 20.00" in finding["difference"]
    assert money(ap_invoice_of(world, ids[0])["amount_due"]) == Decimal("120.00")
    assert audit(world)["findings"] == 0, "the next audit finds the partner clean"
    assert findings(world) == []
