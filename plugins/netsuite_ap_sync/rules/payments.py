"""Payments, AP -> NetSuite: F3/S1 customer payments, S7 stand-alone payments, S2 failures, F7 deletions.

A succeeded AP payment on an invoice that came from NetSuite becomes one
NetSuite customer payment (``apay-<id>``) applied to that invoice; one on an
AP-created invoice is a stand-alone payment, deposited as an ``other`` line of
its payout's deposit (``apo-<payout>``, F4). Nothing is ever posted twice,
reverted, or re-posted after the partner deleted it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from netsuite_ap_sync.rules.decisions import NETSUITE, Decision, Hold, ManualAction, Mutation, Quarantine, Skip
from netsuite_ap_sync.rules.invoices import ap_amount_due, reopen_invoice_balance
from netsuite_ap_sync.rules.keys import idempotency_key, payment_external_id
from netsuite_ap_sync.rules.money import ZERO, fmt, inexact_amounts, is_exact_json_number, json_number
from netsuite_ap_sync.rules.records import (
    AP_ARCHIVED,
    AP_PAID,
    PAYMENT_REVERSED,
    PAYMENT_SUCCEEDED,
    ApInvoice,
    ApPayment,
    NsDeletion,
    NsInvoice,
    PartnerAccounts,
    PaymentRoute,
)

OBJECT = "payment"
F3_ACCOUNTS = ("undeposited_funds_id", "bank_account_id")


def route_for(payment: ApPayment, ap_invoice: ApInvoice | None) -> PaymentRoute | None:
    """F3 when the payment's invoice came from NetSuite, S7 otherwise; None while its invoice is unknown."""
    if payment.invoice_id is None:
        return PaymentRoute.STANDALONE_DEPOSIT
    if ap_invoice is None:
        return None
    return PaymentRoute.CUSTOMER_PAYMENT if ap_invoice.external_id else PaymentRoute.STANDALONE_DEPOSIT


def posted_amount(payment: ApPayment, route: PaymentRoute | None) -> Decimal:
    """What NetSuite received: the invoice share for a customer payment, all of it for a deposit."""
    return payment.total if route is PaymentRoute.STANDALONE_DEPOSIT else payment.sub_total


def plan_payment(
    payment: ApPayment,
    *,
    ap_invoice: ApInvoice | None,
    ns_invoice: NsInvoice | None,
    accounts: PartnerAccounts,
    posted_ns_payment_id: str | None = None,
    deleted_by_partner: bool = False,
    revert_reported: bool = False,
    ns_invoice_deleted: bool = False,
    unposted_ap_payments: Decimal = ZERO,
    posting_before: Decimal = ZERO,
) -> list[Decision]:
    """Decisions for one AP payment.

    ``ap_invoice``: the AP invoice of ``payment.invoice_id`` (None = unknown yet or no invoice).
    ``ns_invoice``: the NetSuite invoice named by ``ap_invoice.external_id`` (F3 route).
    Ledger facts: ``posted_ns_payment_id`` is the NetSuite record this payment was posted as
    (customer payment; on the S7 route the deposit holding it as a line); ``deleted_by_partner``
    says the partner deleted it in NetSuite; ``revert_reported`` says the S2 report
    was made; ``ns_invoice_deleted`` says the NetSuite invoice was deleted;
    ``unposted_ap_payments`` is what other succeeded AP payments on the invoice
    add that NetSuite does not show yet (F7 reopens the balance less that).
    ``posting_before``: what AP payments planned before this one in the same run post to
    the same NetSuite invoice; NetSuite's unpaid amount is what is left after them (F3).
    """
    route = route_for(payment, ap_invoice)
    if posted_ns_payment_id is not None and deleted_by_partner:
        return f7_partner_deleted(
            payment, route, ap_invoice, ns_invoice, posted_ns_payment_id, unposted_ap_payments=unposted_ap_payments
        )
    if payment.status in PAYMENT_REVERSED:
        return [s2_reversed(payment, route, ap_invoice, posted_ns_payment_id, revert_reported=revert_reported)]
    if payment.status != PAYMENT_SUCCEEDED:
        return [Hold("F3", OBJECT, payment.id, f"status {payment.status!r}; posts once it has succeeded")]
    if posted_ns_payment_id is not None:
        if route is PaymentRoute.STANDALONE_DEPOSIT:
            return [Skip("S7", OBJECT, payment.id, f"deposited in NetSuite deposit {posted_ns_payment_id}")]
        return [Skip("F3", OBJECT, payment.id, f"already posted to NetSuite as record {posted_ns_payment_id}")]
    if route is None:
        return [Hold("F3", OBJECT, payment.id, f"waiting for AP invoice {payment.invoice_id} in the warehouse")]
    if route is PaymentRoute.CUSTOMER_PAYMENT and ap_invoice is not None:
        return [
            f3_customer_payment(
                payment,
                ap_invoice,
                ns_invoice,
                accounts,
                ns_invoice_deleted=ns_invoice_deleted,
                posting_before=posting_before,
            )
        ]
    return [s7_wait_for_payout(payment, ap_invoice)]


