"""Reversed AP payments booked in NetSuite (R1-R4), for partners set to automatic reversals.

A partner's ``payment_reversals`` setting decides what happens to an AP payment that was
posted as a NetSuite customer payment and then refunded, charged back or failed:
``manual`` (the default) lists it to revert by hand (S2); ``automatic`` books it (R4):

- R1, refund: the customer payment is taken off its invoice (the invoice owes again) and a
  customer refund pays its amount back; a payment already in a deposit is never changed, so
  a credit memo for the amount and a customer refund of that credit memo are booked instead,
  and the AP invoice, whose balance AP gave back, follows NetSuite's again (S1, S3);
- R2, chargeback: the same; AP's dispute fee is a cash-back line into the dispute-fee account
  on the deposit of the payout that withholds it (``dispute_fee_lines``);
- R3, ACH return: the customer payment is taken off its invoice and refunded, the memo naming
  the return code, so the invoice is open again in both systems; one already deposited
  cannot be taken off its invoice and is listed to revert by hand.

Each NetSuite record has its own external id and ledger key, so a retry or a killed run books
nothing twice; once one step of a reversal is posted its path never changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from netsuite_ap_sync.rules.decisions import AP, NETSUITE, Decision, Hold, ManualAction, Mutation, Skip
from netsuite_ap_sync.rules.keys import idempotency_key, payment_external_id, sanitize_external_id
from netsuite_ap_sync.rules.money import ZERO, fmt, json_number
from netsuite_ap_sync.rules.records import (
    AP_ARCHIVED,
    ApFee,
    ApInvoice,
    ApPayment,
    PartnerAccounts,
    PaymentRoute,
)

OBJECT = "reversal"
MANUAL, AUTOMATIC = "manual", "automatic"
RULE_OF_STATUS = {"refunded": "R1", "chargeback": "R2", "failed": "R3"}
UNAPPLY, CREDIT_MEMO, REFUND = "unapply_customer_payment", "create_credit_memo", "create_customer_refund"
_RETURN_CODE = re.compile(r"\bR\d{2}\b")
_DISPUTE_FEE = re.compile(r"dispute|chargeback", re.IGNORECASE)


@dataclass(frozen=True)
class ReversalSettings:
    """The partner's choice (R4): ``manual`` or ``automatic``, and the dispute fees' expense account."""

    mode: str = MANUAL
    dispute_fee_account_id: str | None = None

    @property
    def automatic(self) -> bool:
        return self.mode == AUTOMATIC


@dataclass(frozen=True)
class PostedPayment:
    """What NetSuite holds for a reversed AP payment posted as a customer payment (F3)."""

    ns_payment_id: str
    ns_invoice_id: str | None
    ns_customer_id: str | None
    invoice_number: str | None = None
    currency: str | None = None
    currency_id: str | None = None
    item_id: str | None = None  # an item of the invoice, for a credit memo's line
    deposit_id: str | None = None  # the NetSuite deposit holding it, if any
    deleted_by_partner: bool = False


def credit_memo_external_id(ap_payment_id: str) -> str:
    return f"arcm-{sanitize_external_id(ap_payment_id)}"


def refund_external_id(ap_payment_id: str) -> str:
    return f"arfd-{sanitize_external_id(ap_payment_id)}"


def return_code(failure_reason: str | None) -> str | None:
    """The ACH return code (R01, R29 ...) AP's failure reason names, if any."""
    found = _RETURN_CODE.search(failure_reason or "")
    return found.group(0) if found else None


def books_automatically(settings: ReversalSettings, route: PaymentRoute | None, posted: bool) -> bool:
    """R4: the reversal step books it, so the payments step lists nothing by hand for it. Only customer
    payments are booked: a stand-alone payment is a line of a deposit, which is never changed (S2)."""
    return settings.automatic and posted and route is PaymentRoute.CUSTOMER_PAYMENT


def instead_of_s2(
    decisions: list[Decision], settings: ReversalSettings, route: PaymentRoute | None, posted: bool
) -> list[Decision]:
    """R4: for an automatic partner, the payments step's S2 "revert by hand" becomes a skip naming the
    reversal step; a manual partner's decisions are returned as they are."""
    if not books_automatically(settings, route, posted):
        return decisions
    return [
        Skip("R4", d.object_type, d.source_id, "booked in NetSuite by the reversal step (automatic reversals)")
        if isinstance(d, ManualAction) and d.rule == "S2"
        else d
        for d in decisions
    ]


