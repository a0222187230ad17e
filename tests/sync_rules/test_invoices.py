"""Invoices NetSuite -> AP: F2, F5/S8, S1, S3, S4, S5, S7 (and C2 history)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from netsuite_ap_sync.rules.decisions import AP, Hold, Mutation, Quarantine, Skip
from netsuite_ap_sync.rules.invariants import InvoiceSnapshot, check_i3
from netsuite_ap_sync.rules.invoices import plan_ap_invoice, plan_invoice, plan_invoice_deletion
from tests.sync_rules.factories import (
    T1,
    D,
    ap_invoice_for,
    deletion,
    line,
    ns_invoice,
    paid_in_ap,
)
from tests.sync_rules.simulate import apply_to_invoice


def only(decisions, kind):
    assert len(decisions) == 1, decisions
    assert isinstance(decisions[0], kind), decisions
    return decisions[0]


def mutations(decisions):
    return [d for d in decisions if isinstance(d, Mutation)]


# --- F2 create ------------------------------------------------------------------------------


def test_F2_creates_ap_invoice_with_number_customer_currency_lines_total_due_date_and_balance():
    ns = ns_invoice(memo="January services")
    create = only(plan_invoice(ns, None, ap_customer_id="cus_4"), Mutation)
    assert (create.target, create.action, create.rules) == (AP, "create_invoice", ("F2",))
    assert create.target_id is None
    assert create.payload == {
        "customer_id": "cus_4",
        "external_id": "104",
        "invoice_number": "INV-104",
        "currency": "USD",
        "due_date": "2026-02-01",
        # AP's line amount is a unit price: 2 x 125.00 = the NetSuite line's 250.00.
        "line_items": [{"description": "Managed services, January", "quantity": 2, "amount": 125.0}],
        "total": 250.0,
        "amount_due": 250.0,
        "memo": "January services",
    }


def test_F2_quantity_is_sent_as_a_json_integer():
    """AP's schema types a line's quantity as an integer: ``2``, never ``2.0``."""
    create = only(plan_invoice(ns_invoice(), None, ap_customer_id="cus_4"), Mutation)
    item = create.payload["line_items"][0]
    assert type(item["quantity"]) is int
    assert '"quantity": 2,' in json.dumps(item)
    assert type(item["amount"]) is float


def test_F2_fractional_quantity_goes_as_one_unit_with_quantity_and_rate_in_its_description():
    hours = line(description="Onsite hours", quantity=D("3.50"), rate=D("100.00"), amount=D("350.00"))
    ns = ns_invoice(lines=(hours,), total=D("350.00"), amount_unpaid=D("350.00"))
    create = only(plan_invoice(ns, None, ap_customer_id="cus_4"), Mutation)
    assert create.payload["line_items"] == [
        {"description": "Onsite hours (3.5 x 100.00)", "quantity": 1, "amount": 350.0}
    ]
    assert type(create.payload["line_items"][0]["quantity"]) is int


@pytest.mark.parametrize(("quantity", "rate"), [("3.5", "100"), ("3.50", "100.00"), ("3.500", "100.0000")])
def test_F2_fractional_quantity_description_is_the_same_however_netsuite_spells_the_numbers(quantity, rate):
    from netsuite_ap_sync.rules.invoices import ap_line_items

    hours = line(description="Onsite hours", quantity=D(quantity), rate=D(rate), amount=D("350.00"))
    (item,) = ap_line_items(ns_invoice(lines=(hours,)))
    assert item.description == "Onsite hours (3.5 x 100.00)"


def test_F2_fractional_quantity_keeps_every_digit_of_a_rate_finer_than_cents():
    from netsuite_ap_sync.rules.invoices import ap_line_items

    hours = line(description="Storage", quantity=D("2.5"), rate=D("0.1250"), amount=D("0.31"))
    (item,) = ap_line_items(ns_invoice(lines=(hours,)))
    assert (item.description, item.quantity, item.amount) == ("Storage (2.5 x 0.125)", D("1"), D("0.31"))


def test_F2_fractional_quantity_whose_rate_does_not_multiply_out_keeps_the_line_amount():
    from netsuite_ap_sync.rules.invoices import ap_line_items

    odd = line(description=None, item="Consulting", quantity=D("0.333"), rate=None, amount=D("41.63"))
    (item,) = ap_line_items(ns_invoice(lines=(odd,)))
    assert (item.description, item.quantity, item.amount) == ("Consulting (quantity 0.333)", D("1"), D("41.63"))


def test_F2_rate_finer_than_cents_goes_as_one_unit_of_the_line_amount():
    """AP takes amounts in cents: a rate of 0.125 cannot be a unit price there."""
    from netsuite_ap_sync.rules.invoices import ap_line_items

    fine = line(quantity=D("8"), rate=D("0.125"), amount=D("1.00"))
    (item,) = ap_line_items(ns_invoice(lines=(fine,)))
    assert (item.quantity, item.amount) == (D("1"), D("1.00"))


def test_F2_an_unchanged_fractional_line_read_back_from_ap_changes_nothing():
    from netsuite_ap_sync.rules.records import ApLineItem

    hours = line(description="Onsite hours", quantity=D("3.5"), rate=D("100.00"), amount=D("350.00"))
    ns = ns_invoice(lines=(hours,), total=D("350.00"), amount_unpaid=D("350.00"))
    # As AP answers it: quantity 1, the line total as its amount.
    ap = ap_invoice_for(ns, line_items=(ApLineItem("Onsite hours (3.5 x 100.00)", D("1"), D("350.00")),))
    assert mutations(plan_invoice(ns, ap, ap_customer_id="cus_4")) == []


def test_F2_invoice_waits_for_its_customer():
    hold = only(plan_invoice(ns_invoice(), None, ap_customer_id=None), Hold)
    assert hold.rule == "F2"
    assert "NetSuite customer 4" in hold.reason


def test_F2_invoice_without_due_date_is_due_on_its_date():
    create = only(plan_invoice(ns_invoice(due_date=None), None, ap_customer_id="cus_4"), Mutation)
    assert create.payload["due_date"] == "2026-01-02"


def test_F2_lines_fall_back_to_item_name_and_quantity_one():
    ns = ns_invoice(lines=(line(description=None, quantity=None, rate=None, amount=D("40")),))
    create = only(plan_invoice(ns, None, ap_customer_id="cus_4"), Mutation)
    assert create.payload["line_items"] == [{"description": "Managed services", "quantity": 1, "amount": 40.0}]


@pytest.mark.parametrize("currency", ["USD", "EUR", "JPY", "BHD"])
def test_F2_currency_is_passed_through(currency):
    ns = ns_invoice(currency=currency, total=D("1000.125"), amount_unpaid=D("1000.125"))
    create = only(plan_invoice(ns, None, ap_customer_id="cus_4"), Mutation)
    assert create.payload["currency"] == currency
    assert create.payload["total"] == 1000.125


def test_F2_create_key_is_stable_across_netsuite_versions():
    first = only(plan_invoice(ns_invoice(), None, ap_customer_id="cus_4"), Mutation)
    later = only(plan_invoice(ns_invoice(last_modified=T1), None, ap_customer_id="cus_4"), Mutation)
    assert first.key == later.key


def test_F2_unchanged_invoice_is_skipped():
    ns = ns_invoice()
    skip = only(plan_invoice(ns, ap_invoice_for(ns), ap_customer_id="cus_4"), Skip)
    assert skip.rule == "F2"


@pytest.mark.parametrize("status", ["Pending Approval", "Rejected"])
def test_F2_unapproved_invoice_is_skipped(status):
    skip = only(plan_invoice(ns_invoice(status=status), None, ap_customer_id="cus_4"), Skip)
    assert skip.rule == "F2"


def test_F2_invoice_archived_in_ap_is_not_recreated():
    ns = ns_invoice(total=D("300"), amount_unpaid=D("300"))
    skip = only(plan_invoice(ns, ap_invoice_for(ns_invoice(), status="archived"), ap_customer_id="cus_4"), Skip)
    assert skip.rule == "F2"
    assert "archived in AP" in skip.reason


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ({"tran_id": "INV-104B"}, "F2:same_number"),
        ({"currency": "EUR"}, "F2:same_currency"),
    ],
)
def test_F2_changes_ap_cannot_make_are_quarantined(change, check):
    ap = ap_invoice_for(ns_invoice())
    quarantine = only(plan_invoice(ns_invoice(**change), ap, ap_customer_id="cus_4"), Quarantine)
    assert quarantine.check == check
    assert ap.id in quarantine.reason


def test_F2_invoice_moved_to_another_customer_is_quarantined():
    ap = ap_invoice_for(ns_invoice())
    quarantine = only(plan_invoice(ns_invoice(customer_id="9"), ap, ap_customer_id="cus_9"), Quarantine)
    assert quarantine.check == "F2:same_customer"


def test_F2_currency_case_difference_is_not_a_change():
    ns = ns_invoice()
    skip = only(plan_invoice(ns, ap_invoice_for(ns, currency="usd"), ap_customer_id="cus_4"), Skip)
    assert skip.rule == "F2"


def test_F2_memo_change_and_removal_flow():
    ns = ns_invoice(memo="new memo", last_modified=T1)
    update = only(plan_invoice(ns, ap_invoice_for(ns, memo="old"), ap_customer_id="cus_4"), Mutation)
    assert update.payload == {"memo": "new memo"}
    cleared = ns_invoice(memo=None, last_modified=T1)
    update = only(plan_invoice(cleared, ap_invoice_for(cleared, memo="old"), ap_customer_id="cus_4"), Mutation)
    assert update.payload == {"memo": None}


def test_F2_line_item_change_is_sent_whole():
    ns = ns_invoice(lines=(line(), line(description="Setup", quantity=D("1"), amount=D("0"))))
    update = only(plan_invoice(ns, ap_invoice_for(ns_invoice()), ap_customer_id="cus_4"), Mutation)
    assert update.rules == ("F2",)
    assert len(update.payload["line_items"]) == 2


@pytest.mark.parametrize(
    ("fields", "check"),
    [
        ({"total": D("-1"), "amount_unpaid": D("0")}, "F2:total_not_negative"),
        ({"amount_unpaid": D("-0.01")}, "S3:unpaid_not_negative"),
        ({"amount_unpaid": D("250.01")}, "S3:unpaid_within_total"),
        ({"status": "Paid In Full", "amount_unpaid": D("10")}, "S1:paid_in_full_has_no_balance"),
        ({"tran_id": ""}, "F2:has_number"),
        ({"currency": ""}, "F2:has_currency"),
    ],
)
def test_F2_broken_invoice_data_is_quarantined_with_a_reason(fields, check):
    quarantine = only(plan_invoice(ns_invoice(**fields), None, ap_customer_id="cus_4"), Quarantine)
    assert quarantine.check == check
    assert quarantine.reason


def test_F2_huge_amount_that_a_json_number_would_round_is_quarantined():
    huge = D("123456789012345678.91")
    quarantine = only(
        plan_invoice(ns_invoice(total=huge, amount_unpaid=huge), None, ap_customer_id="cus_4"), Quarantine
    )
    assert quarantine.check == "F2:exact_amounts"


def test_F2_large_amount_with_fifteen_digits_is_sent_exactly():
    large = D("9999999999999.99")
    ns = ns_invoice(total=large, amount_unpaid=large, lines=(line(amount=large),))
    create = only(plan_invoice(ns, None, ap_customer_id="cus_4"), Mutation)
    assert D(repr(create.payload["total"])) == large


def test_F2_zero_total_invoice_is_created_paid():
    ns = ns_invoice(total=D("0"), amount_unpaid=D("0"), status="Paid In Full", lines=())
    create = only(plan_invoice(ns, None, ap_customer_id="cus_4"), Mutation)
    assert (create.action, create.rules, create.payload["amount_due"]) == ("create_invoice", ("F2", "S1"), 0.0)


def test_C2_S1_historical_paid_invoice_is_created_paid_in_one_call():
    # Created with nothing due, AP records it paid outside AP: no second request at 5/s.
    ns = ns_invoice(amount_unpaid=D("0"), amount_paid=D("250"), status="Paid In Full")
    decisions = plan_invoice(ns, None, ap_customer_id="cus_4")
    assert [(d.action, d.rules) for d in decisions] == [("create_invoice", ("F2", "S1"))]
    ap = apply_to_invoice(None, decisions)
    assert (ap.status, ap.paid_via) == ("paid", "external")


# --- S1 -----------------------------------------------------------------------------------------


def test_S1_paid_in_full_in_netsuite_marks_ap_invoice_paid():
    ap = ap_invoice_for(ns_invoice())
    ns = ns_invoice(amount_unpaid=D("0"), amount_paid=D("250"), status="Paid In Full", last_modified=T1)
    mark = only(plan_invoice(ns, ap, ap_customer_id="cus_4"), Mutation)
    assert (mark.action, mark.rules, mark.payload, mark.target_id) == (
        "mark_invoice_paid",
        ("S1",),
        {"status": "paid"},
        ap.id,
    )


def test_S1_invoice_paid_in_both_systems_is_skipped():
    ns = ns_invoice(amount_unpaid=D("0"), status="Paid In Full")
    skip = only(plan_invoice(ns, ap_invoice_for(ns), ap_customer_id="cus_4"), Skip)
    assert skip.rule == "S1"


def test_S1_edits_before_marking_paid_come_first():
    ap = ap_invoice_for(ns_invoice())
    ns = ns_invoice(total=D("260"), amount_unpaid=D("0"), status="Paid In Full", last_modified=T1)
    update, mark = plan_invoice(ns, ap, ap_customer_id="cus_4")
    assert (update.action, mark.action) == ("update_invoice", "mark_invoice_paid")
    assert "amount_due" not in update.payload


def test_S1_invoice_unpaid_again_in_netsuite_reopens_ap_balance():
    paid = ns_invoice(amount_unpaid=D("0"), status="Paid In Full")
    ap = ap_invoice_for(paid)  # paid outside AP
    reopened = ns_invoice(amount_unpaid=D("250"), last_modified=T1)
    reopen = only(plan_invoice(reopened, ap, ap_customer_id="cus_4"), Mutation)
    assert (reopen.action, reopen.payload, reopen.rules) == (
        "reopen_invoice_balance",
        {"amount_due": 250.0},
        ("S1", "S3"),
    )


def test_S1_invoice_marked_paid_by_hand_in_ap_is_undone_by_netsuite():
    ns = ns_invoice()
    ap = ap_invoice_for(ns, status="paid", paid_via=None, amount_due=D("0"))
    reopen = only(plan_invoice(replace(ns, last_modified=T1), ap, ap_customer_id="cus_4"), Mutation)
    assert reopen.action == "reopen_invoice_balance"


# --- S3 ---------------------------------------------------------------------------------------------


def test_S3_partial_payment_in_netsuite_sets_ap_amount_due():
    ap = ap_invoice_for(ns_invoice())
    ns = ns_invoice(amount_unpaid=D("100.00"), amount_paid=D("150.00"), last_modified=T1)
    update = only(plan_invoice(ns, ap, ap_customer_id="cus_4"), Mutation)
    assert update.rules == ("F2", "S3")
    assert update.payload == {"amount_due": 100.0}


def test_S3_credit_making_unpaid_zero_marks_ap_paid():
    ap = ap_invoice_for(ns_invoice())
    ns = ns_invoice(amount_unpaid=D("0"), amount_paid=D("0"), status="Paid In Full", last_modified=T1)
    mark = only(plan_invoice(ns, ap, ap_customer_id="cus_4"), Mutation)
    assert mark.action == "mark_invoice_paid"


def test_S3_partial_then_full_payment():
    ap = ap_invoice_for(ns_invoice())
    partial = ns_invoice(amount_unpaid=D("50"), last_modified=T1)
    ap = apply_to_invoice(ap, plan_invoice(partial, ap, ap_customer_id="cus_4"))
    assert (ap.amount_due, ap.status) == (D("50"), "partially_paid")
    full = ns_invoice(amount_unpaid=D("0"), status="Paid In Full", last_modified="2026-01-06 08:00:00")
    ap = apply_to_invoice(ap, plan_invoice(full, ap, ap_customer_id="cus_4"))
    assert (ap.status, ap.paid_via) == ("paid", "external")


def test_S3_unposted_ap_payment_is_not_added_back_to_the_balance():
    ns = ns_invoice(last_modified=T1)
    ap = ap_invoice_for(ns, amount_due=D("150"), status="partially_paid")  # 100 paid in AP, held by C3
    skip = only(plan_invoice(ns, ap, ap_customer_id="cus_4", unposted_ap_payments=D("100")), Skip)
    assert skip.rule == "F2"
    update = only(plan_invoice(ns, ap, ap_customer_id="cus_4"), Mutation)
    assert update.payload == {"amount_due": 250.0}


# --- S4 ---------------------------------------------------------------------------------------------


def test_S4_paid_invoice_is_frozen():
    ap = paid_in_ap(ap_invoice_for(ns_invoice()))
    edited = ns_invoice(total=D("999"), amount_unpaid=D("999"), due_date=date(2027, 1, 1), last_modified=T1)
    skip = only(plan_invoice(edited, ap, ap_customer_id="cus_4"), Skip)
    assert skip.rule == "S4"


def test_S4_frozen_invoice_is_not_marked_paid_again_when_netsuite_catches_up():
    ap = paid_in_ap(ap_invoice_for(ns_invoice()))
    ns = ns_invoice(amount_unpaid=D("0"), status="Paid In Full", last_modified=T1)
    skip = only(plan_invoice(ns, ap, ap_customer_id="cus_4"), Skip)
    assert skip.rule == "S4"


def test_S4_voided_after_paid_in_ap_is_left_as_is():
    ap = paid_in_ap(ap_invoice_for(ns_invoice()))
    skip = only(plan_invoice(ns_invoice(voided=True, status="Voided"), ap, ap_customer_id="cus_4"), Skip)
    assert skip.rule == "S4"


def test_S4_frozen_invoice_is_not_quarantined_for_later_bad_data():
    ap = paid_in_ap(ap_invoice_for(ns_invoice()))
    skip = only(plan_invoice(ns_invoice(amount_unpaid=D("900")), ap, ap_customer_id="cus_4"), Skip)
    assert skip.rule == "S4"


def test_S4_partly_paid_in_ap_is_not_frozen():
    ap = ap_invoice_for(ns_invoice(), status="partially_paid", paid_via="ap", amount_due=D("50"))
    ns = ns_invoice(due_date=date(2026, 3, 1), amount_unpaid=D("50"), last_modified=T1)
    update = only(plan_invoice(ns, ap, ap_customer_id="cus_4"), Mutation)
    assert update.payload == {"due_date": "2026-03-01"}


# --- S5 ---------------------------------------------------------------------------------------------


def test_S5_amount_and_due_date_changes_flow_in_one_update():
    ap = ap_invoice_for(ns_invoice())
    ns = ns_invoice(
        total=D("300"),
        amount_unpaid=D("300"),
        due_date=date(2026, 3, 1),
        lines=(line(amount=D("300")),),
        last_modified=T1,
    )
    update = only(plan_invoice(ns, ap, ap_customer_id="cus_4"), Mutation)
    assert update.action == "update_invoice"
    assert update.rules == ("F2", "S3", "S5")
    assert set(update.payload) == {"due_date", "total", "amount_due", "line_items"}
    assert update.target_id == ap.id


def test_S5_later_netsuite_edit_gets_a_new_key():
    ap = ap_invoice_for(ns_invoice())
    first = only(plan_invoice(ns_invoice(due_date=date(2026, 3, 1)), ap, ap_customer_id="cus_4"), Mutation)
    later = only(
        plan_invoice(ns_invoice(due_date=date(2026, 3, 1), last_modified=T1), ap, ap_customer_id="cus_4"), Mutation
    )
    assert first.key != later.key


def test_S5_ap_side_edit_survives_until_the_next_netsuite_change():
    ns = ns_invoice(due_date=date(2026, 3, 1), last_modified=T1)
    ap = ap_invoice_for(ns_invoice())
    applied = only(plan_invoice(ns, ap, ap_customer_id="cus_4"), Mutation)
    ap = apply_to_invoice(ap, [applied])
    edited_in_ap = replace(ap, due_date=date(2026, 4, 1))
    # Re-reading the same NetSuite version plans the same key, which the pipeline already applied.
    again = only(plan_invoice(ns, edited_in_ap, ap_customer_id="cus_4"), Mutation)
    assert again.key == applied.key


def test_S5_next_netsuite_change_wins_over_ap_side_edit():
    ns = ns_invoice()
    edited_in_ap = ap_invoice_for(ns, due_date=date(2026, 4, 1), total=D("1"))
    changed = ns_invoice(memo="reminder", last_modified=T1)
    update = only(plan_invoice(changed, edited_in_ap, ap_customer_id="cus_4"), Mutation)
    assert update.payload == {"due_date": "2026-02-01", "total": 250.0, "memo": "reminder"}
    fixed = apply_to_invoice(edited_in_ap, [update])
    assert check_i3(InvoiceSnapshot((changed,), (fixed,))) == []


@pytest.mark.parametrize("status", ["open", "partially_paid", "sent", "overdue"])
def test_S5_unknown_ap_status_is_treated_as_open(status):
    ap = ap_invoice_for(ns_invoice(), status=status)
    update = only(plan_invoice(ns_invoice(due_date=date(2026, 5, 1)), ap, ap_customer_id="cus_4"), Mutation)
    assert update.payload == {"due_date": "2026-05-01"}


# --- F5 / S8 ----------------------------------------------------------------------------------------


def test_F5_voided_invoice_is_archived_in_ap():
    ap = ap_invoice_for(ns_invoice())
    archive = only(plan_invoice(ns_invoice(voided=True, status="Voided"), ap, ap_customer_id="cus_4"), Mutation)
    assert (archive.action, archive.rules, archive.target_id, archive.payload) == (
        "archive_invoice",
        ("F5", "S8"),
        ap.id,
        {},
    )


def test_F5_voided_label_alone_archives():
    ap = ap_invoice_for(ns_invoice())
    archive = only(plan_invoice(ns_invoice(status="Voided"), ap, ap_customer_id="cus_4"), Mutation)
    assert archive.action == "archive_invoice"


def test_F5_voided_invoice_never_created_in_ap_is_skipped():
    skip = only(plan_invoice(ns_invoice(voided=True), None, ap_customer_id=None), Skip)
    assert skip.rule == "F5"


def test_F5_already_archived_is_skipped():
    ap = ap_invoice_for(ns_invoice(), status="archived")
    skip = only(plan_invoice(ns_invoice(voided=True), ap, ap_customer_id="cus_4"), Skip)
    assert skip.rule == "F5"


def test_F5_voided_after_paid_outside_ap_is_archived():
    ns = ns_invoice(amount_unpaid=D("0"), status="Paid In Full")
    archive = only(plan_invoice(replace(ns, voided=True), ap_invoice_for(ns), ap_customer_id="cus_4"), Mutation)
    assert archive.action == "archive_invoice"


def test_S8_invoice_deleted_in_netsuite_is_archived_in_ap():
    ap = ap_invoice_for(ns_invoice())
    archive = only(plan_invoice_deletion(deletion("invoice"), ap), Mutation)
    assert archive.action == "archive_invoice"
    assert only(plan_invoice_deletion(deletion("invoice"), None), Skip).rule == "F5"
    assert only(plan_invoice_deletion(deletion("invoice"), paid_in_ap(ap)), Skip).rule == "S4"


# --- S7 ---------------------------------------------------------------------------------------------


def test_S7_ap_invoice_without_external_id_is_left_alone():
    ap = ap_invoice_for(ns_invoice(), external_id=None)
    assert only(plan_ap_invoice(ap), Skip).rule == "S7"
    assert only(plan_ap_invoice(ap_invoice_for(ns_invoice())), Skip).rule == "F2"


def test_F2_created_invoice_satisfies_I3():
    ns = ns_invoice(amount_unpaid=D("120.50"))
    ap = apply_to_invoice(None, plan_invoice(ns, None, ap_customer_id="cus_4"))
    assert check_i3(InvoiceSnapshot((ns,), (ap,))) == []
    assert mutations(plan_invoice(ns, ap, ap_customer_id="cus_4")) == []


def test_F2_line_that_is_not_rate_times_quantity_goes_as_one_unit():
    from decimal import Decimal

    from netsuite_ap_sync.rules.invoices import ap_line_items
    from netsuite_ap_sync.rules.records import NsInvoiceLine

    discounted = NsInvoiceLine("svc", "Discounted", Decimal("3"), Decimal("10.00"), Decimal("25.00"))
    no_quantity = NsInvoiceLine("fee", None, None, None, Decimal("7.50"))
    items = ap_line_items(ns_invoice(lines=(discounted, no_quantity)))
    assert [(i.description, i.quantity, i.amount) for i in items] == [
        ("Discounted", Decimal("1"), Decimal("25.00")),
        ("fee", Decimal("1"), Decimal("7.50")),
    ]
    assert sum(i.quantity * i.amount for i in items) == Decimal("32.50")
