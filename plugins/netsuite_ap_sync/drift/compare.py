"""Drift between NetSuite and AP, as pure functions over what both systems hold.

Each difference is a ``Finding`` naming the record, what differs and what to do.
Two kinds are safe to repair through the normal ledger: an AP invoice whose open
balance or due date differs from NetSuite's (the invoice update path, S3/S5) and
an AP invoice without its PDF (the PDF upload path, F8). Everything else is
listed for a person, who knows why a posted record was deleted or voided.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from netsuite_ap_sync.rules import invariants as inv
from netsuite_ap_sync.rules.decisions import AP, Decision, Mutation
from netsuite_ap_sync.rules.invoices import ap_amount_due, ap_due_date, is_frozen, is_voided
from netsuite_ap_sync.rules.keys import idempotency_key, payment_external_id, payout_external_id
from netsuite_ap_sync.rules.money import ZERO, fmt, json_number
from netsuite_ap_sync.rules.pdfs import plan_invoice_pdf
from netsuite_ap_sync.rules.records import (
    AP_ARCHIVED,
    NS_NOT_APPROVED,
    ApInvoice,
    ApPayment,
    ApPayout,
    NsCustomerPayment,
    NsDeposit,
    NsInvoice,
)

# How a finding is repaired; None: a person decides.
REPAIR_INVOICE = "invoice_update"
REPAIR_PDF = "pdf_upload"
# The checks a finding comes from.
DELETED_IN_NETSUITE = "deleted_in_netsuite"
VOIDED_IN_NETSUITE = "voided_in_netsuite"
EDITED_IN_NETSUITE = "edited_in_netsuite"
MISSING_PDF = "missing_pdf"
# What the integration posts in NetSuite, by ledger object type.
POSTED_KINDS = {"payment": "customer payment", "payout": "deposit"}

_R = TypeVar("_R", NsCustomerPayment, NsDeposit)


@dataclass(frozen=True)
class Finding:
    check: str  # I1, I2, I3, missing_pdf, deleted_in_netsuite, voided_in_netsuite
    object_type: str  # payment, payout, invoice
    record_id: str  # the AP payment or payout id, or the NetSuite invoice id
    difference: str
    to_do: str
    repair: str | None = None
    # The repair's mutation, planned like the sync's own (sent through the ledger).
    mutation: Mutation | None = dataclasses.field(default=None, compare=False)


@dataclass(frozen=True)
class PostedRecord:
    """A NetSuite record this integration posted, as its ledger holds it."""

    object_type: str  # payment or payout
    source_id: str  # the AP payment or payout
    remote_id: str  # the NetSuite customer payment or deposit


def payment_findings(
    payments: Iterable[ApPayment],
    on_ns_invoices: frozenset[str],
    ns_payments: Iterable[NsCustomerPayment],
    exempt: frozenset[str] = frozenset(),
) -> list[Finding]:
    """I1 per AP payment: its one NetSuite customer payment (``apay-``), with the applied amount."""
    by_external_id = _by_external_id(ns_payments)
    findings = []
    for payment in payments:
        found = tuple(by_external_id.get(payment_external_id(payment.id), ()))
        snapshot = inv.PaymentSnapshot((payment,), on_ns_invoices, found, exempt)
        findings += [
            Finding("I1", "payment", payment.id, violation, _payment_to_do(payment, found))
            for violation in inv.check_i1(snapshot)
        ]
    return findings


def _by_external_id(records: Iterable[_R]) -> dict[str, list[_R]]:
    """NetSuite records grouped by external id (more than one under an id is itself a finding)."""
    grouped: dict[str, list[_R]] = defaultdict(list)
    for record in records:
        grouped[record.external_id or ""].append(record)
    return grouped


def _payment_to_do(payment: ApPayment, found: Sequence[NsCustomerPayment]) -> str:
    if not found:
        return f"post AP payment {payment.id} in NetSuite (run the payments sync) or confirm why it is missing"
    if len(found) > 1:
        return f"delete the extra NetSuite customer payments of AP payment {payment.id}, keeping one"
    if payment.status != "succeeded":
        return f"revert NetSuite customer payment {found[0].id} by hand (S2)"
    return f"correct NetSuite customer payment {found[0].id} to AP's applied amount {fmt(payment.sub_total)}"


def payout_findings(
    payouts: Iterable[ApPayout], ns_deposits: Iterable[NsDeposit], exempt: frozenset[str] = frozenset()
) -> list[Finding]:
    """I2 per payout: its one NetSuite deposit (``apo-``) with the payout's total."""
    by_external_id = _by_external_id(ns_deposits)
    findings = []
    for payout in payouts:
        found = tuple(by_external_id.get(payout_external_id(payout.id), ()))
        for violation in inv.check_i2(inv.PayoutSnapshot((payout,), found, exempt)):
            if not found:
                to_do = f"deposit payout {payout.id} (run the payments sync) or confirm why it has no deposit"
            elif len(found) > 1:
                to_do = f"delete the extra NetSuite deposits of payout {payout.id}, keeping one"
            else:
                to_do = f"correct NetSuite deposit {found[0].id} to the payout's total {fmt(payout.total)}"
            findings.append(Finding("I2", "payout", payout.id, violation, to_do))
    return findings


