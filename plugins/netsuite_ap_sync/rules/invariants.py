"""I1-I5: checks every run must leave true, over snapshots of both systems.

Each ``check_iN`` returns a list of violations (empty = holds); each violation
starts with its invariant id and names the records involved. Tests, the demo
and chaos runs call them after a run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from netsuite_ap_sync.rules.decisions import DONE, Outcome
from netsuite_ap_sync.rules.invoices import ap_amount_due, ap_due_date, is_frozen, is_voided
from netsuite_ap_sync.rules.keys import payment_external_id, payout_external_id
from netsuite_ap_sync.rules.money import ZERO, fmt
from netsuite_ap_sync.rules.records import (
    AP_ARCHIVED,
    NS_NOT_APPROVED,
    PAYMENT_SUCCEEDED,
    PAYOUT_SUCCEEDED,
    ApInvoice,
    ApPayment,
    ApPayout,
    NsCustomerPayment,
    NsDeposit,
    NsInvoice,
)
from netsuite_ap_sync.rules.reversals import credit_memo_external_id, refund_external_id
from netsuite_ap_sync.rules.watermarks import RecordOutcome, first_unfinished

_R = TypeVar("_R", ApInvoice, NsCustomerPayment, NsDeposit)
_P = TypeVar("_P", NsCustomerPayment, NsDeposit)


def _by_external_id(records: tuple[_R, ...]) -> dict[str, list[_R]]:
    grouped: dict[str, list[_R]] = defaultdict(list)
    for record in records:
        if record.external_id:
            grouped[record.external_id].append(record)
    return grouped


def _stands_once_with_total(
    found: list[_P], total: Decimal, *, invariant: str, ap_record: str, where: str, ns_kind: str, ap_total: str
) -> list[str]:
    """I1/I2: a succeeded AP record stands in NetSuite exactly once, with the same total.

    ``found``: the NetSuite records (``ns_kind``) carrying its external id;
    ``ap_record`` names the AP record, ``where`` where it was looked for and
    ``ap_total`` introduces its total.
    """
    if len(found) != 1:
        return [f"{invariant}: succeeded {ap_record} appears {len(found)} times {where}, expected once"]
    if found[0].total != total:
        return [f"{invariant}: {ns_kind} {found[0].id} totals {fmt(found[0].total)}, {ap_total} {fmt(total)}"]
    return []


# --- I1 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentSnapshot:
    """AP payments and NetSuite customer payments of one partner."""

    ap_payments: tuple[ApPayment, ...]
    # AP payments whose invoice came from NetSuite (the F3 route).
    ns_invoice_payment_ids: frozenset[str]
    ns_customer_payments: tuple[NsCustomerPayment, ...]
    # S2 (reversed after posting, awaiting the revert) and F7 (deleted by the partner) cases.
    exempt_payment_ids: frozenset[str] = frozenset()


def check_i1(snapshot: PaymentSnapshot) -> list[str]:
    """I1: each succeeded AP payment on a NetSuite invoice is exactly one customer payment (``apay-``)."""
    violations = []
    posted = _by_external_id(snapshot.ns_customer_payments)
    for payment in snapshot.ap_payments:
        if payment.id in snapshot.exempt_payment_ids or payment.id not in snapshot.ns_invoice_payment_ids:
            continue
        found = posted.get(payment_external_id(payment.id), [])
        if payment.status != PAYMENT_SUCCEEDED:
            if found:
                violations.append(
                    f"I1: AP payment {payment.id} is {payment.status} but NetSuite customer payment "
                    f"{found[0].id} still stands for it (revert by hand, S2)"
                )
            continue
        violations += _stands_once_with_total(
            found,
            payment.sub_total,
            invariant="I1",
            ap_record=f"AP payment {payment.id}",
            where=f"in NetSuite (external id {payment_external_id(payment.id)})",
            ns_kind="NetSuite customer payment",
            ap_total=f"AP payment {payment.id} applied",
        )
    return violations


# --- I2 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PayoutSnapshot:
    """AP payouts and NetSuite deposits of one partner."""

    payouts: tuple[ApPayout, ...]
    ns_deposits: tuple[NsDeposit, ...]
    # Payouts quarantined with a reason.
    exempt_payout_ids: frozenset[str] = frozenset()


def check_i2(snapshot: PayoutSnapshot) -> list[str]:
    """I2: each succeeded payout is exactly one deposit (``apo-``) whose total equals the payout's.

    Payments on AP-created invoices (S7) are lines of that deposit, so nothing is taken off.
    """
    violations = []
    deposits = _by_external_id(snapshot.ns_deposits)
    for payout in snapshot.payouts:
        if payout.status != PAYOUT_SUCCEEDED or payout.id in snapshot.exempt_payout_ids:
            continue
        found = deposits.get(payout_external_id(payout.id), [])
        violations += _stands_once_with_total(
            found,
            payout.total,
            invariant="I2",
            ap_record=f"payout {payout.id}",
            where="as a NetSuite deposit",
            ns_kind="NetSuite deposit",
            ap_total=f"payout {payout.id} totals",
        )
    return violations


# --- I3 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvoiceSnapshot:
    """NetSuite and AP invoices of one connected partner."""

    ns_invoices: tuple[NsInvoice, ...]
    ap_invoices: tuple[ApInvoice, ...]
    # NetSuite invoice id -> succeeded AP payments on it not yet posted to NetSuite.
    unposted_ap_payments: Mapping[str, Decimal] = field(default_factory=dict)


def check_i3(snapshot: InvoiceSnapshot) -> list[str]:
    """I3: each unpaid, unarchived NetSuite invoice has one AP invoice with equal number, total, due date
    and open balance. Invoices paid in AP (S4) are left to I1."""
    violations = []
    live = tuple(ap for ap in snapshot.ap_invoices if ap.status != AP_ARCHIVED)
    by_source = _by_external_id(live)
    for ns in snapshot.ns_invoices:
        if is_voided(ns) or ns.status in NS_NOT_APPROVED or ns.amount_unpaid <= ZERO:
            continue
        found = by_source.get(ns.id, [])
        if any(is_frozen(ap) for ap in found):
            continue
        if len(found) != 1:
            violations.append(
                f"I3: unpaid NetSuite invoice {ns.tran_id} ({ns.id}) has {len(found)} AP invoices, expected one"
            )
            continue
        violations += _i3_differences(ns, found[0], snapshot.unposted_ap_payments.get(ns.id, ZERO))
    return violations


def _i3_differences(ns: NsInvoice, ap: ApInvoice, unposted: Decimal) -> list[str]:
    expected = {
        "number": (ns.tran_id, ap.invoice_number),
        "total": (ns.total, ap.total),
        "due date": (ap_due_date(ns), ap.due_date),
        "open balance": (ap_amount_due(ns, unposted), ap.amount_due),
    }
    return [
        f"I3: AP invoice {ap.id} {name} is {actual}, NetSuite invoice {ns.tran_id} ({ns.id}) says {wanted}"
        for name, (wanted, actual) in expected.items()
        if wanted != actual
    ]


# --- I4 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunSnapshot:
    """Records staged by a run and the outcome recorded for each (ids unique across types)."""

    staged_ids: tuple[str, ...]
    outcomes: Mapping[str, Outcome | str]


def check_i4(snapshot: RunSnapshot) -> list[str]:
    """I4: every staged record is applied, skipped by a named rule, held or quarantined."""
    violations = []
    valid = {outcome.value for outcome in Outcome}
    for record_id in snapshot.staged_ids:
        outcome = snapshot.outcomes.get(record_id)
        if outcome is None:
            violations.append(f"I4: staged record {record_id} has no outcome")
        elif str(getattr(outcome, "value", outcome)) not in valid:
            violations.append(f"I4: staged record {record_id} has unknown outcome {outcome!r}")
    return violations


# --- I5 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WatermarkSnapshot:
    """A stream's watermark after a run and the records the run read."""

    watermark: str | None
    records: tuple[RecordOutcome, ...]