def plan_reversal(
    payment: ApPayment,
    posted: PostedPayment | None,
    *,
    route: PaymentRoute | None,
    settings: ReversalSettings,
    accounts: PartnerAccounts,
    failure_reason: str | None = None,
    listed_by_hand: bool = False,
    done: frozenset[str] = frozenset(),
    ap_invoice: ApInvoice | None = None,
    unposted_ap_payments: Decimal = ZERO,
) -> list[Decision]:
    """Decisions for one reversed AP payment.

    ``posted``: the customer payment posted for it (None: never posted); ``listed_by_hand``: S2
    listed it before the partner switched to automatic; ``done``: the reversal actions the
    ledger shows posted already, which fix the path taken. ``ap_invoice``: its AP invoice, and
    ``unposted_ap_payments`` what other AP payments NetSuite does not show yet (S3), for the AP
    balance after a credit memo.
    """
    rule = RULE_OF_STATUS.get(payment.status)
    if rule is None:
        return [Skip("R4", OBJECT, payment.id, f"payment is {payment.status!r}; nothing to reverse")]
    if not settings.automatic:
        return [Skip("S2", OBJECT, payment.id, "payment reversals are manual: listed to revert by hand")]
    if posted is None:
        return [Skip(rule, OBJECT, payment.id, f"{payment.status} before it was posted; nothing to reverse")]
    if posted.deleted_by_partner:
        return [Skip("F7", OBJECT, payment.id, "the partner deleted its customer payment; nothing to reverse")]
    if route is not PaymentRoute.CUSTOMER_PAYMENT:
        return [Skip("S2", OBJECT, payment.id, f"a line of deposit {posted.ns_payment_id}: listed to revert by hand")]
    if listed_by_hand and not done:
        return [Skip("S2", OBJECT, payment.id, "listed to revert by hand before reversals were automatic")]
    decisions = _book(rule, payment, posted, settings, accounts, failure_reason, done)
    if any(isinstance(d, Mutation) and d.action == CREDIT_MEMO for d in decisions) and ap_invoice:
        decisions += _ap_follows_netsuite(rule, payment, posted, ap_invoice, unposted_ap_payments)
    return decisions


def _book(
    rule: str,
    payment: ApPayment,
    posted: PostedPayment,
    settings: ReversalSettings,
    accounts: PartnerAccounts,
    failure_reason: str | None,
    done: frozenset[str],
) -> list[Decision]:
    missing = accounts.missing("bank_account_id")
    if rule == "R2" and not settings.dispute_fee_account_id:
        missing += ("dispute_fee_account_id",)
    if missing:
        return [
            Hold("C3", OBJECT, payment.id, f"waiting for the partner to choose NetSuite accounts: {', '.join(missing)}")
        ]
    if posted.ns_customer_id is None or posted.ns_invoice_id is None:
        return [Hold(rule, OBJECT, payment.id, "waiting for its NetSuite invoice in the warehouse")]
    if payment.sub_total <= ZERO:
        return [Skip(rule, OBJECT, payment.id, "nothing was applied to the invoice; nothing to reverse")]
    through_credit_memo = CREDIT_MEMO in done or (posted.deposit_id is not None and UNAPPLY not in done)
    if not through_credit_memo:
        return [_unapply(rule, payment, posted), _refund(rule, payment, posted, accounts, failure_reason, memo=False)]
    if rule == "R3":
        return [_by_hand(payment, posted, failure_reason)]
    if posted.item_id is None:
        return [Hold(rule, OBJECT, payment.id, "waiting for its NetSuite invoice's lines in the warehouse")]
    return [_credit_memo(rule, payment, posted), _refund(rule, payment, posted, accounts, failure_reason, memo=True)]


def _ap_follows_netsuite(
    rule: str, payment: ApPayment, posted: PostedPayment, ap: ApInvoice, unposted: Decimal
) -> list[Decision]:
    """R1/R2 through a credit memo: the deposited payment stays applied in NetSuite, while AP gave the
    invoice its balance back; NetSuite is the source of truth, so AP's balance follows its amount unpaid
    as NetSuite answers it when this is posted (less what ``unposted`` AP payments NetSuite lacks, S3),
    or the AP invoice is marked paid when nothing is left (S1)."""
    if ap.status == AP_ARCHIVED:
        return []
    return [
        Mutation(
            rules=(rule, "S3"),
            target=AP,
            action="follow_netsuite_balance",
            object_type=OBJECT,
            source_id=payment.id,
            key=idempotency_key(AP, "follow_netsuite_balance", OBJECT, payment.id),
            payload={"netsuite_invoice": posted.ns_invoice_id, "unposted_ap_payments": json_number(unposted)},
            target_id=ap.id,
        )
    ]


