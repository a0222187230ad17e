"""C3: the partner chooses the NetSuite accounts payments and payouts post to.

Choices are checked against the accounts NetSuite really has (SuiteQL, by
type). Allowed once the 12-month phase of the initial sync is done, so
payments on recent invoices need not wait for old history.
"""

from __future__ import annotations

from dataclasses import dataclass

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.extract.suiteql_files import plain_query

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
    ctx: RunContext, undeposited_funds: str, bank: str, fee: str | None = None, other_deposits: str | None = None
) -> dict:
    """Check every choice against NetSuite and store them; payments held so far post on the next run."""
    ctx.refresh()
    if not ctx.partner.twelve_months_done:
        raise AccountChoiceError(
            f"partner {ctx.partner_id}: accounts can be chosen once the initial sync has read the last 12 months "
            f"(now at phase {ctx.partner.initial_phase!r})"
        )
    accounts = {a.id: a for a in available_accounts(ctx)}
    chosen = {"undeposited_funds": undeposited_funds, "bank": bank, "fee": fee, "other_deposits": other_deposits}
    problems = [_problem(kind, account_id, accounts) for kind, account_id in chosen.items() if account_id]
    problems = [p for p in problems if p]
    if problems:
        raise AccountChoiceError(f"partner {ctx.partner_id}: " + "; ".join(problems))
    ctx.wh.partner.set_accounts(
        undeposited_funds_account_id=str(undeposited_funds),
        bank_account_id=str(bank),
        fee_account_id=str(fee) if fee else None,
        other_deposits_account_id=str(other_deposits) if other_deposits else None,
    )
    return {kind: _describe(accounts[str(a)]) for kind, a in chosen.items() if a}


def _problem(kind: str, account_id: str, accounts: dict[str, Account]) -> str | None:
    account = accounts.get(str(account_id))
    allowed = " or ".join(ACCOUNT_TYPES[kind])
    if account is None:
        return f"{LABELS[kind]}: NetSuite has no active account with internal id {account_id!r}"
    if account.type not in ACCOUNT_TYPES[kind]:
        return f"{LABELS[kind]}: account {account_id} ({account.name}) is of type {account.type}, expected {allowed}"
    return None


def _describe(account: Account) -> str:
    number = f"{account.number} " if account.number else ""
    return f"{number}{account.name} (id {account.id}, {account.type})"