# --- F3/S1: customer payment applied to the NetSuite invoice --------------------------------


def f3_customer_payment(
    payment: ApPayment,
    ap_invoice: ApInvoice,
    ns_invoice: NsInvoice | None,
    accounts: PartnerAccounts,
    *,
    ns_invoice_deleted: bool = False,
    posting_before: Decimal = ZERO,
) -> Decision:
    """F3/S1: a succeeded AP payment becomes a NetSuite customer payment applying ``sub_total``.

    That makes the invoice Paid In Full (or partly paid) in NetSuite. Held (C3)
    until Undeposited Funds and the bank account are chosen. ``posting_before`` is what
    earlier AP payments of the same run post to the invoice: this one must fit in what
    they leave unpaid, so that of several payments that together exceed NetSuite's balance
    the earliest post and the later ones are quarantined, whatever order the posts finish in.
    """
    if ns_invoice_deleted:
        return Quarantine(
            "F3:invoice_exists",
            OBJECT,
            payment.id,
            f"NetSuite invoice {ap_invoice.external_id} ({ap_invoice.invoice_number}) was deleted; "
            f"record AP payment {payment.id} of {fmt(payment.sub_total, ap_invoice.currency)} by hand",
        )
    if ns_invoice is None:
        return Hold(
            "F3",
            OBJECT,
            payment.id,
            f"waiting for NetSuite invoice {ap_invoice.external_id} in the warehouse",
        )
    problem = f3_problem(payment, ns_invoice, posting_before)
    if problem is not None:
        return Quarantine(problem[0], OBJECT, payment.id, problem[1])
    missing = accounts.missing(*F3_ACCOUNTS)
    if missing:
        return c3_hold(payment.id, missing)
    return Mutation(
        rules=("F3", "S1"),
        target=NETSUITE,
        action="create_customer_payment",
        object_type=OBJECT,
        source_id=payment.id,
        key=idempotency_key(NETSUITE, "create_customer_payment", OBJECT, payment.id),
        payload=customer_payment_body(payment, ns_invoice),
    )


def f3_problem(payment: ApPayment, ns: NsInvoice, posting_before: Decimal = ZERO) -> tuple[str, str] | None:
    """Preconditions of F3: (check, reason) of the first one broken."""
    amount = fmt(payment.sub_total, ns.currency)
    invoice = f"NetSuite invoice {ns.tran_id} (internal id {ns.id})"
    if ns.voided:
        return (
            "F3:invoice_not_voided",
            f"AP payment {payment.id} of {amount} is for {invoice}, which is voided; "
            "refund it in AP or record it by hand",
        )
    if payment.sub_total <= ZERO:
        return "F3:positive_amount", f"AP payment {payment.id} applies {amount}; only positive amounts post"
    if payment.sub_total > ns.amount_unpaid - posting_before:
        earlier = (
            f", {fmt(posting_before, ns.currency)} of it taken by earlier AP payments posted in this run"
            if posting_before > ZERO
            else ""
        )
        return (
            "F3:amount_within_unpaid",
            f"AP payment {payment.id} applies {amount} but {invoice} has only "
            f"{fmt(ns.amount_unpaid, ns.currency)} unpaid{earlier} (paid or credited in NetSuite as well?); "
            "refund the difference in AP or record the payment by hand",
        )
    if inexact_amounts([payment.sub_total]):
        return "F3:exact_amounts", f"AP payment {payment.id}: {amount} has too many digits to post exactly"
    return None


def customer_payment_body(payment: ApPayment, ns: NsInvoice) -> dict[str, object]:
    """The contract's customerpayment body: into Undeposited Funds, applied to the one invoice."""
    amount = json_number(payment.sub_total)
    body: dict[str, object] = {
        "customer": {"id": ns.customer_id},
        "payment": amount,
        "undepFunds": True,
        "memo": _memo(payment),
        "externalId": payment_external_id(payment.id),
        "apply": {"items": [{"doc": {"id": ns.id}, "apply": True, "amount": amount}]},
    }
    tran_date = _tran_date(payment.created_at)
    if tran_date:
        body["tranDate"] = tran_date
    if ns.currency_id:
        body["currency"] = {"id": ns.currency_id}
    return body


# --- S7: a payment on an AP-created invoice waits for its payout -------------------------------


def s7_wait_for_payout(payment: ApPayment, ap_invoice: ApInvoice | None) -> Decision:
    """S7: NetSuite has no invoice to apply it to, so nothing is posted for the payment itself.

    It reaches NetSuite as an ``other`` line of the deposit of the AP payout that
    carries it (F4), so that deposit's total is the payout's (I2). Until then it
    is held, like a payment waiting in Undeposited Funds; once the payout's
    deposit is posted the ledger shows it there and it is skipped.
    """
    currency = ap_invoice.currency if ap_invoice else None
    if payment.total <= ZERO:
        return Quarantine(
            "S7:positive_amount",
            OBJECT,
            payment.id,
            f"AP payment {payment.id} totals {fmt(payment.total, currency)}; only positive amounts post",
        )
    if inexact_amounts([payment.total]):
        return Quarantine(
            "S7:exact_amounts",
            OBJECT,
            payment.id,
            f"AP payment {payment.id}: {fmt(payment.total)} has too many digits to post exactly",
        )
    return Hold(
        "S7",
        OBJECT,
        payment.id,
        "no NetSuite invoice to apply it to; it is deposited as an other-deposits line of the deposit "
        "of the AP payout that carries it (F4), and waits for that payout",
    )


