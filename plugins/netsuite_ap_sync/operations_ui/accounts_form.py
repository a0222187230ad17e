"""Account set-up (C3) as pick lists: the partner's NetSuite accounts of the right
type, read with the same SuiteQL as ``netsuite_account_setup`` and
``partners_cli accounts``; the choice is stored by the same code, which checks it
against NetSuite again."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("undeposited_funds", "bank", "fee", "other_deposits")
REQUIRED = ("undeposited_funds", "bank")
# F4a/F4b: the form field of each fee kind's optional account (fee kinds are AP's fee types).
FEE_FIELDS = {
    "FT_METHOD": "fee_ft_method",
    "FT_PRODUCT": "fee_ft_product",
    "FT_LATE_PAYMENT": "fee_ft_late_payment",
    "FT_INTEREST": "fee_ft_interest",
    "covered_by_customer": "fee_covered_by_customer",
}


@dataclass(frozen=True)
class Choice:
    kind: str
    label: str
    required: bool
    options: list  # accounts of the accepted types
    current: str | None
    by_fee_type: bool = False  # one of the optional accounts per fee kind (F4a/F4b)


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
        main = [
            Choice(
                kind,
                LABELS[kind],
                kind in REQUIRED,
                [a for a in accounts if a.type in ACCOUNT_TYPES[kind]],
                getattr(partner, f"{kind}_account_id"),
            )
            for kind in KINDS
        ]
        return main + fee_choices(accounts, ctx.wh.fee_accounts.chosen())

    def choose(self, partner_id: str, chosen: dict[str, str | None]) -> dict[str, str]:
        """Store the choice after ``partners.accounts.choose`` checked it; what was chosen, described."""
        from netsuite_ap_sync.partners.accounts import choose

        fee_accounts = {kind: chosen.get(name) or None for kind, name in FEE_FIELDS.items()}
        return choose(
            self._context(partner_id),
            **{kind: chosen.get(kind) or None for kind in KINDS},
            fee_accounts=fee_accounts,
        )


def fee_choices(accounts: list, current: dict[str, str]) -> list[Choice]:
    """The optional account per fee kind, offered among the accounts of its type."""
    from netsuite_ap_sync.partners.accounts import FEE_ACCOUNT_TYPES, FEE_LABELS

    return [
        Choice(
            name,
            FEE_LABELS[kind],
            False,
            [a for a in accounts if a.type in FEE_ACCOUNT_TYPES[kind]],
            current.get(kind),
            by_fee_type=True,
        )
        for kind, name in FEE_FIELDS.items()
    ]

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
