"""Account set-up (C3) as pick lists: the partner's NetSuite accounts of the right
type, read with the same SuiteQL as ``netsuite_account_setup`` and
``partners_cli accounts``; the choice is stored by the same code, which checks it
against NetSuite again."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("undeposited_funds", "bank", "fee", "other_deposits")
REQUIRED = ("undeposited_funds", "bank")


@dataclass(frozen=True)
class Choice:
    kind: str
    label: str
    required: bool
    options: list  # accounts of the accepted types
    current: str | None


class NetSuiteAccounts:
    """The partner's accounts in NetSuite, through its own connection (one request slot)."""

    def _context(self, partner_id: str):
        from netsuite_ap_sync.engine.context import context_for

        return context_for(partner_id, run_id="operations-ui:accounts", dag_id="operations_ui")

    def choices(self, partner_id: str) -> list[Choice]:
        from netsuite_ap_sync.partners.accounts import ACCOUNT_TYPES, LABELS, available_accounts

        ctx = self._context(partner_id)
        accounts = available_accounts(ctx)
        partner = ctx.partner
        return [
            Choice(
                kind,
                LABELS[kind],
                kind in REQUIRED,
                [a for a in accounts if a.type in ACCOUNT_TYPES[kind]],
                getattr(partner, f"{kind}_account_id"),
            )
            for kind in KINDS
        ]

    def choose(self, partner_id: str, chosen: dict[str, str | None]) -> dict[str, str]:
        """Store the choice after ``partners.accounts.choose`` checked it; what was chosen, described."""
        from netsuite_ap_sync.partners.accounts import choose

        return choose(self._context(partner_id), **{kind: chosen.get(kind) or None for kind in KINDS})

    def choose_reversals(self, partner_id: str, mode: str, dispute_fee: str | None) -> dict:
        """Store the payment-reversals setting after ``partners.reversal_settings.choose`` checked it."""
        from netsuite_ap_sync.partners import reversal_settings

        return reversal_settings.choose(self._context(partner_id), mode, dispute_fee)


def netsuite_accounts() -> NetSuiteAccounts:
    """The pages' dependency; tests put a stand-in in its place."""
    return NetSuiteAccounts()


# --- Payment reversals (S2 or R1-R4): a small form of their own on the same page ----------------


@dataclass(frozen=True)
class ReversalChoice:
    mode: str  # "manual" or "automatic"
    dispute_fee_account: str | None
    options: list  # the expense accounts a dispute fee may go to


def reversal_choice(partner, choices: list[Choice]) -> ReversalChoice:
    """The partner's setting, with the expense accounts the account pick lists already read."""
    from netsuite_ap_sync.partners.reversal_settings import DISPUTE_FEE_TYPES

    seen = {a.id: a for c in choices for a in c.options if a.type in DISPUTE_FEE_TYPES}
    return ReversalChoice(partner.payment_reversals, partner.dispute_fee_account_id, list(seen.values()))
