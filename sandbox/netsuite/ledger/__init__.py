"""Every change to the account, with NetSuite's bookkeeping rules.

Payments and credits applied to an invoice lower its amount unpaid, set its
status and stamp its ``lastmodifieddate``; deposits move payments out of
Undeposited Funds. The record service and the test controls both go through
here, so a change looks the same whoever makes it.
"""

from sandbox.netsuite.ledger.deposits import Deposits
from sandbox.netsuite.ledger.invoices import CustomersAndInvoices
from sandbox.netsuite.ledger.payments import Payments
from sandbox.netsuite.ledger.specs import (
    UNSET,
    Application,
    CashBackLine,
    DepositSpec,
    InvoiceLine,
    OtherLine,
    PaymentSpec,
    check_external_id,
)


class Ledger(CustomersAndInvoices, Payments, Deposits):
    """The account's books: one object, one write lock, every change stamped from the sandbox clock."""


__all__ = [
    "UNSET",
    "Application",
    "CashBackLine",
    "DepositSpec",
    "InvoiceLine",
    "Ledger",
    "OtherLine",
    "PaymentSpec",
    "check_external_id",
]
