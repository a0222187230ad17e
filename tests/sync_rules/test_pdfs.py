"""F8: invoice PDFs, re-rendered when the NetSuite invoice changes."""

from __future__ import annotations

from netsuite_ap_sync.rules.decisions import Hold, Mutation, Quarantine, Skip
from netsuite_ap_sync.rules.pdfs import plan_invoice_pdf
from tests.sync_rules.factories import T0, T1, D, ap_invoice_for, ns_invoice, paid_in_ap


def only(decisions, kind):
    assert len(decisions) == 1, decisions
    assert isinstance(decisions[0], kind), decisions
    return decisions[0]


def test_F8_attaches_pdf_when_ap_invoice_has_none():
    ns = ns_invoice()
    attach = only(plan_invoice_pdf(ns, ap_invoice_for(ns)), Mutation)
    assert (attach.action, attach.rules, attach.target_id) == ("attach_pdf", ("F8",), "inv_104")
    assert attach.payload == {"ns_invoice_id": "104", "invoice_number": "INV-104", "source_version": T0}


def test_F8_rerenders_when_the_netsuite_invoice_changed():
    ap = ap_invoice_for(ns_invoice(), pdf_source_version=T0)
    attach = only(plan_invoice_pdf(ns_invoice(last_modified=T1), ap), Mutation)
    assert attach.payload["source_version"] == T1
    assert attach.key != only(plan_invoice_pdf(ns_invoice(), ap_invoice_for(ns_invoice())), Mutation).key


def test_F8_current_or_newer_pdf_is_kept():
    assert only(plan_invoice_pdf(ns_invoice(), ap_invoice_for(ns_invoice(), pdf_source_version=T0)), Skip).rule == "F8"
    assert only(plan_invoice_pdf(ns_invoice(), ap_invoice_for(ns_invoice(), pdf_source_version=T1)), Skip).rule == "F8"


def test_F8_waits_for_the_ap_invoice():
    assert only(plan_invoice_pdf(ns_invoice(), None), Hold).rule == "F8"


def test_F8_not_for_archived_voided_or_unapproved_invoices():
    ns = ns_invoice()
    assert only(plan_invoice_pdf(ns, ap_invoice_for(ns, status="archived")), Skip).rule == "F8"
    assert only(plan_invoice_pdf(ns_invoice(voided=True), ap_invoice_for(ns)), Skip).rule == "F8"
    assert only(plan_invoice_pdf(ns_invoice(status="Pending Approval"), None), Skip).rule == "F8"


def test_F8_frozen_invoice_keeps_its_pdf_S4():
    ap = paid_in_ap(ap_invoice_for(ns_invoice(), pdf_source_version=T0))
    assert only(plan_invoice_pdf(ns_invoice(last_modified=T1), ap), Skip).rule == "S4"


def test_F8_invoice_paid_outside_ap_still_gets_its_pdf():
    ns = ns_invoice(amount_unpaid=D("0"), status="Paid In Full")
    assert only(plan_invoice_pdf(ns, ap_invoice_for(ns)), Mutation).action == "attach_pdf"


def test_F8_pdf_of_quarantined_invoice_is_quarantined_too():
    quarantine = only(plan_invoice_pdf(ns_invoice(amount_unpaid=D("300")), None), Quarantine)
    assert quarantine.check == "S3:unpaid_within_total"
