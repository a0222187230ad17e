"""Transaction types and status codes, with the labels BUILTIN.DF and the record service show."""

from __future__ import annotations

INVOICE, PAYMENT, CREDIT_MEMO, DEPOSIT = "CustInvc", "CustPymt", "CustCred", "Deposit"
CUSTOMER_REFUND = "CustRfnd"

TYPE_LABELS = {
    INVOICE: "Invoice",
    PAYMENT: "Payment",
    CREDIT_MEMO: "Credit Memo",
    DEPOSIT: "Deposit",
    CUSTOMER_REFUND: "Customer Refund",
}
RECORD_TYPES = {
    INVOICE: "invoice",
    PAYMENT: "customerpayment",
    CREDIT_MEMO: "creditmemo",
    DEPOSIT: "deposit",
    CUSTOMER_REFUND: "customerrefund",
}

INVOICE_OPEN, INVOICE_PAID, INVOICE_VOIDED = "A", "B", "V"
PAYMENT_NOT_DEPOSITED, PAYMENT_DEPOSITED = "B", "C"
CREDIT_OPEN, CREDIT_APPLIED = "A", "B"

STATUS_LABELS: dict[str, dict[str, str]] = {
    INVOICE: {
        "A": "Open",
        "B": "Paid In Full",
        "D": "Pending Approval",
        "E": "Rejected",
        "V": "Voided",
    },
    PAYMENT: {"A": "Unapproved Payment", "B": "Not Deposited", "C": "Deposited", "V": "Voided"},
    CREDIT_MEMO: {"A": "Open", "B": "Fully Applied", "V": "Voided"},
    # A customer refund has no status of its own until it is voided.
    CUSTOMER_REFUND: {"V": "Voided"},
}


def status_label(tran_type: str | None, status: str | None) -> str | None:
    if tran_type is None or status is None:
        return None
    return STATUS_LABELS.get(tran_type, {}).get(status)


def status_display(tran_type: str | None, status: str | None) -> str | None:
    """BUILTIN.DF(status): the label prefixed with the record type, e.g. 'Invoice : Paid In Full'."""
    label = status_label(tran_type, status)
    if label is None:
        return None
    return f"{TYPE_LABELS[tran_type]} : {label}"


def type_display(tran_type: str | None) -> str | None:
    return TYPE_LABELS.get(tran_type) if tran_type else None
