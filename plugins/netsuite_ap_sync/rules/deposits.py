"""F4: a succeeded AP payout becomes one NetSuite deposit (``apo-<id>``) into the chosen bank account.

The deposit moves the payout's F3 customer payments out of Undeposited Funds
(``payment`` items), books customer-paid surcharges and the payments on
AP-created invoices (S7, which have no NetSuite invoice to apply to) as
``other`` lines, and the fees AP withheld as ``cashBack`` lines, so its total
is the payout's (I2):

    deposit = sum(F3 sub_total) + sum(F3 total - sub_total) + sum(S7 total)
              + sum(payout fees covered by customers) - sum(payout fees the partner pays)
    deposit == payout.total

F4a: a fee the partner pays is a ``cashBack`` line (it lowers the deposit) on the
expense account chosen for its AP type, else on the default fee account.
F4b: a fee customers cover is income, never expense: a surcharge on a payment,
or a payout fee AP collected from the customer (late payment, interest) and
passed on, is an ``other`` line (it raises the deposit) on the income account
chosen for customer-covered fees, else on the other-deposits income account.

A payout is deposited whole or not at all: it waits (Hold) until every F3
payment in it is posted in NetSuite. An S7 payment is posted nowhere else
(``payments.s7_wait_for_payout``); one NetSuite already holds (an older
stand-alone deposit, or another payout's deposit) quarantines the payout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from netsuite_ap_sync.rules.decisions import NETSUITE, Decision, Hold, Mutation, Quarantine, Skip
from netsuite_ap_sync.rules.keys import idempotency_key, payout_external_id
from netsuite_ap_sync.rules.money import ZERO, fmt, inexact_amounts, json_number
from netsuite_ap_sync.rules.payments import c3_hold
from netsuite_ap_sync.rules.records import (
    PAYMENT_SUCCEEDED,
    PAYOUT_SUCCEEDED,
    ApFee,
    ApPayout,
    PartnerAccounts,
    PaymentRoute,
    PayoutPayment,
)
from netsuite_ap_sync.rules.reversals import is_dispute_fee

OBJECT = "payout"
# AP's fee types (``fees[].type``); each may have an account of its own (F4a).
FEE_TYPES = ("FT_METHOD", "FT_PRODUCT", "FT_LATE_PAYMENT", "FT_INTEREST")
# The kind of the fees customers cover, booked as income (F4b).
COVERED_BY_CUSTOMER = "covered_by_customer"
FEE_KINDS = (*FEE_TYPES, COVERED_BY_CUSTOMER)


@dataclass(frozen=True)
class PayoutSplit:
    """A payout's payments and fees sorted into the lines of its deposit."""

    customer_payments: tuple[PayoutPayment, ...]  # F3: ``payment`` items
    standalone: tuple[PayoutPayment, ...]  # S7: ``other`` lines of their whole total
    surcharges: tuple[tuple[str, Decimal], ...]  # (payment id, total - sub_total) > 0: ``other`` lines
    fees: tuple[ApFee, ...]  # paid by the partner, amount > 0: ``cashBack`` lines (F4a)
    covered_fees: tuple[ApFee, ...] = ()  # payout fees customers covered, amount > 0: ``other`` lines (F4b)

    @property
    def deposit_total(self) -> Decimal:
        applied = sum((pp.payment.sub_total for pp in self.customer_payments), ZERO)
        surcharges = sum((amount for _, amount in self.surcharges), ZERO)
        covered = sum((fee.amount for fee in self.covered_fees), ZERO)
        return applied + surcharges + self.standalone_total + covered - self.fee_total

    @property
    def fee_total(self) -> Decimal:
        return sum((fee.amount for fee in self.fees), ZERO)

    @property
    def standalone_total(self) -> Decimal:
        return sum((pp.payment.total for pp in self.standalone), ZERO)


def split_payout(payout: ApPayout, members: Sequence[PayoutPayment]) -> PayoutSplit:
    """Sort ``members`` (the payout's payments, in payout order) into deposit lines."""
    customer = tuple(pp for pp in members if pp.route is PaymentRoute.CUSTOMER_PAYMENT)
    surcharges = tuple(
        (pp.payment.id, pp.payment.total - pp.payment.sub_total)
        for pp in customer
        if pp.payment.total > pp.payment.sub_total
    )
    return PayoutSplit(
        customer_payments=customer,
        standalone=tuple(pp for pp in members if pp.route is PaymentRoute.STANDALONE_DEPOSIT),
        surcharges=surcharges,
        fees=tuple(fee for fee in payout.fees if fee.amount > ZERO and not fee.covered_by_customer),
        covered_fees=tuple(fee for fee in payout.fees if fee.amount > ZERO and fee.covered_by_customer),
    )


def fee_kind(fee: ApFee) -> str:
    """F4a/F4b: the account choice a fee is booked by; an unknown type is a partner-paid fee of no type."""
    if fee.covered_by_customer:
        return COVERED_BY_CUSTOMER
    return fee.type if fee.type in FEE_TYPES else ""