def invoice_findings(
    ns_invoices: Iterable[NsInvoice],
    ap_invoices: Iterable[ApInvoice],
    unposted: Mapping[str, Decimal],
    with_pdf: frozenset[str],
) -> list[Finding]:
    """I3 per unpaid NetSuite invoice, and its PDF (F8); ``with_pdf``: AP ids of invoices holding one."""
    by_source: dict[str, list[ApInvoice]] = defaultdict(list)
    for ap in ap_invoices:
        if ap.external_id and ap.status != AP_ARCHIVED:
            by_source[ap.external_id].append(ap)
    findings = []
    for ns in ns_invoices:
        if is_voided(ns) or ns.status in NS_NOT_APPROVED or ns.amount_unpaid <= ZERO:
            continue
        found = by_source.get(ns.id, [])
        if any(is_frozen(ap) for ap in found):
            continue  # paid in AP (S4): I1 checks its payment
        if len(found) != 1:
            snapshot = inv.InvoiceSnapshot((ns,), tuple(found), unposted)
            to_do = (
                f"run the hourly sync, or see the quarantine for NetSuite invoice {ns.tran_id}"
                if not found
                else f"archive the extra AP invoices of NetSuite invoice {ns.tran_id}, keeping one"
            )
            findings += [Finding("I3", "invoice", ns.id, v, to_do) for v in inv.check_i3(snapshot)]
            continue
        ap = found[0]
        findings += _twin_findings(ns, ap, unposted.get(ns.id, ZERO))
        if ap.id not in with_pdf:
            findings += _pdf_finding(ns, ap)
    return findings


def _twin_findings(ns: NsInvoice, ap: ApInvoice, unposted: Decimal) -> list[Finding]:
    """I3 for an invoice and its one AP twin: balance and due date are repaired, number and total listed."""
    violations = inv.check_i3(inv.InvoiceSnapshot((ns,), (ap,), {ns.id: unposted}))
    if not violations:
        return []
    repair = invoice_repair(ns, ap, unposted)
    repaired = {"open balance", "due date"} if repair else set()
    findings = []
    for violation in violations:
        field_name = next((name for name in ("open balance", "due date") if f" {name} is " in violation), None)
        if field_name in repaired:
            to_do = (
                f"none once repaired (AP invoice {ap.id} {field_name} set to NetSuite's through the invoice "
                "update); if the repair was refused, see the quarantine"
            )
            findings.append(Finding("I3", "invoice", ns.id, violation, to_do, REPAIR_INVOICE, repair))
        else:
            to_do = (
                f"edit NetSuite invoice {ns.tran_id} (or AP invoice {ap.id}) so the two agree; check why they differ"
            )
            findings.append(Finding("I3", "invoice", ns.id, violation, to_do))
    return findings


def invoice_repair(ns: NsInvoice, ap: ApInvoice, unposted: Decimal) -> Mutation | None:
    """The AP invoice update bringing its open balance and due date back to NetSuite's (S3, S5).

    Keyed by the AP values it corrects, so the same drift is repaired once and a later one again."""
    changes: dict[str, object] = {}
    amount_due = ap_amount_due(ns, unposted)
    if ap.amount_due != amount_due:
        changes["amount_due"] = json_number(amount_due)
    if ap.due_date != ap_due_date(ns):
        changes["due_date"] = ap_due_date(ns).isoformat()
    if not changes:
        return None
    observed = (fmt(ap.amount_due), ap.due_date.isoformat() if ap.due_date else "")
    return Mutation(
        rules=("I3", "S3") if "amount_due" in changes else ("I3", "S5"),
        target=AP,
        action="update_invoice",
        object_type="invoice",
        source_id=ns.id,
        key=idempotency_key(AP, "update_invoice", "invoice", ns.id, *ns.version, "drift", *observed),
        payload=changes,
        target_id=ap.id,
    )