# --- S2: failures are reverted by hand ----------------------------------------------------------


def s2_reversed(
    payment: ApPayment,
    route: PaymentRoute | None,
    ap_invoice: ApInvoice | None,
    posted_ns_payment_id: str | None,
    *,
    revert_reported: bool,
) -> Decision:
    """S2: a payment failed, refunded or charged back is never synced back to NetSuite.

    When it had been posted, the run report lists it once as "revert by hand"
    with the invoice and amount.
    """
    if posted_ns_payment_id is None:
        return Skip("S2", OBJECT, payment.id, f"{payment.status} before it was posted; nothing to revert")
    if revert_reported:
        return Skip("S2", OBJECT, payment.id, f"{payment.status}; revert-by-hand already reported")
    amount = posted_amount(payment, route)
    number = ap_invoice.invoice_number if ap_invoice else None
    currency = ap_invoice.currency if ap_invoice else None
    record = "a line of deposit" if route is PaymentRoute.STANDALONE_DEPOSIT else "customer payment"
    on_invoice = f" on invoice {number}" if number else ""
    return ManualAction(
        rule="S2",
        object_type=OBJECT,
        source_id=payment.id,
        message=(
            f"Revert by hand in NetSuite: AP payment {payment.id} of {fmt(amount, currency)}{on_invoice} "
            f"was {payment.status} after it was posted as {record} {posted_ns_payment_id}; delete or reverse it "
            "there so the invoice shows unpaid again"
        ),
        invoice_number=number,
        amount=amount,
        key=idempotency_key("manual", "S2", OBJECT, payment.id),
    )


# --- F7: a posted payment the partner deleted -----------------------------------------------------


def f7_partner_deleted(
    payment: ApPayment,
    route: PaymentRoute | None,
    ap_invoice: ApInvoice | None,
    ns_invoice: NsInvoice | None,
    posted_ns_payment_id: str,
    *,
    unposted_ap_payments: Decimal = ZERO,
) -> list[Decision]:
    """F7: never post again what the partner deleted; reopen the AP balance from NetSuite.

    This is the one exception to S4: the AP invoice may be frozen (paid in AP),
    yet its ``amount_due`` is set back to the NetSuite invoice's amount unpaid,
    less AP payments NetSuite does not show yet (as S3 counts them).
    """
    skip = Skip(
        "F7",
        OBJECT,
        payment.id,
        f"NetSuite record {posted_ns_payment_id} posted for it was deleted by the partner; never posted again",
    )
    if route is not PaymentRoute.CUSTOMER_PAYMENT or ap_invoice is None or ns_invoice is None:
        return [skip]
    unpaid = ap_amount_due(ns_invoice, unposted_ap_payments)
    if ap_invoice.status == AP_ARCHIVED or unpaid <= ZERO:
        return [skip]
    if ap_invoice.status != AP_PAID and ap_invoice.amount_due == unpaid:
        return [skip]
    if not is_exact_json_number(unpaid):
        return [
            skip,
            Quarantine(
                "F7:exact_amounts",
                OBJECT,
                payment.id,
                f"NetSuite invoice {ns_invoice.tran_id}: {fmt(unpaid)} unpaid has too many digits to send",
            ),
        ]
    return [skip, reopen_invoice_balance(("F7",), OBJECT, payment.id, ns_invoice, ap_invoice, unpaid)]


def plan_payment_deletion(deletion: NsDeletion, *, ap_payment_id: str | None) -> list[Decision]:
    """F7: a NetSuite customer payment deletion.

    ``ap_payment_id`` is the AP payment the ledger posted it for (None = not posted
    by this integration). Ours are handled with their AP payment (``deleted_by_partner``);
    for others the invoice's new open balance flows through S3.
    """
    if ap_payment_id is not None:
        reason = f"posted for AP payment {ap_payment_id}; never posted again, its AP balance is reopened"
    else:
        reason = "not posted by this integration; the invoice's new open balance flows to AP (S3)"
    return [Skip("F7", OBJECT, deletion.record_id, reason)]


# --- C3 and helpers --------------------------------------------------------------------------------


def c3_hold(source_id: str, missing: tuple[str, ...], object_type: str = OBJECT) -> Hold:
    """C3: held, never dropped, until the partner chooses these accounts."""
    return Hold(
        "C3",
        object_type,
        source_id,
        f"waiting for the partner to choose NetSuite accounts: {', '.join(missing)}",
    )


def _memo(payment: ApPayment) -> str:
    method = f" ({payment.payment_method})" if payment.payment_method else ""
    return f"Alternative Payments payment {payment.id}{method}"


def _tran_date(moment: date | None) -> str | None:
    if moment is None:
        return None
    day = moment.date() if isinstance(moment, datetime) else moment
    return day.isoformat()
