"""R4: the partner's choice of manual (S2) or automatic (R1-R3) payment reversals.

Automatic needs the expense account dispute fees are booked to, checked against the
accounts NetSuite really has, as the set-up accounts are (``partners.accounts``).
"""

from __future__ import annotations

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.partners.accounts import AccountChoiceError, available_accounts
from netsuite_ap_sync.warehouse.partners import PAYMENT_REVERSALS

DISPUTE_FEE_TYPES = ("Expense", "OthExpense")


def choose(ctx: RunContext, payment_reversals: str, dispute_fee: str | None = None) -> dict:
    """Store the setting; an automatic one with its dispute-fee account, which must be an expense account."""
    if payment_reversals not in PAYMENT_REVERSALS:
        raise AccountChoiceError(
            f"partner {ctx.partner_id}: payment reversals are {' or '.join(PAYMENT_REVERSALS)}, "
            f"not {payment_reversals!r}"
        )
    account_id = str(dispute_fee) if dispute_fee else (ctx.partner.dispute_fee_account_id or None)
    described = None
    if payment_reversals == "automatic":
        described = _checked(ctx, account_id)
    ctx.wh.partner.set_payment_reversals(payment_reversals=payment_reversals, dispute_fee_account_id=account_id)
    ctx.refresh()
    return {"payment_reversals": payment_reversals, "dispute_fee": described}


def _checked(ctx: RunContext, account_id: str | None) -> str:
    if not account_id:
        raise AccountChoiceError(
            f"partner {ctx.partner_id}: automatic payment reversals need a dispute-fee account "
            f"(an {' or '.join(DISPUTE_FEE_TYPES)} account)"
        )
    account = {a.id: a for a in available_accounts(ctx)}.get(account_id)
    if account is None:
        raise AccountChoiceError(
            f"partner {ctx.partner_id}: dispute-fee account: NetSuite has no active account with internal id "
            f"{account_id!r}"
        )
    if account.type not in DISPUTE_FEE_TYPES:
        raise AccountChoiceError(
            f"partner {ctx.partner_id}: dispute-fee account: account {account_id} ({account.name}) is of type "
            f"{account.type}, expected {' or '.join(DISPUTE_FEE_TYPES)}"
        )
    return f"{account.name} (id {account.id}, {account.type})"
