"""I1-I5 checks, each shown holding and each shown catching a violation."""

from __future__ import annotations

from dataclasses import replace

from netsuite_ap_sync.rules.decisions import Outcome
from netsuite_ap_sync.rules.deposits import plan_payout
from netsuite_ap_sync.rules.invariants import (
    InvoiceSnapshot,
    PaymentSnapshot,
    PayoutSnapshot,
    RunSnapshot,
    WatermarkSnapshot,
    check_i1,
    check_i2,
    check_i3,
    check_i4,
    check_i5,
)
from netsuite_ap_sync.rules.records import NsCustomerPayment, NsDeposit
from netsuite_ap_sync.rules.watermarks import RecordOutcome
from tests.sync_rules.factories import (
    READY,
    D,
    ap_invoice_for,
    ap_payment,
    ap_payout,
    fee,
    in_payout,
    ns_invoice,
    paid_in_ap,
    standalone_in_payout,
)

PAY = ap_payment(id="pay_1", total=D("257.50"), sub_total=D("250.00"))
POSTED = NsCustomerPayment("cp-1", "apay-pay_1", "4", D("250.00"), (("104", D("250.00")),))


def payments_snapshot(ns_payments, ap_payments=(PAY,), exempt=frozenset()):
    return PaymentSnapshot(
        ap_payments=tuple(ap_payments),
        ns_invoice_payment_ids=frozenset({"pay_1"}),
        ns_customer_payments=tuple(ns_payments),
        exempt_payment_ids=exempt,
    )


# --- I1 ---------------------------------------------------------------------------------------------


def test_I1_holds_when_each_succeeded_payment_is_posted_once():
    assert check_i1(payments_snapshot([POSTED])) == []


def test_I1_catches_a_missing_and_a_duplicate_posting():
    [missing] = check_i1(payments_snapshot([]))
    assert missing.startswith("I1:") and "0 times" in missing
    [duplicate] = check_i1(payments_snapshot([POSTED, replace(POSTED, id="cp-2")]))
    assert "2 times" in duplicate


def test_I1_catches_a_wrong_amount():
    [violation] = check_i1(payments_snapshot([replace(POSTED, total=D("257.50"))]))
    assert "257.50" in violation


def test_I1_excuses_S2_and_F7_cases_passed_in():
    failed = replace(PAY, status="failed")
    assert check_i1(payments_snapshot([POSTED], [failed], exempt=frozenset({"pay_1"}))) == []
    assert check_i1(payments_snapshot([], exempt=frozenset({"pay_1"}))) == []
    [stale] = check_i1(payments_snapshot([POSTED], [failed]))
    assert "failed" in stale and "S2" in stale


def test_I1_ignores_payments_on_ap_created_invoices_and_pending_ones():
    other = ap_payment(id="pay_7")
    pending = replace(PAY, status="pending")
    assert check_i1(payments_snapshot([], [other, pending])) == []


# --- I2 ---------------------------------------------------------------------------------------------

P1 = ap_payment(id="pay_1")
S7 = ap_payment(id="pay_3", invoice_id="inv_ap_1", total=D("40.00"), sub_total=D("40.00"))
MIXED = ap_payout(payment_ids=("pay_1", "pay_3"), total=D("287.50"), fees=(fee("2.50"),))


def payouts_snapshot(deposits, payouts=(MIXED,), exempt_payouts=frozenset()):
    return PayoutSnapshot(payouts=tuple(payouts), ns_deposits=tuple(deposits), exempt_payout_ids=exempt_payouts)


GOOD_DEPOSITS = (NsDeposit("dep-1", "apo-po_1", D("287.50")),)


def test_I2_S7_holds_for_one_deposit_of_the_whole_payout_with_its_stand_alone_payment():
    assert check_i2(payouts_snapshot(GOOD_DEPOSITS)) == []


def test_I2_agrees_with_the_F4_planner():
    [deposit] = plan_payout(MIXED, [in_payout(P1), standalone_in_payout(S7)], READY)
    body = deposit.payload
    other = sum(D(repr(i["amount"])) for i in body["other"]["items"])
    total = P1.sub_total + other - sum(D(repr(i["amount"])) for i in body["cashBack"]["items"])
    assert check_i2(payouts_snapshot([NsDeposit("dep-1", body["externalId"], total)])) == []


def test_I2_catches_missing_duplicate_and_wrong_deposits():
    [missing] = check_i2(payouts_snapshot([]))
    assert "0 times" in missing
    [duplicate] = check_i2(payouts_snapshot([*GOOD_DEPOSITS, replace(GOOD_DEPOSITS[0], id="dep-9")]))
    assert "2 times" in duplicate
    [wrong] = check_i2(payouts_snapshot([replace(GOOD_DEPOSITS[0], total=D("247.50"))]))
    assert "247.50" in wrong and "287.50" in wrong