def partner_fee_account(accounts: PartnerAccounts, fee: ApFee) -> tuple[str, str | None]:
    """F4a: (account field to fall back on, account) of a fee the partner pays. R2: a chargeback's
    dispute fee goes to the dispute-fee account when the partner books reversals automatically (only
    then is that account in ``accounts``)."""
    if accounts.dispute_fee_account_id and is_dispute_fee(fee):
        return "dispute_fee_account_id", accounts.dispute_fee_account_id
    return "fee_account_id", dict(accounts.fee_accounts).get(fee_kind(fee)) or accounts.fee_account_id


def income_account(accounts: PartnerAccounts) -> tuple[str, str | None]:
    """F4b: (account field to fall back on, account) of what customers pay beyond their invoices."""
    chosen = dict(accounts.fee_accounts).get(COVERED_BY_CUSTOMER)
    return "other_deposits_account_id", chosen or accounts.other_deposits_account_id


def plan_payout(
    payout: ApPayout,
    payments: Sequence[PayoutPayment],
    accounts: PartnerAccounts,
    *,
    posted_ns_deposit_id: str | None = None,
) -> list[Decision]:
    """Decisions for one AP payout.

    ``payments``: what the warehouse holds for the payout's ``payment_ids`` (extra ones are ignored).
    ``posted_ns_deposit_id``: ledger fact, the NetSuite deposit already posted for it.
    """
    if payout.status != PAYOUT_SUCCEEDED:
        return [Skip("F4", OBJECT, payout.id, f"status {payout.status!r}; only succeeded payouts are deposited")]
    if posted_ns_deposit_id is not None:
        return [Skip("F4", OBJECT, payout.id, f"already deposited as NetSuite deposit {posted_ns_deposit_id}")]
    by_id = {pp.payment.id: pp for pp in payments}
    unknown = [pid for pid in payout.payment_ids if pid not in by_id]
    if unknown:
        return [Hold("F4", OBJECT, payout.id, f"waiting for its AP payments {', '.join(unknown)} in the warehouse")]
    members = [by_id[pid] for pid in payout.payment_ids]
    problem = payout_problem(payout, members)
    if problem is not None:
        return [Quarantine(problem[0], OBJECT, payout.id, problem[1])]
    split = split_payout(payout, members)
    mismatch = f4_balance_problem(payout, split)
    if mismatch is not None:
        return [Quarantine(mismatch[0], OBJECT, payout.id, mismatch[1])]
    missing = accounts.missing(*required_accounts(split, accounts))
    if missing:
        return [c3_hold(payout.id, missing, OBJECT)]
    unposted = [pp.payment.id for pp in split.customer_payments if pp.ns_payment_id is None]
    if unposted:
        return [
            Hold(
                "F4",
                OBJECT,
                payout.id,
                f"waiting for the NetSuite customer payments of AP payments {', '.join(unposted)} (F3); "
                "a payout is deposited whole",
            )
        ]
    return [f4_deposit(payout, split, accounts)]


def payout_problem(payout: ApPayout, members: Sequence[PayoutPayment]) -> tuple[str, str] | None:
    """Preconditions of F4 on the payout's data: (check, reason) of the first one broken."""
    name = f"AP payout {payout.id}"
    if len(set(payout.payment_ids)) != len(payout.payment_ids):
        return "F4:distinct_payments", f"{name} lists a payment more than once; check it in AP"
    for pp in members:
        payment = pp.payment
        if payment.status != PAYMENT_SUCCEEDED:
            return (
                "F4:payments_succeeded",
                f"{name} holds AP payment {payment.id} whose status is {payment.status!r}; deposit it by hand",
            )
        if payment.sub_total <= ZERO or payment.total < payment.sub_total:
            return (
                "F4:payment_amounts",
                f"{name}: AP payment {payment.id} has total {fmt(payment.total)} and sub_total "
                f"{fmt(payment.sub_total)}; expected 0 < sub_total <= total",
            )
        if pp.route is PaymentRoute.STANDALONE_DEPOSIT and pp.ns_payment_id is not None:
            return (
                "F4:deposited_once",
                f"{name}: AP payment {payment.id} (S7) is already in NetSuite deposit {pp.ns_payment_id}; "
                "deposit this payout by hand so the payment is not deposited twice",
            )
        if pp.route is PaymentRoute.CUSTOMER_PAYMENT and pp.deleted_by_partner:
            return (
                "F4:payments_in_netsuite",
                f"{name}: the NetSuite customer payment of AP payment {payment.id} was deleted by the "
                "partner (F7) and is never posted again; deposit this payout by hand",
            )
    negative = [fee for fee in payout.fees if fee.amount < ZERO]
    if negative:
        return "F4:fees_not_negative", f"{name} has a negative fee {negative[0].name!r} of {fmt(negative[0].amount)}"
    amounts = [payout.total, *(fee.amount for fee in payout.fees)]
    for pp in members:
        amounts += [pp.payment.total, pp.payment.sub_total]
    inexact = inexact_amounts(amounts)
    if inexact:
        return "F4:exact_amounts", f"{name}: {fmt(inexact[0])} has too many digits to post exactly"
    return None