def _pdf_finding(ns: NsInvoice, ap: ApInvoice) -> list[Finding]:
    """F8: AP holds no PDF for a synced invoice; uploaded again through the PDF path."""
    decisions: list[Decision] = plan_invoice_pdf(ns, dataclasses.replace(ap, pdf_source_version=None))
    upload = next((d for d in decisions if isinstance(d, Mutation)), None)
    if upload is None:
        return []
    keyed = dataclasses.replace(
        upload, key=idempotency_key(AP, "attach_pdf", "invoice_pdf", ns.id, *ns.version, "drift", ap.id)
    )
    return [
        Finding(
            MISSING_PDF,
            "invoice",
            ns.id,
            f"AP invoice {ap.id} of NetSuite invoice {ns.tran_id} ({ns.id}) has no PDF",
            f"none once repaired (the PDF of NetSuite invoice {ns.tran_id} uploaded to AP again); "
            "if the upload was refused, see the quarantine",
            REPAIR_PDF,
            keyed,
        )
    ]


def posted_record_findings(
    posted: Iterable[PostedRecord],
    deleted: frozenset[str],
    voided: frozenset[str],
    edited_deposits: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Records this integration posted that a person later deleted, voided or edited in NetSuite.

    ``deleted``/``voided``: NetSuite internal ids (deleted record list; ``voided = 'T'``);
    ``edited_deposits``: deposit id -> its ``lastmodifieddate``, for deposits changed after they
    were created (customer payments are left out: NetSuite itself changes them when deposited)."""
    edited = edited_deposits or {}
    findings = []
    for record in posted:
        kind = POSTED_KINDS.get(record.object_type)
        if kind is None:
            continue
        what = f"{kind} {record.remote_id} for {_ap_name(record)}"
        if record.remote_id in deleted:
            findings.append(
                Finding(
                    DELETED_IN_NETSUITE,
                    record.object_type,
                    record.source_id,
                    f"{what} deleted in NetSuite",
                    _deleted_to_do(record),
                )
            )
        elif record.remote_id in voided:
            findings.append(
                Finding(
                    VOIDED_IN_NETSUITE,
                    record.object_type,
                    record.source_id,
                    f"{what} voided in NetSuite",
                    f"re-post {_ap_name(record)} or confirm the void in NetSuite",
                )
            )
        elif record.object_type == "payout" and record.remote_id in edited:
            findings.append(
                Finding(
                    EDITED_IN_NETSUITE,
                    record.object_type,
                    record.source_id,
                    f"{what} edited in NetSuite after it was posted (last modified {edited[record.remote_id]})",
                    f"check the deposit against {_ap_name(record)} in AP (lines, accounts, total); correct or confirm",
                )
            )
    return findings


def _ap_name(record: PostedRecord) -> str:
    return f"payout {record.source_id}" if record.object_type == "payout" else f"AP payment {record.source_id}"


def _deleted_to_do(record: PostedRecord) -> str:
    if record.object_type == "payout":
        return "re-post or confirm: deposit the payout again by hand, or confirm it is not to be deposited"
    return "confirm: a customer payment the partner deleted is not posted again (F7) and AP's balance was reopened"


def drift_findings(
    *,
    payment: list[Finding],
    payout: list[Finding],
    invoice: list[Finding],
    posted: list[Finding],
) -> list[Finding]:
    """All findings of one partner: a deleted or voided record is named once (not also as a missing
    or wrong I1/I2 record), in a stable order. An edited deposit keeps its I2 finding, which says
    what the edit changed in the total."""
    gone = (DELETED_IN_NETSUITE, VOIDED_IN_NETSUITE)
    covered = {(f.object_type, f.record_id) for f in posted if f.check in gone}
    rest = [f for f in payment + payout if (f.object_type, f.record_id) not in covered]
    return sorted(posted + rest + invoice, key=lambda f: (f.object_type, f.record_id, f.check, f.difference))
