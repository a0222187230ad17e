"""Properties over generated records: no planner drops a record, keys behave, rules converge."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netsuite_ap_sync.rules.customers import plan_ap_customer, plan_customer
from netsuite_ap_sync.rules.decisions import AP, NETSUITE, Mutation, Quarantine, planned_outcome
from netsuite_ap_sync.rules.deletions import plan_deletion
from netsuite_ap_sync.rules.deposits import plan_payout
from netsuite_ap_sync.rules.invariants import InvoiceSnapshot, WatermarkSnapshot, check_i3, check_i5
from netsuite_ap_sync.rules.invoices import plan_invoice
from netsuite_ap_sync.rules.keys import KEY_PATTERN, idempotency_key, sanitize_external_id
from netsuite_ap_sync.rules.payments import plan_payment
from netsuite_ap_sync.rules.pdfs import plan_invoice_pdf
from netsuite_ap_sync.rules.records import NsDeletion, PaymentRoute
from netsuite_ap_sync.rules.watermarks import RecordOutcome, advance_watermark
from tests.sync_rules.factories import READY
from tests.sync_rules.simulate import apply_to_invoice
from tests.sync_rules.strategies import (
    accounts,
    ap_customers,
    ap_payments,
    ids,
    ns_clocks,
    ns_customers,
    payouts_with_payments,
    syncable_ns_invoices,
    unfrozen_ap_invoices_for,
    wild_ap_invoices,
    wild_ns_invoices,
)

PROPERTY = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
ZERO = Decimal(0)


def assert_well_formed(decisions):
    """I4: at least one decision; mutations carry sane keys and JSON-ready payloads."""
    assert decisions, "a planner returned no decision"
    planned_outcome(decisions)
    for decision in decisions:
        if isinstance(decision, Mutation):
            assert KEY_PATTERN.fullmatch(decision.key)
            json.dumps(decision.payload, allow_nan=False)


# --- I4: never an empty plan ---------------------------------------------------------------------


@PROPERTY
@given(wild_ns_invoices(), st.none() | wild_ap_invoices(), st.none() | ids, st.none() | st.just(ZERO))
def test_I4_invoice_planner_always_decides(ns, ap, ap_customer_id, unposted):
    assert_well_formed(plan_invoice(ns, ap, ap_customer_id=ap_customer_id, unposted_ap_payments=unposted or ZERO))
    assert_well_formed(plan_invoice_pdf(ns, ap))


@PROPERTY
@given(ns_customers, st.none() | ap_customers, st.booleans())
def test_I4_customer_planner_always_decides(ns, ap, reported):
    assert_well_formed(plan_customer(ns, ap, archive_reported=reported))
    if ap is not None:
        assert_well_formed(plan_ap_customer(ap))


@PROPERTY
@given(
    ap_payments(),
    st.none() | wild_ap_invoices(),
    st.none() | wild_ns_invoices(),
    accounts,
    st.none() | ids,
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_I4_payment_planner_always_decides(payment, ap_invoice, ns_invoice, partner, posted, deleted, reported, gone):
    decisions = plan_payment(
        payment,
        ap_invoice=ap_invoice,
        ns_invoice=ns_invoice,
        accounts=partner,
        posted_ns_payment_id=posted,
        deleted_by_partner=deleted,
        revert_reported=reported,
        ns_invoice_deleted=gone,
    )
    assert_well_formed(decisions)
    netsuite = [d for d in decisions if isinstance(d, Mutation) and d.target == NETSUITE]
    if netsuite:
        # Only a succeeded, never-posted payment reaches NetSuite (S2, F7, idempotence).
        assert payment.status == "succeeded" and posted is None


@PROPERTY
@given(st.sampled_from(["invoice", "customer", "customerpayment", "deposit", "journal"]), ids, ns_clocks)
def test_I4_deletion_planner_always_decides(record_type, record_id, deleted_at):
    assert_well_formed(plan_deletion(NsDeletion(record_id, record_type, deleted_at)))


# --- S2 / S4 never violated -------------------------------------------------------------------------


@PROPERTY
@given(ap_payments(status=st.sampled_from(["failed", "refunded", "chargeback"])), st.none() | ids, st.booleans())
def test_S2_reversed_payments_never_mutate_netsuite(payment, posted, deleted):
    decisions = plan_payment(
        payment,
        ap_invoice=None,
        ns_invoice=None,
        accounts=READY,
        posted_ns_payment_id=posted,
        deleted_by_partner=deleted,
    )
    assert not [d for d in decisions if isinstance(d, Mutation) and d.target == NETSUITE]


@PROPERTY
@given(wild_ns_invoices(), wild_ap_invoices())
def test_S4_frozen_invoice_never_gets_an_ap_mutation(ns, ap):
    frozen = replace(ap, status="paid", paid_via="ap")
    decisions = plan_invoice(ns, frozen, ap_customer_id="cus_4")
    assert not [d for d in decisions if isinstance(d, Mutation)]
    assert not [d for d in plan_invoice_pdf(ns, frozen) if isinstance(d, Mutation)]


# --- I3: applying the plan makes AP match NetSuite, and converges -----------------------------------------


@PROPERTY
@given(st.data())
def test_I3_applying_the_invoice_plan_makes_ap_match_netsuite(data):
    ns = data.draw(syncable_ns_invoices(unpaid=True))
    ap = data.draw(st.none() | unfrozen_ap_invoices_for(ns))
    after = apply_to_invoice(ap, plan_invoice(ns, ap, ap_customer_id="cus_4"))
    assert check_i3(InvoiceSnapshot((ns,), (after,))) == []
    # Converged: planning again changes nothing.
    assert not [d for d in plan_invoice(ns, after, ap_customer_id="cus_4") if isinstance(d, Mutation)]


@PROPERTY
@given(st.data())
def test_S1_applying_the_plan_of_a_paid_invoice_leaves_ap_paid(data):
    ns = data.draw(syncable_ns_invoices(unpaid=False))
    ap = data.draw(st.none() | unfrozen_ap_invoices_for(ns))
    after = apply_to_invoice(ap, plan_invoice(ns, ap, ap_customer_id="cus_4"))
    assert after.status == "paid"
    assert not [d for d in plan_invoice(ns, after, ap_customer_id="cus_4") if isinstance(d, Mutation)]


# --- F4 arithmetic -----------------------------------------------------------------------------------------


@PROPERTY
@given(payouts_with_payments())
def test_F4_I2_deposit_with_its_stand_alone_payments_equals_payout_total(case):
    payout, members, error = case
    decisions = plan_payout(payout, members, READY)
    assert_well_formed(decisions)
    [decision] = decisions
    if error != ZERO:
        assert isinstance(decision, Quarantine) and decision.check == "F4:payout_balances"
        return
    if not isinstance(decision, Mutation):
        return
    body = decision.payload
    f3 = [pp for pp in members if pp.route is PaymentRoute.CUSTOMER_PAYMENT]
    assert all(pp.ns_payment_id for pp in f3), "a payout is never deposited in part"
    assert [item["id"] for item in body.get("payment", {}).get("items", [])] == [pp.ns_payment_id for pp in f3]
    other = sum((Decimal(repr(i["amount"])) for i in body.get("other", {}).get("items", [])), ZERO)
    cash_back = sum((Decimal(repr(i["amount"])) for i in body.get("cashBack", {}).get("items", [])), ZERO)
    deposit = sum((pp.payment.sub_total for pp in f3), ZERO) + other - cash_back
    s7 = [pp for pp in members if pp.route is PaymentRoute.STANDALONE_DEPOSIT]
    s7_lines = [i for i in body.get("other", {}).get("items", []) if "Surcharge" not in i["memo"]]
    assert [Decimal(repr(i["amount"])) for i in s7_lines] == [pp.payment.total for pp in s7], "S7: whole totals"
    assert deposit > ZERO
    assert deposit == payout.total


# --- keys -------------------------------------------------------------------------------------------------------


@PROPERTY
@given(ids)
def test_keys_external_ids_are_sanitised_and_keep_their_length(raw):
    clean = sanitize_external_id(raw)
    assert KEY_PATTERN.fullmatch(clean)
    assert len(clean) == len(raw)


@PROPERTY
@given(st.tuples(ids, ids, st.lists(ns_clocks, max_size=2)), st.tuples(ids, ids, st.lists(ns_clocks, max_size=2)))
def test_keys_are_deterministic_sanitised_and_distinct(first, second):
    def key(parts):
        return idempotency_key(AP, parts[0], "invoice", parts[1], *parts[2])

    assert key(first) == key(first)
    assert KEY_PATTERN.fullmatch(key(first))
    if first != second:
        assert key(first) != key(second)


# --- I5 -----------------------------------------------------------------------------------------------------------

records = st.lists(
    st.builds(
        RecordOutcome,
        record_id=ids,
        last_modified=ns_clocks,
        outcome=st.sampled_from(["applied", "skipped", "held", "quarantined"]),
    ),
    max_size=12,
)


@PROPERTY
@given(st.none() | ns_clocks, records)
def test_I5_watermark_never_passes_a_held_record(old, run):
    new = advance_watermark(old, run)
    assert check_i5(WatermarkSnapshot(new, tuple(run))) == []
    held = [r.last_modified for r in run if r.outcome == "held"]
    if held:
        assert new is None or new < min(held)
    else:
        finished = [r.last_modified for r in run] + ([old] if old else [])
        assert new == (max(finished) if finished else None)
