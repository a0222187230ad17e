"""Drift findings (I1, I2, I3, F8, posted records deleted or voided in NetSuite) as pure comparisons."""

from __future__ import annotations

import dataclasses

import pytest

from netsuite_ap_sync.drift.compare import (
    DELETED_IN_NETSUITE,
    EDITED_IN_NETSUITE,
    MISSING_PDF,
    REPAIR_INVOICE,
    REPAIR_PDF,
    VOIDED_IN_NETSUITE,
    PostedRecord,
    drift_findings,
    invoice_findings,
    invoice_repair,
    payment_findings,
    payout_findings,
    posted_record_findings,
)
from netsuite_ap_sync.rules.decisions import AP
from netsuite_ap_sync.rules.invoices import f2_sync
from netsuite_ap_sync.rules.records import NsCustomerPayment, NsDeposit
from tests.sync_rules.factories import D, ap_invoice_for, ap_payment, ap_payout, ns_invoice, paid_in_ap

PAY = ap_payment(id="pay_1", sub_total=D("250.00"))
ON_NS = frozenset({"pay_1"})
NS_PAY = NsCustomerPayment("cp-9", "apay-pay_1", "4", D("250.00"))
PAYOUT = ap_payout(id="po_1", total=D("247.50"))
DEPOSIT = NsDeposit("dep-7", "apo-po_1", D("247.50"))
NS = ns_invoice(amount_unpaid=D("150.00"), amount_paid=D("100.00"))
AP_TWIN = ap_invoice_for(NS)
WITH_PDF = frozenset({AP_TWIN.id})


# --- I1 -------------------------------------------------------------------------------------


def test_I1_payment_standing_once_with_its_amount_is_no_finding():
    assert payment_findings([PAY], ON_NS, [NS_PAY]) == []


def test_I1_payment_missing_in_netsuite_is_listed_to_post_or_confirm():
    [finding] = payment_findings([PAY], ON_NS, [])
    assert (finding.check, finding.object_type, finding.record_id, finding.repair) == ("I1", "payment", "pay_1", None)
    assert "appears 0 times" in finding.difference and "post AP payment pay_1" in finding.to_do


def test_I1_payment_posted_twice_is_listed_to_delete_the_extra():
    [finding] = payment_findings([PAY], ON_NS, [NS_PAY, dataclasses.replace(NS_PAY, id="cp-10")])
    assert "appears 2 times" in finding.difference and "keeping one" in finding.to_do


def test_I1_payment_with_another_amount_in_netsuite_is_listed_to_correct():
    [finding] = payment_findings([PAY], ON_NS, [dataclasses.replace(NS_PAY, total=D("200.00"))])
    assert "cp-9 totals 200.00" in finding.difference and "correct NetSuite customer payment cp-9" in finding.to_do


def test_I1_S2_reversed_payment_still_standing_is_listed_to_revert():
    [finding] = payment_findings([dataclasses.replace(PAY, status="refunded")], ON_NS, [NS_PAY])
    assert finding.to_do == "revert NetSuite customer payment cp-9 by hand (S2)"


def test_I1_exempt_payments_and_payments_on_ap_invoices_are_not_checked():
    assert payment_findings([PAY], ON_NS, [], exempt=frozenset({"pay_1"})) == []
    assert payment_findings([PAY], frozenset(), []) == []


# --- I2 -------------------------------------------------------------------------------------


def test_I2_payout_deposited_once_with_its_total_is_no_finding():
    assert payout_findings([PAYOUT], [DEPOSIT]) == []


@pytest.mark.parametrize(
    ("deposits", "difference", "to_do"),
    [
        ([], "appears 0 times", "deposit payout po_1"),
        ([DEPOSIT, dataclasses.replace(DEPOSIT, id="dep-8")], "appears 2 times", "keeping one"),
        ([dataclasses.replace(DEPOSIT, total=D("240.00"))], "dep-7 totals 240.00", "correct NetSuite deposit dep-7"),
    ],
)
def test_I2_payout_deposit_missing_doubled_or_wrong_is_listed_for_a_person(deposits, difference, to_do):
    [finding] = payout_findings([PAYOUT], deposits)
    assert (finding.check, finding.object_type, finding.record_id, finding.repair) == ("I2", "payout", "po_1", None)
    assert difference in finding.difference and to_do in finding.to_do


