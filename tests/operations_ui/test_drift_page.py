"""The partners page's drift count per partner, linked to the drift audit's findings."""

from __future__ import annotations

from netsuite_ap_sync.warehouse import drift_findings

DELETED = {
    "check_name": "deleted_in_netsuite",
    "object_type": "payout",
    "record_id": "po_9",
    "difference": "deposit 77 for payout po_9 deleted in NetSuite",
    "to_do": "re-post or confirm: deposit the payout again by hand, or confirm it is not to be deposited",
}
REPAIRED = {
    "check_name": "I3",
    "object_type": "invoice",
    "record_id": "104",
    "difference": "I3: AP invoice inv_1 open balance is 20.00, NetSuite invoice INV-104 (104) says 120.00",
    "to_do": "none once repaired (AP invoice inv_1 open balance set to NetSuite's through the invoice update)",
    "repair": "invoice_update",
    "repair_outcome": "applied",
}


def test_partners_page_shows_a_drift_count_per_partner_linked_to_its_findings(ops):
    drift_findings.replace(ops.engine, "acme", "scheduled__d1", [DELETED, REPAIRED])
    page = ops.client.get("/partners").text
    acme = page.split('data-testid="partner-acme"')[1].split("</section>")[0]
    assert "/drift?partner=acme" in acme and "2 drift finding(s), 1 for a person" in acme
    zen = page.split('data-testid="partner-zen"')[1].split("</section>")[0]
    assert "drift: not audited yet" in zen

    listing = ops.client.get("/drift?partner=acme").text
    assert 'data-testid="drift-acme-payout-po_9"' in listing and "re-post or confirm" in listing
    assert "invoice_update: applied" in listing
    assert listing.index("po_9") < listing.index("INV-104"), "those for a person come first"


def test_a_new_audit_replaces_the_partners_findings(ops):
    drift_findings.replace(ops.engine, "acme", "scheduled__d1", [DELETED, REPAIRED])
    drift_findings.replace(ops.engine, "acme", "scheduled__d2", [])
    latest = drift_findings.counts(ops.engine)["acme"]
    assert (latest["findings"], latest["for_a_person"], latest["run_id"]) == (0, 0, "scheduled__d2")
    assert 'data-testid="drift-empty"' in ops.client.get("/drift").text
    acme = ops.client.get("/partners").text.split('data-testid="partner-acme"')[1].split("</section>")[0]
    assert "0 drift finding(s)" in acme