def test_I2_S7_payout_less_its_stand_alone_payment_plus_a_separate_deposit_is_a_violation():
    """The relaxed reading is gone: the deposit must total the payout, whatever else NetSuite holds."""
    split = [NsDeposit("dep-1", "apo-po_1", D("247.50")), NsDeposit("dep-2", "apsd-pay_3", D("40.00"))]
    [violation] = check_i2(payouts_snapshot(split))
    assert violation.startswith("I2:") and "dep-1" in violation and "287.50" in violation


def test_I2_excuses_quarantined_payouts_and_skips_unsucceeded_ones():
    assert check_i2(payouts_snapshot([], exempt_payouts=frozenset({"po_1"}))) == []
    assert check_i2(payouts_snapshot([], payouts=(replace(MIXED, status="pending"),))) == []


def test_I2_S7_payout_of_only_stand_alone_payments_needs_its_own_deposit():
    only_s7 = ap_payout(id="po_2", payment_ids=("pay_3",), total=D("40.00"), fees=())
    [missing] = check_i2(payouts_snapshot([], payouts=(only_s7,)))
    assert "po_2" in missing and "0 times" in missing
    assert check_i2(payouts_snapshot([NsDeposit("dep-2", "apo-po_2", D("40.00"))], payouts=(only_s7,))) == []


# --- I3 ---------------------------------------------------------------------------------------------


def test_I3_holds_when_ap_matches_every_unpaid_invoice():
    ns = ns_invoice()
    assert check_i3(InvoiceSnapshot((ns,), (ap_invoice_for(ns),))) == []


def test_I3_names_each_differing_field():
    ns = ns_invoice()
    ap = ap_invoice_for(ns, invoice_number="X", total=D("1"), due_date=None, amount_due=D("2"))
    violations = check_i3(InvoiceSnapshot((ns,), (ap,)))
    assert [v.split(" is ")[0].split("inv_104 ")[1] for v in violations] == [
        "number",
        "total",
        "due date",
        "open balance",
    ]


def test_I3_catches_missing_duplicate_and_archived_ap_invoices():
    ns = ns_invoice()
    assert "0 AP invoices" in check_i3(InvoiceSnapshot((ns,), ()))[0]
    twice = (ap_invoice_for(ns), ap_invoice_for(ns, id="inv_dup"))
    assert "2 AP invoices" in check_i3(InvoiceSnapshot((ns,), twice))[0]
    assert "0 AP invoices" in check_i3(InvoiceSnapshot((ns,), (ap_invoice_for(ns, status="archived"),)))[0]


def test_I3_leaves_out_paid_voided_unapproved_and_frozen_invoices():
    paid = ns_invoice(id="1", amount_unpaid=D("0"), status="Paid In Full")
    voided = ns_invoice(id="2", voided=True)
    pending = ns_invoice(id="3", status="Pending Approval")
    frozen_ns = ns_invoice(id="4")
    frozen = paid_in_ap(ap_invoice_for(frozen_ns))
    assert check_i3(InvoiceSnapshot((paid, voided, pending, frozen_ns), (frozen,))) == []


def test_I3_counts_ap_payments_not_yet_posted():
    ns = ns_invoice()
    ap = ap_invoice_for(ns, amount_due=D("150"))
    assert check_i3(InvoiceSnapshot((ns,), (ap,), {"104": D("100")})) == []
    assert check_i3(InvoiceSnapshot((ns,), (ap,)))


# --- I4 ---------------------------------------------------------------------------------------------


def test_I4_every_staged_record_has_an_outcome():
    outcomes = {"invoice:1": Outcome.APPLIED, "invoice:2": "held", "invoice:3": "quarantined"}
    assert check_i4(RunSnapshot(("invoice:1", "invoice:2", "invoice:3"), outcomes)) == []


def test_I4_catches_dropped_records_and_unknown_outcomes():
    violations = check_i4(RunSnapshot(("a", "b"), {"b": "lost"}))
    assert violations == ["I4: staged record a has no outcome", "I4: staged record b has unknown outcome 'lost'"]


# --- I5 ---------------------------------------------------------------------------------------------


def test_I5_watermark_at_or_below_the_first_held_record_holds():
    records = (RecordOutcome("1", "2026-01-02 10:00:00", "applied"), RecordOutcome("2", "2026-01-02 10:05:00", "held"))
    assert check_i5(WatermarkSnapshot("2026-01-02 10:00:00", records)) == []
    assert check_i5(WatermarkSnapshot("2026-01-02 10:05:00", records)) == []
    assert check_i5(WatermarkSnapshot(None, records)) == []


def test_I5_watermark_past_a_held_record_is_caught():
    records = (RecordOutcome("2", "2026-01-02 10:05:00", "held"),)
    [violation] = check_i5(WatermarkSnapshot("2026-01-02 10:05:01", records))
    assert "record(s) 2" in violation