def test_I2_quarantined_and_unsucceeded_payouts_are_not_checked():
    assert payout_findings([PAYOUT], [], exempt=frozenset({"po_1"})) == []
    assert payout_findings([dataclasses.replace(PAYOUT, status="failed")], []) == []


# --- I3 and F8 --------------------------------------------------------------------------------


def test_I3_invoice_in_step_with_its_pdf_is_no_finding():
    assert invoice_findings([NS], [AP_TWIN], {}, WITH_PDF) == []


def test_I3_open_balance_drift_is_repaired_through_the_invoice_update():
    drifted = dataclasses.replace(AP_TWIN, amount_due=D("250.00"))
    [finding] = invoice_findings([NS], [drifted], {}, WITH_PDF)
    assert (finding.check, finding.record_id, finding.repair) == ("I3", "104", REPAIR_INVOICE)
    assert "open balance is 250.00" in finding.difference
    m = finding.mutation
    assert (m.target, m.action, m.object_type, m.target_id, m.payload) == (
        AP,
        "update_invoice",
        "invoice",
        drifted.id,
        {"amount_due": 150.0},
    )
    assert m.rules == ("I3", "S3")


def test_I3_repair_has_its_own_key_per_drift_never_the_sync_update_already_in_the_ledger():
    drifted = dataclasses.replace(AP_TWIN, amount_due=D("250.00"))
    repair = invoice_repair(NS, drifted, D("0"))
    [sync_update] = f2_sync(NS, drifted)
    assert repair.key != sync_update.key
    assert repair.key == invoice_repair(NS, drifted, D("0")).key
    assert repair.key != invoice_repair(NS, dataclasses.replace(AP_TWIN, amount_due=D("200.00")), D("0")).key


def test_I3_due_date_drift_is_repaired_too():
    drifted = dataclasses.replace(AP_TWIN, due_date=AP_TWIN.due_date.replace(day=20))
    [finding] = invoice_findings([NS], [drifted], {}, WITH_PDF)
    assert finding.repair == REPAIR_INVOICE and finding.mutation.payload == {"due_date": AP_TWIN.due_date.isoformat()}
    assert finding.mutation.rules == ("I3", "S5")


def test_I3_payments_not_yet_posted_explain_a_lower_ap_balance():
    paid_in_ap_first = dataclasses.replace(AP_TWIN, amount_due=D("100.00"))
    assert invoice_findings([NS], [paid_in_ap_first], {"104": D("50.00")}, WITH_PDF) == []


def test_I3_total_or_number_drift_is_left_for_a_person():
    drifted = dataclasses.replace(AP_TWIN, total=D("300.00"), invoice_number="X-1")
    findings = invoice_findings([NS], [drifted], {}, WITH_PDF)
    assert {f.repair for f in findings} == {None}
    assert {("total is 300.00" in f.difference) or ("number is X-1" in f.difference) for f in findings} == {True}


def test_I3_invoice_missing_or_doubled_in_ap_is_left_for_a_person():
    [missing] = invoice_findings([NS], [], {}, WITH_PDF)
    assert "has 0 AP invoices" in missing.difference and "run the hourly sync" in missing.to_do
    doubled = [AP_TWIN, dataclasses.replace(AP_TWIN, id="inv_other")]
    [two] = invoice_findings([NS], doubled, {}, WITH_PDF | {"inv_other"})
    assert "has 2 AP invoices" in two.difference and two.repair is None


def test_I3_archived_ap_invoices_do_not_count_as_twins():
    [missing] = invoice_findings([NS], [dataclasses.replace(AP_TWIN, status="archived")], {}, WITH_PDF)
    assert "has 0 AP invoices" in missing.difference


@pytest.mark.parametrize(
    "ns",
    [
        dataclasses.replace(NS, voided=True),
        dataclasses.replace(NS, amount_unpaid=D("0.00"), amount_paid=D("250.00"), status="Paid In Full"),
        dataclasses.replace(NS, status="Pending Approval"),
    ],
)
def test_I3_voided_paid_and_unapproved_netsuite_invoices_are_not_checked(ns):
    assert invoice_findings([ns], [], {}, frozenset()) == []


def test_I3_S4_invoice_paid_in_ap_is_left_to_I1():
    assert invoice_findings([NS], [paid_in_ap(AP_TWIN)], {}, frozenset()) == []


