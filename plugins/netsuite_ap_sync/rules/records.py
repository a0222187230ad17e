"""Input records the planners read: NetSuite rows, AP objects and partner set-up.

The pipeline builds these from warehouse rows and API answers. Money is
``Decimal`` (never float), calendar dates are ``datetime.date``, NetSuite
timestamps are NetSuite clock strings ``'YYYY-MM-DD HH:MM:SS'``. Construction
rejects floats, non-finite amounts and malformed timestamps so such rows fail
at the edge rather than deep inside a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from netsuite_ap_sync.rules.ns_clock import require_ns_clock

# NetSuite status labels (BUILTIN.DF(status)) the rules look at.
NS_PAID_IN_FULL = "Paid In Full"
NS_VOIDED = "Voided"
NS_NOT_APPROVED = frozenset({"Pending Approval", "Rejected"})

# AP invoice statuses; any other value is kept as-is and treated as open.
AP_PAID = "paid"
AP_ARCHIVED = "archived"
AP_PAID_VIA_AP = "ap"

# AP payment statuses.
PAYMENT_SUCCEEDED = "succeeded"
PAYMENT_REVERSED = frozenset({"failed", "refunded", "chargeback"})

PAYOUT_SUCCEEDED = "succeeded"


def _require_money(record: object, *names: str) -> None:
    for name in names:
        value = getattr(record, name)
        if type(value) is Decimal and value.is_finite():
            continue
        if value is None and name in getattr(record, "_optional_money", ()):
            continue
        if not isinstance(value, Decimal):
            raise TypeError(f"{type(record).__name__}.{name} must be a Decimal, got {type(value).__name__}")
        if not value.is_finite():
            raise ValueError(f"{type(record).__name__}.{name} must be finite, got {value}")


def _require_date(record: object, *names: str) -> None:
    for name in names:
        value = getattr(record, name)
        if value is not None and not isinstance(value, date):
            raise TypeError(f"{type(record).__name__}.{name} must be a date, got {type(value).__name__}")


def _version(last_modified: str, content_hash: str | None) -> tuple[str, ...]:
    """What tells one reading of a NetSuite record from another, for the keys of the effects
    planned from it: its last-modified second, and its content hash, since NetSuite's clock
    lets a record change twice within one second."""
    return (last_modified, content_hash) if content_hash else (last_modified,)


# --- NetSuite -----------------------------------------------------------------


@dataclass(frozen=True)
class NsCustomer:
    id: str
    entity_id: str
    company_name: str | None
    email: str | None
    is_person: bool
    is_inactive: bool
    external_id: str | None
    currency: str | None
    last_modified: str
    # Staging's hash of this reading (None for rows staged before it was kept).
    content_hash: str | None = None

    def __post_init__(self) -> None:
        require_ns_clock(self.last_modified)

    @property
    def version(self) -> tuple[str, ...]:
        return _version(self.last_modified, self.content_hash)


@dataclass(frozen=True)
class NsInvoiceLine:
    item: str | None
    description: str | None
    quantity: Decimal | None
    rate: Decimal | None
    amount: Decimal

    _optional_money = ("quantity", "rate")

    def __post_init__(self) -> None:
        _require_money(self, "quantity", "rate", "amount")


@dataclass(frozen=True)
class NsInvoice:
    id: str
    tran_id: str
    customer_id: str
    tran_date: date
    due_date: date | None
    currency: str
    total: Decimal
    amount_unpaid: Decimal
    amount_paid: Decimal
    status: str
    voided: bool
    memo: str | None
    last_modified: str
    lines: tuple[NsInvoiceLine, ...] = ()
    # NetSuite's internal id of the currency, for the customer payment body.
    currency_id: str | None = None
    # Staging's hash of this reading (None for rows staged before it was kept).
    content_hash: str | None = None

    def __post_init__(self) -> None:
        _require_money(self, "total", "amount_unpaid", "amount_paid")
        _require_date(self, "tran_date", "due_date")
        require_ns_clock(self.last_modified)

    @property
    def version(self) -> tuple[str, ...]:
        return _version(self.last_modified, self.content_hash)


@dataclass(frozen=True)
class NsDeletion:
    record_id: str
    record_type: str
    deleted_at: str

    def __post_init__(self) -> None:
        require_ns_clock(self.deleted_at)


@dataclass(frozen=True)
class NsCustomerPayment:
    id: str
    external_id: str | None
    customer_id: str
    total: Decimal
    applied: tuple[tuple[str, Decimal], ...] = ()

    def __post_init__(self) -> None:
        _require_money(self, "total")


@dataclass(frozen=True)
class NsDeposit:
    id: str
    external_id: str | None
    total: Decimal

    def __post_init__(self) -> None:
        _require_money(self, "total")


# --- Alternative Payments -------------------------------------------------------


@dataclass(frozen=True)
class ApCustomer:
    id: str
    external_id: str | None
    name: str
    email: str | None
    archived: bool = False


@dataclass(frozen=True)
class ApLineItem:
    """One AP invoice line; ``amount`` is the unit price (AP's sub_total is the sum of amount x quantity)."""

    description: str
    quantity: Decimal
    amount: Decimal

    def __post_init__(self) -> None:
        _require_money(self, "quantity", "amount")


@dataclass(frozen=True)
class ApInvoice:
    id: str
    external_id: str | None
    customer_id: str
    invoice_number: str
    currency: str
    due_date: date | None
    total: Decimal
    amount_due: Decimal
    status: str
    paid_via: str | None
    line_items: tuple[ApLineItem, ...] = ()
    # The NetSuite last_modified the attached PDF was rendered from (None = no PDF).
    pdf_source_version: str | None = None
    memo: str | None = None

    def __post_init__(self) -> None:
        _require_money(self, "total", "amount_due")
        _require_date(self, "due_date")


@dataclass(frozen=True)
class ApFee:
    amount: Decimal
    name: str
    type: str
    covered_by_customer: bool

    def __post_init__(self) -> None:
        _require_money(self, "amount")


@dataclass(frozen=True)
class ApPayment:
    """An AP payment: ``sub_total`` goes to the invoice, ``total`` is what the customer paid."""

    id: str
    invoice_id: str | None
    customer_id: str
    status: str
    total: Decimal
    sub_total: Decimal
    fees: tuple[ApFee, ...] = ()
    # A date or datetime; its calendar date becomes the NetSuite tranDate.
    created_at: date | None = None
    payment_method: str | None = None

    def __post_init__(self) -> None:
        _require_money(self, "total", "sub_total")
        _require_date(self, "created_at")


@dataclass(frozen=True)
class ApPayout:
    """An AP payout: ``fees`` are what AP withheld; ``total`` is what reaches the bank."""

    id: str
    status: str
    total: Decimal
    sub_total: Decimal
    fees: tuple[ApFee, ...] = ()
    arrival_date: date | None = None
    payment_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require_money(self, "total", "sub_total")
        _require_date(self, "arrival_date")


# --- Partner set-up and ledger ------------------------------------------------------


@dataclass(frozen=True)
class PartnerAccounts:
    """The NetSuite accounts the partner chose at set-up (C3); None = not chosen yet."""

    undeposited_funds_id: str | None = None
    bank_account_id: str | None = None
    fee_account_id: str | None = None
    other_deposits_account_id: str | None = None
    # F4a/F4b: (fee kind, account id) for the kinds given an account of their own; the rest use
    # ``fee_account_id`` (fees the partner pays) or ``other_deposits_account_id`` (fees customers pay).
    fee_accounts: tuple[tuple[str, str], ...] = ()
    # R2: where dispute fees go; set only for a partner whose payment reversals are automatic.
    dispute_fee_account_id: str | None = None

    def missing(self, *names: str) -> tuple[str, ...]:
        """The account fields among ``names`` that are not chosen yet."""
        return tuple(name for name in names if not getattr(self, name))


class PaymentRoute(StrEnum):
    """How a succeeded AP payment reaches NetSuite."""

    CUSTOMER_PAYMENT = "customer_payment"  # F3: its invoice came from NetSuite
    STANDALONE_DEPOSIT = "standalone_deposit"  # S7: AP-created invoice, or no invoice


@dataclass(frozen=True)
class PayoutPayment:
    """One payment of a payout, with what the ledger knows about it."""

    payment: ApPayment
    route: PaymentRoute
    # F3 route: the NetSuite customer payment posted for it, None while not posted.
    # S7 route: a NetSuite deposit that already holds it (an older stand-alone deposit,
    # or another payout's deposit), None when it is still to be deposited.
    ns_payment_id: str | None = None
    # The partner deleted that customer payment in NetSuite (F7).
    deleted_by_partner: bool = False
    # S7 route: the NetSuite customer of its AP customer, and its AP invoice's number,
    # for the deposit's ``other`` line.
    ns_customer_id: str | None = None
    invoice_number: str | None = None