def _unapply(rule: str, payment: ApPayment, posted: PostedPayment) -> Mutation:
    """The customer payment off its invoice: the invoice owes its amount again, the payment is unapplied."""
    body = {
        "externalId": payment_external_id(payment.id),
        "apply": {"items": [{"doc": {"id": posted.ns_invoice_id}, "apply": False}]},
    }
    return _mutation(rule, UNAPPLY, payment, body)


def _credit_memo(rule: str, payment: ApPayment, posted: PostedPayment) -> Mutation:
    """The amount credited to the customer, applied to no invoice: the deposited payment stays as it is."""
    on_invoice = f" on invoice {posted.invoice_number}" if posted.invoice_number else ""
    body: dict[str, object] = {
        "entity": {"id": posted.ns_customer_id},
        "externalId": credit_memo_external_id(payment.id),
        "memo": f"Alternative Payments payment {payment.id} {payment.status}{on_invoice}",
        "item": {
            "items": [
                {
                    "item": {"id": posted.item_id},
                    "quantity": 1,
                    "amount": json_number(payment.sub_total),
                    "description": f"{payment.status.capitalize()} AP payment {payment.id}{on_invoice}",
                }
            ]
        },
    }
    if posted.currency_id:
        body["currency"] = {"id": posted.currency_id}
    return _mutation(rule, CREDIT_MEMO, payment, body)


def _refund(
    rule: str,
    payment: ApPayment,
    posted: PostedPayment,
    accounts: PartnerAccounts,
    failure_reason: str | None,
    *,
    memo: bool,
) -> Mutation:
    """The customer refund out of the bank account, of the customer payment or of the credit memo.

    A credit memo made by the same list has no internal id yet when planned: the poster
    finds it by its external id (``{"externalId", "type"}`` in place of ``{"id"}``)."""
    doc = (
        {"externalId": credit_memo_external_id(payment.id), "type": "creditmemo"}
        if memo
        else {"id": posted.ns_payment_id}
    )
    body: dict[str, object] = {
        "customer": {"id": posted.ns_customer_id},
        "account": {"id": accounts.bank_account_id},
        "externalId": refund_external_id(payment.id),
        "memo": _refund_memo(payment, posted, failure_reason),
        "apply": {"items": [{"doc": doc, "apply": True, "amount": json_number(payment.sub_total)}]},
    }
    if posted.currency_id:
        body["currency"] = {"id": posted.currency_id}
    return _mutation(rule, REFUND, payment, body)


def _refund_memo(payment: ApPayment, posted: PostedPayment, failure_reason: str | None) -> str:
    on_invoice = f" on invoice {posted.invoice_number}" if posted.invoice_number else ""
    if payment.status == "failed":
        code = return_code(failure_reason)
        flag = f"ACH return {code}" if code else "payment failed"
        reason = f": {failure_reason}" if failure_reason else ""
        return f"{flag}, AP payment {payment.id}{on_invoice}{reason}"
    return f"AP payment {payment.id} {payment.status}{on_invoice}"


def _by_hand(payment: ApPayment, posted: PostedPayment, failure_reason: str | None) -> ManualAction:
    """R3: a deposited customer payment cannot be taken off its invoice, so the invoice cannot
    owe again in NetSuite by a booking of ours; a person reverses it."""
    code = return_code(failure_reason) or "failure"
    on_invoice = f" on invoice {posted.invoice_number}" if posted.invoice_number else ""
    return ManualAction(
        rule="R3",
        object_type=OBJECT,
        source_id=payment.id,
        message=(
            f"Revert by hand in NetSuite: AP payment {payment.id} of {fmt(payment.sub_total, posted.currency)}"
            f"{on_invoice} came back ({code}) after customer payment {posted.ns_payment_id} was deposited in "
            f"deposit {posted.deposit_id}; the integration never changes a deposit"
        ),
        invoice_number=posted.invoice_number,
        amount=payment.sub_total,
        key=idempotency_key("manual", "R3", OBJECT, payment.id),
    )


def _mutation(rule: str, action: str, payment: ApPayment, body: dict[str, object]) -> Mutation:
    return Mutation(
        rules=(rule,),
        target=NETSUITE,
        action=action,
        object_type=OBJECT,
        source_id=payment.id,
        key=idempotency_key(NETSUITE, action, OBJECT, payment.id),
        payload=body,
    )


def is_dispute_fee(fee: ApFee) -> bool:
    """R2: a fee AP withholds for a chargeback (its type or name says dispute or chargeback)."""
    return bool(_DISPUTE_FEE.search(f"{fee.type} {fee.name}"))