def f4_balance_problem(payout: ApPayout, split: PayoutSplit) -> tuple[str, str] | None:
    """F4/I2: the deposit's total must equal the payout's, and be postable."""
    computed = split.deposit_total
    if computed != payout.total:
        return (
            "F4:payout_balances",
            f"AP payout {payout.id} totals {fmt(payout.total)} but its payments less fees come to "
            f"{fmt(computed)} (difference {fmt(payout.total - computed)}); check the payout in AP "
            "and deposit it by hand if AP's figures are right",
        )
    if split.deposit_total <= ZERO:
        return (
            "F4:positive_deposit",
            f"AP payout {payout.id} leaves {fmt(split.deposit_total)} to deposit after "
            f"{fmt(split.fee_total)} fees; NetSuite takes no such deposit, book it by hand",
        )
    return None


def required_accounts(split: PayoutSplit, accounts: PartnerAccounts) -> tuple[str, ...]:
    """C3: the bank account always; the default fee account for fees whose type has no account of
    its own (F4a); other deposits for S7, and for surcharges and customer-covered fees unless
    their income account is chosen (F4b)."""
    names = ["bank_account_id"]
    if any(partner_fee_account(accounts, fee)[1] is None for fee in split.fees):
        names.append("fee_account_id")
    covered = split.surcharges or split.covered_fees
    if split.standalone or (covered and income_account(accounts)[1] is None):
        names.append("other_deposits_account_id")
    return tuple(names)


def f4_deposit(payout: ApPayout, split: PayoutSplit, accounts: PartnerAccounts) -> Mutation:
    """F4: one deposit for the whole payout."""
    return Mutation(
        rules=("F4",),
        target=NETSUITE,
        action="create_deposit",
        object_type=OBJECT,
        source_id=payout.id,
        key=idempotency_key(NETSUITE, "create_deposit", OBJECT, payout.id),
        payload=deposit_body(payout, split, accounts),
        carries=tuple(pp.payment.id for pp in split.standalone),
    )


def deposit_body(payout: ApPayout, split: PayoutSplit, accounts: PartnerAccounts) -> dict[str, object]:
    """The contract's deposit body; empty sublists are left out."""
    body: dict[str, object] = {
        "account": {"id": accounts.bank_account_id},
        "memo": f"Alternative Payments payout {payout.id}",
        "externalId": payout_external_id(payout.id),
    }
    if payout.arrival_date is not None:
        body["tranDate"] = payout.arrival_date.isoformat()
    if split.customer_payments:
        body["payment"] = {"items": [{"id": pp.ns_payment_id, "deposit": True} for pp in split.customer_payments]}
    other = [surcharge_line(payment_id, amount, accounts) for payment_id, amount in split.surcharges]
    other += [covered_fee_line(fee, accounts) for fee in split.covered_fees]
    other += [standalone_line(pp, accounts) for pp in split.standalone]
    if other:
        body["other"] = {"items": other}
    if split.fees:
        body["cashBack"] = {"items": [fee_line(fee, accounts) for fee in split.fees]}
    return body


def fee_line(fee: ApFee, accounts: PartnerAccounts) -> dict[str, object]:
    """F4a: a fee the partner pays, on its type's expense account; it lowers the deposit."""
    return {
        "account": {"id": partner_fee_account(accounts, fee)[1]},
        "amount": json_number(fee.amount),
        "memo": f"Alternative Payments fee: {fee.name} ({fee.type})",
    }


def surcharge_line(payment_id: str, amount: Decimal, accounts: PartnerAccounts) -> dict[str, object]:
    """F4b: what the customer paid beyond the invoice is income; it raises the deposit."""
    return {
        "account": {"id": income_account(accounts)[1]},
        "amount": json_number(amount),
        "memo": f"Surcharge paid by the customer on AP payment {payment_id}",
    }


def covered_fee_line(fee: ApFee, accounts: PartnerAccounts) -> dict[str, object]:
    """F4b: a payout fee the customer covered is income passed on by AP; it raises the deposit."""
    return {
        "account": {"id": income_account(accounts)[1]},
        "amount": json_number(fee.amount),
        "memo": f"Alternative Payments fee covered by the customer: {fee.name} ({fee.type})",
    }


def standalone_line(pp: PayoutPayment, accounts: PartnerAccounts) -> dict[str, object]:
    """S7: the whole payment as an ``other`` line, naming the NetSuite customer when there is one."""
    where = f" on AP invoice {pp.invoice_number}" if pp.invoice_number else ""
    line: dict[str, object] = {
        "account": {"id": accounts.other_deposits_account_id},
        "amount": json_number(pp.payment.total),
        "memo": f"Alternative Payments payment {pp.payment.id}{where}",
    }
    if pp.ns_customer_id:
        line["entity"] = {"id": pp.ns_customer_id}
    return line