def check_i5(snapshot: WatermarkSnapshot) -> list[str]:
    """I5: the watermark is at most the smallest last_modified among unfinished records."""
    if snapshot.watermark is None:
        return []
    blocker = first_unfinished(snapshot.records)
    if blocker is None or snapshot.watermark <= blocker:
        return []
    held = sorted(r.record_id for r in snapshot.records if r.outcome not in DONE and r.last_modified == blocker)
    return [
        f"I5: watermark {snapshot.watermark} is past unfinished record(s) {', '.join(held)} last modified {blocker}"
    ]


# --- I1 for reversals (R1-R3) ------------------------------------------------------------------


@dataclass(frozen=True)
class ReversalSnapshot:
    """Reversed AP payments an automatic partner's books must show reversed, and what NetSuite holds."""

    # Reversed after they were posted as customer payments, neither listed by hand nor waiting.
    reversed_payments: tuple[ApPayment, ...]
    ns_refunds: tuple[NsCustomerPayment, ...]  # customer refunds, external id 'arfd-<payment>'
    ns_credit_memos: tuple[NsCustomerPayment, ...] = ()  # credit memos, external id 'arcm-<payment>'


def check_reversals(snapshot: ReversalSnapshot) -> list[str]:
    """I1 (R1-R3): each reversal appears exactly once: one customer refund of the payment's amount and at
    most one credit memo; NetSuite holds no refund or credit memo of ours for any other payment."""
    violations = []
    refunds, credits = _by_external_id(snapshot.ns_refunds), _by_external_id(snapshot.ns_credit_memos)
    expected = {refund_external_id(p.id) for p in snapshot.reversed_payments}
    expected_credits = {credit_memo_external_id(p.id) for p in snapshot.reversed_payments}
    for payment in snapshot.reversed_payments:
        external_id = refund_external_id(payment.id)
        found = refunds.get(external_id, [])
        if len(found) != 1:
            violations.append(
                f"I1: the reversal of {payment.status} AP payment {payment.id} appears {len(found)} times "
                f"as a NetSuite customer refund ({external_id}), expected once"
            )
        elif found[0].total != payment.sub_total:
            violations.append(
                f"I1: NetSuite customer refund {found[0].id} totals {fmt(found[0].total)}, "
                f"AP payment {payment.id} applied {fmt(payment.sub_total)}"
            )
        found = credits.get(credit_memo_external_id(payment.id), [])
        if len(found) > 1:
            violations.append(f"I1: reversal of AP payment {payment.id} has {len(found)} credit memos, expected one")
    violations += [
        f"I1: NetSuite customer refund {records[0].id} ({external_id}) reverses no reversed AP payment"
        for external_id, records in refunds.items()
        if external_id not in expected
    ]
    violations += [
        f"I1: NetSuite credit memo {records[0].id} ({external_id}) reverses no reversed AP payment"
        for external_id, records in credits.items()
        if external_id not in expected_credits
    ]
    return violations
