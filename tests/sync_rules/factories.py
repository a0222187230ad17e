"""Records with sensible defaults for the sync-rule tests; override any field by keyword."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from netsuite_ap_sync.rules.invoices import ap_due_date, ap_line_items
from netsuite_ap_sync.rules.records import (
    ApCustomer,
    ApFee,
    ApInvoice,
    ApPayment,
    ApPayout,
    NsCustomer,
    NsDeletion,
    NsInvoice,
    NsInvoiceLine,
    PartnerAccounts,
    PaymentRoute,
    PayoutPayment,
)

D = Decimal
T0 = "2026-01-02 10:00:00"
T1 = "2026-01-05 09:30:00"
READY = PartnerAccounts(
    undeposited_funds_id="uf-1", bank_account_id="bank-1", fee_account_id="fees-1", other_deposits_account_id="od-1"
)
NO_ACCOUNTS = PartnerAccounts()


def ns_customer(**overrides: object) -> NsCustomer:
    values: dict[str, object] = {
        "id": "4",
        "entity_id": "CUST-4",
        "company_name": "Acme IT",
        "email": "billing@acme.example",
        "is_person": False,
        "is_inactive": False,
        "external_id": None,
        "currency": "USD",
        "last_modified": T0,
    }
    values.update(overrides)
    return NsCustomer(**values)  # type: ignore[arg-type]


def ap_customer(**overrides: object) -> ApCustomer:
    values: dict[str, object] = {
        "id": "cus_4",
        "external_id": "4",
        "name": "Acme IT",
        "email": "billing@acme.example",
        "archived": False,
    }
    values.update(overrides)
    return ApCustomer(**values)  # type: ignore[arg-type]


def line(**overrides: object) -> NsInvoiceLine:
    values: dict[str, object] = {
        "item": "Managed services",
        "description": "Managed services, January",
        "quantity": D("2"),
        "rate": D("125.00"),
        "amount": D("250.00"),
    }
    values.update(overrides)
    return NsInvoiceLine(**values)  # type: ignore[arg-type]


def ns_invoice(**overrides: object) -> NsInvoice:
    values: dict[str, object] = {
        "id": "104",
        "tran_id": "INV-104",
        "customer_id": "4",
        "tran_date": date(2026, 1, 2),
        "due_date": date(2026, 2, 1),
        "currency": "USD",
        "total": D("250.00"),
        "amount_unpaid": D("250.00"),
        "amount_paid": D("0.00"),
        "status": "Open",
        "voided": False,
        "memo": None,
        "last_modified": T0,
        "lines": (line(),),
        "currency_id": "1",
    }
    values.update(overrides)
    return NsInvoice(**values)  # type: ignore[arg-type]


def ap_invoice_for(ns: NsInvoice, **overrides: object) -> ApInvoice:
    """The AP invoice exactly in sync with ``ns``."""
    values: dict[str, object] = {
        "id": f"inv_{ns.id}",
        "external_id": ns.id,
        "customer_id": "cus_4",
        "invoice_number": ns.tran_id,
        "currency": ns.currency,
        "due_date": ap_due_date(ns),
        "total": ns.total,
        "amount_due": ns.amount_unpaid,
        "status": "open" if ns.amount_unpaid == ns.total else "partially_paid",
        "paid_via": None,
        "line_items": ap_line_items(ns),
        "pdf_source_version": None,
        "memo": ns.memo,
    }
    if ns.amount_unpaid == 0:
        values.update(status="paid", paid_via="external")
    values.update(overrides)
    return ApInvoice(**values)  # type: ignore[arg-type]


def paid_in_ap(ap: ApInvoice) -> ApInvoice:
    return replace(ap, status="paid", paid_via="ap", amount_due=D("0"))


def ap_payment(**overrides: object) -> ApPayment:
    values: dict[str, object] = {
        "id": "pay_1",
        "invoice_id": "inv_104",
        "customer_id": "cus_4",
        "status": "succeeded",
        "total": D("250.00"),
        "sub_total": D("250.00"),
        "fees": (),
        "created_at": datetime(2026, 1, 31, 15, 4, 5),
        "payment_method": "ach",
    }
    values.update(overrides)
    return ApPayment(**values)  # type: ignore[arg-type]


def fee(amount: str = "2.50", **overrides: object) -> ApFee:
    values: dict[str, object] = {
        "amount": D(amount),
        "name": "ACH processing",
        "type": "FT_METHOD",
        "covered_by_customer": False,
    }
    values.update(overrides)
    return ApFee(**values)  # type: ignore[arg-type]


def ap_payout(**overrides: object) -> ApPayout:
    values: dict[str, object] = {
        "id": "po_1",
        "status": "succeeded",
        "total": D("247.50"),
        "sub_total": D("250.00"),
        "fees": (fee("2.50"),),
        "arrival_date": date(2026, 2, 3),
        "payment_ids": ("pay_1",),
    }
    values.update(overrides)
    return ApPayout(**values)  # type: ignore[arg-type]


def in_payout(payment: ApPayment, ns_payment_id: str | None = "cp-1", **overrides: object) -> PayoutPayment:
    values: dict[str, object] = {
        "payment": payment,
        "route": PaymentRoute.CUSTOMER_PAYMENT,
        "ns_payment_id": ns_payment_id,
        "deleted_by_partner": False,
    }
    values.update(overrides)
    return PayoutPayment(**values)  # type: ignore[arg-type]


def standalone_in_payout(payment: ApPayment, **overrides) -> PayoutPayment:
    return PayoutPayment(payment=payment, route=PaymentRoute.STANDALONE_DEPOSIT, **overrides)


def deletion(record_type: str, record_id: str = "104", deleted_at: str = T1) -> NsDeletion:
    return NsDeletion(record_id=record_id, record_type=record_type, deleted_at=deleted_at)
