"""C3: the partner chooses the NetSuite accounts payments and payouts post to.

Choices are checked against the accounts NetSuite really has (SuiteQL, by
type). Allowed once the 12-month phase of the initial sync is done, so
payments on recent invoices need not wait for old history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.extract.suiteql_files import plain_query
from netsuite_ap_sync.rules.deposits import COVERED_BY_CUSTOMER, FEE_KINDS

# Which NetSuite account types each choice accepts.
ACCOUNT_TYPES = {
    "undeposited_funds": ("UndepFunds",),
    "bank": ("Bank",),
    "fee": ("Expense", "OthExpense"),
    "other_deposits": ("Income", "OthIncome"),
}
LABELS = {
    "undeposited_funds": "Undeposited Funds account (payments)",
    "bank": "bank account (payouts and deposits)",
    "fee": "fee account (payout fees)",
    "other_deposits": "income account (stand-alone deposits of AP-created invoices)",
}
# F4a/F4b: an account per kind of AP fee, each optional (the default above is used without one).
FEE_ACCOUNT_TYPES = {
    **{kind: ACCOUNT_TYPES["fee"] for kind in FEE_KINDS},
    COVERED_BY_CUSTOMER: ACCOUNT_TYPES["other_deposits"],
}
FEE_LABELS = {
    "FT_METHOD": "expense account for payment-method fees (FT_METHOD; default: the fee account)",
    "FT_PRODUCT": "expense account for product fees (FT_PRODUCT; default: the fee account)",
    "FT_LATE_PAYMENT": "expense account for late-payment fees (FT_LATE_PAYMENT; default: the fee account)",
    "FT_INTEREST": "expense account for interest fees (FT_INTEREST; default: the fee account)",
    COVERED_BY_CUSTOMER: "income account for fees and surcharges customers pay (default: the income account)",
}


class AccountChoiceError(ValueError):
    pass


@dataclass(frozen=True)
class Account:
    id: str
    number: str | None
    name: str
    type: str


def available_accounts(ctx: RunContext) -> list[Account]:
    rows = list(ctx.netsuite.suiteql.rows(plain_query("accounts.sql"), []))
    return [Account(str(r["id"]), r.get("acctnumber"), r.get("fullname") or "", r.get("accttype") or "") for r in rows]


def choose(
    ctx: RunContext,
    undeposited_funds: str,
    bank: str,
    fee: str | None = None,
    other_deposits: str | None = None,
    *,
    fee_accounts: Mapping[str, str | None] | None = None,
) -> dict:
    """Check every choice against NetSuite and store them; payments held so far post on the next run.

    ``fee_accounts`` (fee kind -> account id, F4a/F4b) replaces the accounts per fee kind, a kind
    left out or empty going back to the default; None leaves them as they are."""
    ctx.refresh()
    if not ctx.partner.twelve_months_done:
        raise AccountChoiceError(
            f"partner {ctx.partner_id}: accounts can be chosen once the initial sync has read the last 12 months "
            f"(now at phase {ctx.partner.initial_phase!r})"
        )
    accounts = {a.id: a for a in available_accounts(ctx)}
    chosen = {"undeposited_funds": undeposited_funds, "bank": bank, "fee": fee, "other_deposits": other_deposits}
    by_kind = {kind: str(a) for kind, a in (fee_accounts or {}).items() if a}
    problems = [_problem(kind, account_id, accounts) for kind, account_id in chosen.items() if account_id]
    problems += fee_account_problems(by_kind, accounts)
    problems = [p for p in problems if p]
    if problems:
        raise AccountChoiceError(f"partner {ctx.partner_id}: " + "; ".join(problems))
    ctx.wh.partner.set_accounts(
        undeposited_funds_account_id=str(undeposited_funds),
        bank_account_id=str(bank),
        fee_account_id=str(fee) if fee else None,
        other_deposits_account_id=str(other_deposits) if other_deposits else None,
    )
    if fee_accounts is not None:
        ctx.wh.fee_accounts.replace(by_kind)
    described = {kind: _describe(accounts[str(a)]) for kind, a in chosen.items() if a}
    return described | {kind: _describe(accounts[a]) for kind, a in by_kind.items()}


def fee_account_problems(by_kind: Mapping[str, str], accounts: dict[str, Account]) -> list[str]:
    """F4a/F4b: each account per fee kind exists in NetSuite and is of the kind's type."""
    unknown = sorted(set(by_kind) - set(FEE_KINDS))
    problems = [f"unknown fee kind {kind!r}; expected one of {', '.join(FEE_KINDS)}" for kind in unknown]
    for kind in FEE_KINDS:
        if by_kind.get(kind):
            problems.append(_problem(kind, by_kind[kind], accounts, FEE_ACCOUNT_TYPES, FEE_LABELS))
    return [p for p in problems if p]


def _problem(
    kind: str,
    account_id: str,
    accounts: dict[str, Account],
    types: Mapping[str, tuple[str, ...]] = ACCOUNT_TYPES,
    labels: Mapping[str, str] = LABELS,
) -> str | None:
    account = accounts.get(str(account_id))
    allowed = " or ".join(types[kind])
    if account is None:
        return f"{labels[kind]}: NetSuite has no active account with internal id {account_id!r}"
    if account.type not in types[kind]:
        return f"{labels[kind]}: account {account_id} ({account.name}) is of type {account.type}, expected {allowed}"
    return None


def _describe(account: Account) -> str:
    number = f"{account.number} " if account.number else ""
    return f"{number}{account.name} (id {account.id}, {account.type})"
