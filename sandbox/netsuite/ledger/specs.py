"""What callers hand the ledger: invoice lines, payments, credit memos, refunds, deposits; and the shared checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sandbox.netsuite.errors import NetSuiteError

EXTERNAL_ID = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
CENT = 0.005
UNSET = object()  # "leave this field as it is"
T = '"transaction"'


def check_external_id(value: str, path: str = "externalId") -> str:
    if not isinstance(value, str) or not EXTERNAL_ID.match(value):
        raise NetSuiteError(
            400,
            "INVALID_ID",
            f"Invalid external ID {value!r}: use only letters, digits, '_' and '-' (at most 255).",
            path,
        )
    return value


@dataclass
class InvoiceLine:
    item: int
    quantity: float = 1.0
    rate: float | None = None
    amount: float | None = None
    description: str | None = None


@dataclass
class Application:
    invoice: int
    amount: float | None = None  # None: as much as the invoice and the payment allow


@dataclass
class PaymentSpec:
    customer: int
    amount: float
    applications: list[Application] = field(default_factory=list)
    undepfunds: bool = True
    account: int | None = None
    trandate: date | None = None
    currency: int | None = None
    memo: str | None = None
    externalid: str | None = None


@dataclass
class CreditMemoSpec:
    customer: int
    lines: list[InvoiceLine] = field(default_factory=list)
    amount: float | None = None  # a single amount instead of item lines (the test controls' credits)
    applications: list[Application] = field(default_factory=list)
    trandate: date | None = None
    currency: int | None = None
    memo: str | None = None
    externalid: str | None = None


@dataclass
class RefundLine:
    doc: int  # a customer payment or a credit memo
    amount: float | None = None  # None: all the document has left to apply


@dataclass
class RefundSpec:
    customer: int
    account: int
    applications: list[RefundLine] = field(default_factory=list)
    trandate: date | None = None
    currency: int | None = None
    memo: str | None = None
    externalid: str | None = None


@dataclass
class OtherLine:
    account: int
    amount: float
    entity: int | None = None
    memo: str | None = None


@dataclass
class CashBackLine:
    account: int
    amount: float
    memo: str | None = None


@dataclass
class DepositSpec:
    account: int
    payments: list[int] = field(default_factory=list)
    other: list[OtherLine] = field(default_factory=list)
    cashback: list[CashBackLine] = field(default_factory=list)
    trandate: date | None = None
    memo: str | None = None
    externalid: str | None = None


def money(value: float) -> float:
    return round(float(value), 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def tf(flag: bool) -> str:
    return "T" if flag else "F"