def test_F8_missing_pdf_is_uploaded_again_through_the_pdf_path():
    [finding] = invoice_findings([NS], [AP_TWIN], {}, frozenset())
    assert (finding.check, finding.repair, finding.record_id) == (MISSING_PDF, REPAIR_PDF, "104")
    m = finding.mutation
    assert (m.action, m.object_type, m.target_id, m.payload["ns_invoice_id"]) == (
        "attach_pdf",
        "invoice_pdf",
        AP_TWIN.id,
        "104",
    )
    assert "has no PDF" in finding.difference


# --- Posted records deleted or voided in NetSuite ------------------------------------------------


POSTED = [PostedRecord("payout", "po_1", "dep-7"), PostedRecord("payment", "pay_1", "cp-9")]


def test_posted_records_still_standing_are_no_finding():
    assert posted_record_findings(POSTED, frozenset(), frozenset()) == []


def test_deposit_deleted_in_netsuite_is_listed_to_repost_or_confirm():
    [finding] = posted_record_findings(POSTED, frozenset({"dep-7"}), frozenset())
    assert (finding.check, finding.object_type, finding.record_id, finding.repair) == (
        DELETED_IN_NETSUITE,
        "payout",
        "po_1",
        None,
    )
    assert finding.difference == "deposit dep-7 for payout po_1 deleted in NetSuite"
    assert finding.to_do.startswith("re-post or confirm")


def test_F7_customer_payment_deleted_in_netsuite_is_listed_to_confirm():
    [finding] = posted_record_findings(POSTED, frozenset({"cp-9"}), frozenset())
    assert finding.difference == "customer payment cp-9 for AP payment pay_1 deleted in NetSuite"
    assert "(F7)" in finding.to_do


def test_deposit_voided_in_netsuite_is_listed_to_repost_or_confirm():
    [finding] = posted_record_findings(POSTED, frozenset(), frozenset({"dep-7"}))
    assert finding.check == VOIDED_IN_NETSUITE and "voided in NetSuite" in finding.difference


def test_deposit_edited_in_netsuite_after_it_was_posted_is_listed_to_check():
    edited = {"dep-7": "2026-02-03 10:00:00"}
    [finding] = posted_record_findings(POSTED, frozenset(), frozenset(), edited)
    assert (finding.check, finding.record_id, finding.repair) == (EDITED_IN_NETSUITE, "po_1", None)
    assert finding.difference == (
        "deposit dep-7 for payout po_1 edited in NetSuite after it was posted (last modified 2026-02-03 10:00:00)"
    )
    assert "check the deposit against payout po_1" in finding.to_do


def test_a_deleted_deposit_is_not_also_listed_as_edited():
    [finding] = posted_record_findings(POSTED, frozenset({"dep-7"}), frozenset(), {"dep-7": "2026-02-03 10:00:00"})
    assert finding.check == DELETED_IN_NETSUITE


def test_customer_payments_are_not_checked_for_edits():
    assert posted_record_findings(POSTED, frozenset(), frozenset(), {"cp-9": "2026-02-03 10:00:00"}) == []


def test_an_edited_deposit_keeps_its_I2_finding_on_the_total():
    edited = posted_record_findings(POSTED, frozenset(), frozenset(), {"dep-7": "2026-02-03 10:00:00"})
    wrong_total = payout_findings([PAYOUT], [dataclasses.replace(DEPOSIT, total=D("200.00"))])
    findings = drift_findings(payment=[], payout=wrong_total, invoice=[], posted=edited)
    assert sorted(f.check for f in findings) == sorted(["I2", EDITED_IN_NETSUITE])


def test_records_of_other_kinds_are_not_matched():
    assert posted_record_findings([PostedRecord("invoice", "104", "dep-7")], frozenset({"dep-7"}), frozenset()) == []


def test_a_deleted_deposit_is_named_once_not_also_as_a_missing_one():
    deleted = posted_record_findings(POSTED, frozenset({"dep-7"}), frozenset())
    missing = payout_findings([PAYOUT], [])
    other = payout_findings([dataclasses.replace(PAYOUT, id="po_2")], [])
    findings = drift_findings(payment=[], payout=missing + other, invoice=[], posted=deleted)
    assert [(f.check, f.record_id) for f in findings] == [(DELETED_IN_NETSUITE, "po_1"), ("I2", "po_2")]
