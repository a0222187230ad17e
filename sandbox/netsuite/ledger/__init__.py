"""Every change to the account, with NetSuite's bookkeeping rules.

Payments and credit memos applied to an invoice lower its amount unpaid, set
its status and stamp its ``lastmodifieddate``; customer refunds consume a
payment's or credit memo's unapplied amount; deposits move payments out of
Undeposited Funds. The record service and the test controls both go through
here, so a change looks the same whoever makes it.
"""

from sandbox.netsuite.ledger.credit_memos import CreditMemos
from sandbox.netsuite.ledger.deposits import Deposits
from sandbox.netsuite.ledger.invoices import CustomersAndInvoices
from sandbox.netsuite.ledger.payments import Payments
from sandbox.netsuite.ledger.refunds import Refunds
from sandbox.netsuite.ledger.specs import (
    UNSET,
    Application,
    CashBackLine,
    CreditMemoSpec,
    DepositSpec,
    InvoiceLine,
    OtherLine,
    PaymentSpec,
    RefundLine,
    RefundSpec,
    check_external_id,
)


class Ledger(CustomersAndInvoices, Payments, CreditMemos, Refunds, Deposits):
    """The account's books: one object, one write lock, every change stamped from the sandbox clock."""


__all__ = [
    "UNSET",
    "Application",
    "CashBackLine",
    "CreditMemoSpec",
    "DepositSpec",
    "InvoiceLine",
    "Ledger",
    "OtherLine",
    "PaymentSpec",
    "RefundLine",
    "RefundSpec",
    "check_external_id",
]
