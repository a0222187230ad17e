"""AP -> NetSuite end to end, against both sandboxes and both warehouse dialects:
payments (F3, S1, S2, S7), payouts (F4), deleted payments (F7) and account
set-up (C3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from netsuite_ap_sync.flows import ap_to_netsuite as outbound
from netsuite_ap_sync.flows import initial_sync as init
from netsuite_ap_sync.flows.netsuite_to_ap import refresh_ap_mirror
from netsuite_ap_sync.orchestration.run_steps import run_in_order
from netsuite_ap_sync.partners import accounts
from netsuite_ap_sync.warehouse import quarantine
from tests.pipeline.outbound_support import (
    ap_created_invoice,
    ap_invoice_of,
    assert_audit_clean,
    by_external_id,
    later,
    latest_outcome,
    ledger_rows,
    manual_actions,
    money,
    ns_invoice,
    one,
    staged,
    sync_reports,
    world_with_invoices,
)

# --- F3 / S1 ---------------------------------------------------------------------------------


def test_F3_S1_succeeded_payment_becomes_one_customer_payment_and_invoice_paid_in_full(partner_world):
    world, (full_id, partial_id, untouched_id) = world_with_invoices(partner_world, [100.0, 250.5, 80.0])
    world.set_up_accounts()
    ap = world.ap_controls
    full = ap.pay_invoice(ap_invoice_of(world, full_id)["id"])
    partial = ap.pay_invoice(ap_invoice_of(world, partial_id)["id"], amount=Decimal("50.25"), payment_method="ach")

    cycle = world.payments()
    assert cycle["payments"]["posted"] == 2

    paid = one(world, "payments", f"apay-{full['id']}")
    assert paid["entity"] == ns_invoice(world, full_id)["entity"]
    assert paid["apply"] == [{"invoice": full_id, "amount": 100.0}]
    assert paid["undepfunds"] == "T" and paid["account"] == int(world.partner().undeposited_funds_account_id)
    assert ns_invoice(world, full_id)["status_label"] == "Paid In Full"

    part = one(world, "payments", f"apay-{partial['id']}")
    assert part["apply"] == [{"invoice": partial_id, "amount": 50.25}]
    after_partial = ns_invoice(world, partial_id)
    assert after_partial["status_label"] == "Open"
    assert money(after_partial["foreignamountunpaid"]) == money(ap_invoice_of(world, partial_id)["amount_due"])
    assert money(after_partial["foreignamountunpaid"]) == Decimal("200.25")
    assert ns_invoice(world, untouched_id)["applied"] == []

    before = world.ns_records("payments")["payments"]
    again = world.payments()
    assert again["payments"]["posted"] == 0
    assert world.ns_records("payments")["payments"] == before, "a second run posts nothing"
    assert [r["status"] for r in ledger_rows(world, "payment")] == ["posted", "posted"]
    assert_audit_clean(world)


def test_F3_pending_payment_is_held_until_it_succeeds(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [120.0])
    world.set_up_accounts()
    ap = world.ap_controls
    pending = ap.pay_invoice(ap_invoice_of(world, invoice_id)["id"], payment_method="ach", status="pending")

    assert world.payments()["payments"]["held"] == 1
    assert latest_outcome(world, "stg_ap_payment", pending["id"]) == ("held", "F3")
    assert f"apay-{pending['id']}" not in by_external_id(world, "payments")

    ap.settle_payment(pending["id"])
    assert world.payments()["payments"]["posted"] == 1
    assert one(world, "payments", f"apay-{pending['id']}")["apply"] == [{"invoice": invoice_id, "amount": 120.0}]
    assert ns_invoice(world, invoice_id)["status_label"] == "Paid In Full"


def test_F3_dry_run_shows_the_customer_payment_and_posts_nothing(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [75.0])
    world.set_up_accounts()
    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"])

    dry = run_in_order(world.ctx("netsuite_payments_sync", dry_run=True), "payments")
    [intended] = dry["payments"]["intended"]
    assert (intended["kind"], intended["action"], intended["source_id"]) == (
        "Mutation",
        "create_customer_payment",
        payment["id"],
    )
    assert by_external_id(world, "payments") == {} and ledger_rows(world, "payment") == []

    assert world.payments()["payments"]["posted"] == 1
    one(world, "payments", f"apay-{payment['id']}")
    assert_audit_clean(world)


def test_F3_payments_above_netsuite_unpaid_together_post_the_earlier_and_quarantine_the_later(partner_world):
    """Two AP payments on one invoice, each within NetSuite's balance but not both (AP's total was
    raised in AP): the earlier posts, the later is quarantined for a person with the amounts, in
    the run that reads them. Before, both were planned against the same balance and posted at the
    same time, and whichever NetSuite took second was refused: the later payment or the earlier."""
    world, (invoice_id,) = world_with_invoices(partner_world, [120.0])
    world.set_up_accounts()
    ap = world.ap_controls
    ap_invoice = ap_invoice_of(world, invoice_id)
    total = Decimal("135.50")
    due = str(ap_invoice["due_date"])[:10]
    ap.edit_invoice(
        ap_invoice["id"],
        total=total,
        due_date=due,
        line_items=[{"amount": total, "description": "raised in AP", "quantity": 1}],
    )
    first = ap.pay_invoice(ap_invoice["id"], amount=Decimal("33.88"), payment_method="card")
    second = ap.pay_invoice(ap_invoice["id"], amount=Decimal("101.62"), payment_method="ach")

    cycle = world.payments()
    assert cycle["payments"]["posted"] == 1
    assert one(world, "payments", f"apay-{first['id']}")["apply"] == [{"invoice": invoice_id, "amount": 33.88}]
    assert f"apay-{second['id']}" not in by_external_id(world, "payments")
    assert money(ns_invoice(world, invoice_id)["foreignamountunpaid"]) == Decimal("86.12")
    assert latest_outcome(world, "stg_ap_payment", second["id"]) == ("quarantined", "F3:amount_within_unpaid")
    [entry] = [e for e in quarantine.open_entries(world.engine, world.partner_id) if e["object_type"] == "payment"]
    assert entry["source_id"] == second["id"]
    assert "101.62 USD" in entry["reason"] and "33.88 USD of it taken by earlier AP payments" in entry["reason"]
    assert [r["source_id"] for r in ledger_rows(world, "payment")] == [first["id"]], "the later one is never sent"

    world.hourly()  # reads NetSuite's new balance, 86.12
    again = world.payments()
    assert again["payments"]["posted"] == 0
    assert latest_outcome(world, "stg_ap_payment", second["id"]) == ("quarantined", "F3:amount_within_unpaid")
    [entry] = [e for e in quarantine.open_entries(world.engine, world.partner_id) if e["object_type"] == "payment"]
    assert entry["source_id"] == second["id"] and "86.12 USD unpaid" in entry["reason"]
    assert [r["source_id"] for r in ledger_rows(world, "payment")] == [first["id"]]


# --- S7 ----------------------------------------------------------------------------------------


def test_S7_F4_I2_payment_on_ap_created_invoice_waits_for_its_payout_then_is_a_line_of_its_deposit(partner_world):
    world, _ = world_with_invoices(partner_world, [60.0])
    world.set_up_accounts()
    ap = world.ap_controls
    invoice = ap_created_invoice(world, Decimal("40.00"), "AP-7001")
    payment = ap.pay_invoice(invoice["id"], surcharge=Decimal("1.20"))
    invoices_before = world.ns_records("invoices")["invoices"]

    cycle = world.payments()
    assert cycle["payments"]["posted"] == 0 and cycle["payments"]["held"] == 1
    assert latest_outcome(world, "stg_ap_payment", payment["id"]) == ("held", "S7")
    assert by_external_id(world, "deposits") == {}, "nothing posted before AP pays it out"

    payout = ap.create_payout(payment_ids=[payment["id"]], fee_fixed=Decimal("0.50"), fee_percent=0)
    assert world.payments()["payouts"]["posted"] == 1
    partner = world.partner()
    deposit = one(world, "deposits", f"apo-{payout['id']}")
    assert deposit["account"] == int(partner.bank_account_id)
    assert deposit["payments"] == []
    [line] = deposit["other"]
    assert line["account"] == int(partner.other_deposits_account_id)
    assert money(line["amount"]) == Decimal("41.20") and "AP-7001" in line["memo"]
    assert [money(c["amount"]) for c in deposit["cashback"]] == [Decimal("0.50")]
    assert money(deposit["foreigntotal"]) == money(payout["total"]) == Decimal("40.70")
    assert set(by_external_id(world, "deposits")) == {f"apo-{payout['id']}"}, "no deposit of its own"
    assert f"apay-{payment['id']}" not in by_external_id(world, "payments"), "no customer payment for it"
    assert world.ns_records("invoices")["invoices"] == invoices_before, "never an invoice in NetSuite"

    again = world.payments()
    assert again["payments"]["posted"] == 0 and again["payouts"]["posted"] == 0
    assert latest_outcome(world, "stg_ap_payment", payment["id"]) == ("skipped", "S7")
    assert len(by_external_id(world, "deposits")[f"apo-{payout['id']}"]) == 1
    assert_audit_clean(world)


def test_S7_deposit_line_names_the_netsuite_customer_and_a_refund_is_reverted_by_hand(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [60.0])
    world.set_up_accounts()
    ap = world.ap_controls
    synced_customer = ap_invoice_of(world, invoice_id)["customer_id"]
    invoice = ap.create_invoice(
        customer_id=synced_customer,
        invoice_number="AP-7002",
        currency="USD",
        due_date="2030-12-31",
        line_items=[{"description": "Hardware", "quantity": 2, "amount": Decimal("12.50")}],
    )
    payment = ap.pay_invoice(invoice["id"])
    payout = ap.create_payout(payment_ids=[payment["id"]], fee_fixed=0, fee_percent=0)
    world.payments()
    deposit = one(world, "deposits", f"apo-{payout['id']}")
    [line] = deposit["other"]
    assert line["entity"] == ns_invoice(world, invoice_id)["entity"]

    ap.refund_payment(payment["id"])
    world.payments()
    [action] = manual_actions(world, "S2")
    assert (action["source_id"], action["invoice_number"], money(action["amount"])) == (
        payment["id"],
        "AP-7002",
        Decimal("25.00"),
    )
    assert f"a line of deposit {deposit['id']}" in action["message"]
    one(world, "deposits", f"apo-{payout['id']}")  # not reversed
    assert_audit_clean(world)


def test_S7_payment_refunded_before_any_payout_posts_nothing(partner_world):
    world, _ = world_with_invoices(partner_world, [60.0])
    world.set_up_accounts()
    payment = world.ap_controls.pay_invoice(ap_created_invoice(world, Decimal("30.00"), "AP-7003")["id"])
    world.payments()
    world.ap_controls.refund_payment(payment["id"])
    world.payments()
    assert latest_outcome(world, "stg_ap_payment", payment["id"]) == ("skipped", "S2")
    assert by_external_id(world, "deposits") == {} and manual_actions(world, "S2") == []
    assert_audit_clean(world)


# --- F4 ----------------------------------------------------------------------------------------


def test_F4_payout_becomes_one_deposit_with_its_payments_and_fees_as_cash_back(partner_world):
    world, (first_id, second_id) = world_with_invoices(partner_world, [300.0, 125.0])
    world.set_up_accounts()
    ap = world.ap_controls
    p1 = ap.pay_invoice(ap_invoice_of(world, first_id)["id"])
    p2 = ap.pay_invoice(ap_invoice_of(world, second_id)["id"], amount=Decimal("25.00"), surcharge=Decimal("0.75"))
    p3 = ap.pay_invoice(ap_created_invoice(world, Decimal("50.00"), "AP-4001")["id"])
    world.payments()
    payout = ap.create_payout(fee_percent=Decimal("2.9"), fee_fixed=Decimal("0.30"))
    assert set(payout["payment_ids"]) == {p1["id"], p2["id"], p3["id"]}

    assert world.payments()["payouts"]["posted"] == 1

    partner = world.partner()
    deposit = one(world, "deposits", f"apo-{payout['id']}")
    assert deposit["account"] == int(partner.bank_account_id)
    customer_payments = by_external_id(world, "payments")
    assert sorted(deposit["payments"]) == sorted(customer_payments[f"apay-{p['id']}"][0]["id"] for p in (p1, p2))
    assert [(c["account"], money(c["amount"])) for c in deposit["cashback"]] == [
        (int(partner.fee_account_id), money(fee["amount"])) for fee in payout["fees"]
    ]
    other = [money(o["amount"]) for o in deposit["other"]]
    assert other == [Decimal("0.75"), Decimal("50.00")], "the customer-paid surcharge, then the S7 payment"
    # F4/I2: the deposit is the whole payout, its stand-alone (S7) payment included.
    assert money(deposit["foreigntotal"]) == money(payout["total"])
    assert set(by_external_id(world, "deposits")) == {f"apo-{payout['id']}"}
    for payment in (p1, p2):
        assert customer_payments[f"apay-{payment['id']}"][0]["deposit"] == deposit["id"], "out of Undeposited Funds"

    assert world.payments()["payouts"]["posted"] == 0
    assert len(by_external_id(world, "deposits")[f"apo-{payout['id']}"]) == 1
    assert_audit_clean(world)


def test_F4_payout_waits_for_its_payments_then_posts_whole(partner_world):
    world, (first_id, second_id) = world_with_invoices(partner_world, [90.0, 45.0])
    world.set_up_accounts()
    ap = world.ap_controls
    early = ap.pay_invoice(ap_invoice_of(world, first_id)["id"])
    world.payments()

    # The customer pays and AP pays out while a cycle runs: the payments step has
    # already read AP when the payouts step sees the payout.
    ctx = world.ctx("netsuite_payments_sync")
    refresh_ap_mirror(ctx)
    outbound.sync_deleted_payments(ctx)
    outbound.stage_payments(ctx)
    outbound.validate_payments(ctx)
    outbound.post_payments(ctx)
    late = ap.pay_invoice(ap_invoice_of(world, second_id)["id"])
    payout = ap.create_payout(payment_ids=[early["id"], late["id"]], fee_fixed=Decimal("0.50"), fee_percent=0)
    outbound.stage_payouts(ctx)
    outbound.validate_payouts(ctx)
    held = outbound.post_payouts(ctx)
    assert held["held"] == 1 and held["posted"] == 0
    assert latest_outcome(world, "stg_ap_payout", payout["id"]) == ("held", "F4")
    assert f"apo-{payout['id']}" not in by_external_id(world, "deposits")

    # Its payment staged but not yet posted: still waiting, nothing half-deposited.
    ctx = world.ctx("netsuite_payments_sync")
    refresh_ap_mirror(ctx)
    outbound.stage_payments(ctx)
    outbound.validate_payments(ctx)
    outbound.stage_payouts(ctx)
    outbound.validate_payouts(ctx)
    assert outbound.post_payouts(ctx)["held"] == 1
    assert f"apo-{payout['id']}" not in by_external_id(world, "deposits")

    cycle = world.payments()
    assert cycle["payments"]["posted"] == 1 and cycle["payouts"]["posted"] == 1
    deposit = one(world, "deposits", f"apo-{payout['id']}")
    payments = by_external_id(world, "payments")
    assert sorted(deposit["payments"]) == sorted(payments[f"apay-{p['id']}"][0]["id"] for p in (early, late))
    assert money(deposit["foreigntotal"]) == money(payout["total"]) == Decimal("134.00")
    assert latest_outcome(world, "stg_ap_payout", payout["id"]) == ("applied", "F4")
    assert_audit_clean(world)


def test_F4_payout_is_deposited_once_it_has_succeeded_and_a_failed_one_never(partner_world):
    world, (first_id, second_id) = world_with_invoices(partner_world, [110.0, 55.0])
    world.set_up_accounts()
    ap = world.ap_controls
    p1 = ap.pay_invoice(ap_invoice_of(world, first_id)["id"])
    p2 = ap.pay_invoice(ap_invoice_of(world, second_id)["id"])
    processing = ap.create_payout(payment_ids=[p1["id"]], status="processing")
    failed = ap.create_payout(payment_ids=[p2["id"]], status="processing")
    cycle = world.payments()
    assert cycle["payouts"]["posted"] == 0 and cycle["payouts"]["skipped"] == {"F4": 2}

    later(world)
    ap.set_payout_status(processing["id"], "succeeded")
    ap.set_payout_status(failed["id"], "failed")  # its payment waits for the next payout
    again = ap.create_payout(payment_ids=[p2["id"]])
    assert world.payments()["payouts"]["posted"] == 2
    deposits = by_external_id(world, "deposits")
    assert f"apo-{failed['id']}" not in deposits
    assert money(one(world, "deposits", f"apo-{processing['id']}")["foreigntotal"]) == money(processing["total"])
    assert money(one(world, "deposits", f"apo-{again['id']}")["foreigntotal"]) == money(again["total"])
    assert_audit_clean(world)


# --- S2 ----------------------------------------------------------------------------------------


def test_S2_payment_failed_or_refunded_after_posting_is_listed_once_never_reverted(partner_world):
    world, (ach_id, card_id) = world_with_invoices(partner_world, [210.0, 75.5])
    world.set_up_accounts()
    ap = world.ap_controls
    ach = ap.pay_invoice(ap_invoice_of(world, ach_id)["id"], payment_method="ach")
    card = ap.pay_invoice(ap_invoice_of(world, card_id)["id"], amount=Decimal("70.00"))
    payout = ap.create_payout(payment_ids=[card["id"]], status="processing")
    assert world.payments()["payments"]["posted"] == 2
    before = {r["externalid"]: r for r in world.ns_records("payments")["payments"]}

    ap.fail_payment(ach["id"])  # an ACH return after it was posted
    ap.refund_payment(card["id"])
    cycle = world.payments()
    assert cycle["payments"]["manual_actions"] == 2 and cycle["payments"]["posted"] == 0

    actions = {a["source_id"]: a for a in manual_actions(world, "S2")}
    assert set(actions) == {ach["id"], card["id"]}
    assert actions[ach["id"]]["invoice_number"] == ns_invoice(world, ach_id)["tranid"]
    assert money(actions[ach["id"]]["amount"]) == Decimal("210.00")
    assert actions[card["id"]]["invoice_number"] == ns_invoice(world, card_id)["tranid"]
    assert money(actions[card["id"]]["amount"]) == Decimal("70.00")
    for action in actions.values():
        assert "revert by hand" in action["message"].lower()
        assert action["invoice_number"] in action["message"]
        assert f"{money(action['amount'])} USD" in action["message"]

    # AP touches the refunded payment again (its payout fails and lets it go): planned again, not listed again.
    versions = len(staged(world, "stg_ap_payment", card["id"]))
    ap.set_payout_status(payout["id"], "failed")
    for _ in range(2):
        later(world)
        assert world.payments()["payments"]["manual_actions"] == 0
    assert len(staged(world, "stg_ap_payment", card["id"])) == versions + 1
    assert latest_outcome(world, "stg_ap_payment", card["id"]) == ("skipped", "S2")
    assert len(manual_actions(world, "S2")) == 2, "listed once, not again on later runs"
    assert {r["externalid"]: r for r in world.ns_records("payments")["payments"]} == before, "not reversed"
    assert ns_invoice(world, ach_id)["status_label"] == "Paid In Full"
    assert_audit_clean(world)


def test_S2_payment_failed_before_posting_posts_nothing_and_needs_no_revert(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [55.0])
    world.set_up_accounts()
    ap = world.ap_controls
    pending = ap.pay_invoice(ap_invoice_of(world, invoice_id)["id"], payment_method="ach", status="pending")
    world.payments()
    ap.fail_payment(pending["id"])

    cycle = world.payments()
    assert cycle["payments"]["posted"] == 0 and cycle["payments"]["skipped"] == {"S2": 1}
    assert manual_actions(world, "S2") == []
    assert f"apay-{pending['id']}" not in by_external_id(world, "payments")
    assert_audit_clean(world)


# --- F7 ----------------------------------------------------------------------------------------


def test_F7_posted_payment_deleted_by_partner_reopens_ap_balance_and_is_never_posted_again(partner_world):
    world, (invoice_id, other_id) = world_with_invoices(partner_world, [180.0, 64.0])
    world.set_up_accounts()
    ap = world.ap_controls
    payment = ap.pay_invoice(ap_invoice_of(world, invoice_id)["id"], amount=Decimal("100.00"))
    other = ap.pay_invoice(ap_invoice_of(world, other_id)["id"])
    world.payments()
    posted = one(world, "payments", f"apay-{payment['id']}")
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("80.00")

    later(world)
    world.ns_controls.delete("customerpayment", posted["id"])
    cycle = world.payments()
    assert cycle["deleted_payments"]["ours"] == 1
    assert cycle["payments"]["posted"] == 1, "the reopen in AP, nothing in NetSuite"

    reopened = ap_invoice_of(world, invoice_id)
    assert money(ns_invoice(world, invoice_id)["foreignamountunpaid"]) == Decimal("180.00")
    assert money(reopened["amount_due"]) == Decimal("180.00"), "AP balance reopened to NetSuite's amount unpaid"
    assert reopened["status"] == "open"
    assert [r["status"] for r in ledger_rows(world, "payment") if r["source_id"] == payment["id"]] == [
        "deleted_by_partner",
        "posted",  # the reopen, in AP
    ]
    assert f"apay-{payment['id']}" not in by_external_id(world, "payments")

    # Later cycles never re-post it, even when AP touches the payment again (a payout holding it).
    payout = ap.create_payout(payment_ids=[payment["id"], other["id"]])
    for _ in range(2):
        later(world)
        world.payments()
    assert f"apay-{payment['id']}" not in by_external_id(world, "payments")
    assert ns_invoice(world, invoice_id)["applied"] == []
    assert [r["action"] for r in ledger_rows(world, "payment") if r["source_id"] == payment["id"]] == [
        "create_customer_payment",
        "reopen_invoice_balance",
    ]
    assert latest_outcome(world, "stg_ap_payout", payout["id"]) == ("quarantined", "F4:payments_in_netsuite")
    assert_audit_clean(world)
    world.hourly()  # the re-read NetSuite invoice, held for the hourly cycle, changes nothing more
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("180.00")
    assert_audit_clean(world)


def test_F7_deleted_payment_reopens_the_balance_of_an_invoice_paid_in_full_in_ap(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [150.0])
    world.set_up_accounts()
    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"])
    world.payments()
    assert ap_invoice_of(world, invoice_id)["status"] == "paid"

    later(world)
    world.ns_controls.delete("customerpayment", one(world, "payments", f"apay-{payment['id']}")["id"])
    world.payments()
    assert f"apay-{payment['id']}" not in by_external_id(world, "payments")
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("150.00")


def test_F7_reopened_balance_counts_ap_payments_not_yet_in_netsuite(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [100.0])
    world.set_up_accounts()
    ap = world.ap_controls
    ap_id = ap_invoice_of(world, invoice_id)["id"]
    refunded = ap.pay_invoice(ap_id, amount=Decimal("40.00"))
    world.payments()
    ap.refund_payment(refunded["id"])
    world.payments()
    assert [a["source_id"] for a in manual_actions(world, "S2")] == [refunded["id"]]

    # The partner reverts it by hand; before the next cycle the customer pays 30.00 in AP.
    later(world)
    world.ns_controls.delete("customerpayment", one(world, "payments", f"apay-{refunded['id']}")["id"])
    paid = ap.pay_invoice(ap_id, amount=Decimal("30.00"))
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("70.00")
    world.payments()

    one(world, "payments", f"apay-{paid['id']}")
    assert money(ns_invoice(world, invoice_id)["foreignamountunpaid"]) == Decimal("70.00")
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("70.00"), "not reopened past AP's payment"
    assert_audit_clean(world)


def test_F7_payment_the_partner_made_and_deleted_in_netsuite_changes_ap_only_through_S3(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [500.0])
    world.set_up_accounts()
    later(world)
    own = world.ns_controls.apply_payment(invoice_id, 200.0)
    world.hourly()
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("300.00")  # S3

    later(world)
    world.ns_controls.delete("customerpayment", own["id"])
    before = ap_invoice_of(world, invoice_id)
    cycle = world.payments()
    assert cycle["deleted_payments"]["read"] == 1 and cycle["deleted_payments"]["ours"] == 0
    assert ap_invoice_of(world, invoice_id) == before, "the payments cycle leaves AP alone"
    assert [r for r in ledger_rows(world) if r["action"] == "reopen_invoice_balance"] == []

    world.hourly()
    assert money(ap_invoice_of(world, invoice_id)["amount_due"]) == Decimal("500.00"), "S3: NetSuite's amount unpaid"
    assert_audit_clean(world)


# --- C3 ----------------------------------------------------------------------------------------


def test_C3_payments_and_payouts_before_setup_are_held_then_post_on_the_first_cycle_after(partner_world):
    world, (first_id, second_id) = world_with_invoices(partner_world, [140.0, 35.0])
    ap = world.ap_controls
    p1 = ap.pay_invoice(ap_invoice_of(world, first_id)["id"])
    p2 = ap.pay_invoice(ap_invoice_of(world, second_id)["id"], amount=Decimal("10.00"))
    p3 = ap.pay_invoice(ap_created_invoice(world, Decimal("22.00"), "AP-3001")["id"])
    payout = ap.create_payout(payment_ids=[p1["id"], p2["id"], p3["id"]], fee_percent=Decimal("1.0"))

    for _ in range(2):
        cycle = world.payments()
        assert (cycle["payments"]["held"], cycle["payments"]["posted"]) == (3, 0)
        assert (cycle["payouts"]["held"], cycle["payouts"]["posted"]) == (1, 0)
        later(world)
    for payment in (p1, p2):
        assert latest_outcome(world, "stg_ap_payment", payment["id"]) == ("held", "C3")
    assert latest_outcome(world, "stg_ap_payment", p3["id"]) == ("held", "S7"), "S7: it waits for its payout"
    assert latest_outcome(world, "stg_ap_payout", payout["id"]) == ("held", "C3")
    assert sync_reports(world, "payment")[-1]["held"] == 3
    assert sync_reports(world, "payout")[-1]["held"] == 1
    held = {(h["kind"], h["outcome_rule"]): h["n"] for h in world.audit()["summary"]["held"]}
    assert held == {("payment", "C3"): 2, ("payment", "S7"): 1, ("payout", "C3"): 1}
    assert by_external_id(world, "payments") == {} and by_external_id(world, "deposits") == {}

    world.set_up_accounts()
    cycle = world.payments()
    assert cycle["payments"]["posted"] == 2 and cycle["payouts"]["posted"] == 1
    for payment in (p1, p2):
        one(world, "payments", f"apay-{payment['id']}")
    deposit = one(world, "deposits", f"apo-{payout['id']}")
    assert money(deposit["foreigntotal"]) == money(payout["total"])
    assert Decimal("22.00") in [money(o["amount"]) for o in deposit["other"]]
    world.payments()
    assert latest_outcome(world, "stg_ap_payment", p3["id"]) == ("skipped", "S7")
    assert sync_reports(world, "payment")[-1]["held"] == 0
    assert_audit_clean(world)


def _choices(world) -> dict[str, str]:
    ctx = world.ctx("netsuite_account_setup")
    by_type: dict[str, str] = {}
    for account in accounts.available_accounts(ctx):
        by_type.setdefault(account.type, account.id)
    return by_type


def test_C3_account_choices_that_do_not_exist_or_have_the_wrong_type_are_rejected(partner_world):
    world, _ = world_with_invoices(partner_world, [10.0])
    by_type = _choices(world)
    choose = accounts.choose
    ctx = world.ctx("netsuite_account_setup")

    with pytest.raises(accounts.AccountChoiceError, match=r"Undeposited Funds.*'99999'"):
        choose(ctx, "99999", by_type["Bank"])
    with pytest.raises(accounts.AccountChoiceError) as wrong:
        choose(ctx, by_type["UndepFunds"], by_type["Income"], fee=by_type["Bank"])
    message = str(wrong.value)
    assert f"account {by_type['Income']}" in message and "expected Bank" in message
    assert f"account {by_type['Bank']}" in message and "Expense" in message
    assert world.partner().bank_account_id is None, "nothing stored from a rejected choice"

    chosen = choose(ctx, by_type["UndepFunds"], by_type["Bank"], by_type["Expense"], by_type["Income"])
    assert set(chosen) == {"undeposited_funds", "bank", "fee", "other_deposits"}
    assert world.partner().bank_account_id == by_type["Bank"]


def test_C3_accounts_are_refused_before_the_12_month_phase_and_accepted_during_history(partner_world):
    world, (recent_id,) = world_with_invoices(partner_world, [95.0], synced=False)
    ctx = world.ctx("netsuite_initial_sync")
    init.check_link(ctx)
    by_type = _choices(world)
    with pytest.raises(accounts.AccountChoiceError, match="12 months"):
        accounts.choose(world.ctx("netsuite_account_setup"), by_type["UndepFunds"], by_type["Bank"])

    init.begin(ctx)
    init.sync_customers_first(ctx)
    for chunk in init.start_phase(ctx, "last_12_months"):
        init.run_chunk(ctx, **chunk)
    with pytest.raises(accounts.AccountChoiceError, match="last_12_months"):
        accounts.choose(world.ctx("netsuite_account_setup"), by_type["UndepFunds"], by_type["Bank"])
    init.finish_phase(ctx, "last_12_months")
    assert world.partner().initial_phase == "history"

    world.set_up_accounts()
    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, recent_id)["id"])
    assert world.payments()["payments"]["posted"] == 1, "recent invoices need not wait for old history"
    one(world, "payments", f"apay-{payment['id']}")
