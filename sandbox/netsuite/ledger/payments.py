"""Customer payments, applied to invoices for real."""

from __future__ import annotations

import sqlite3

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite.errors import user_error
from sandbox.netsuite.ledger.applications import Applications
from sandbox.netsuite.ledger.specs import (
    CENT,
    PaymentSpec,
    T,
    check_external_id,
    money,
    tf,
)
from sandbox.netsuite.statuses import (
    INVOICE,
    PAYMENT,
    PAYMENT_DEPOSITED,
    PAYMENT_NOT_DEPOSITED,
)


class Payments(Applications):
    # -- payments -------------------------------------------------------------------------
    def create_payment(self, spec: PaymentSpec) -> int:
        return self._create_record(self._save_payment, spec, customer_path="customer")

    def update_payment(self, payment_id: int, spec: PaymentSpec) -> None:
        self._update_record(self._save_payment, payment_id, PAYMENT, spec)

    def _save_payment(
        self, connection: sqlite3.Connection, payment_id: int, spec: PaymentSpec, existing: sqlite3.Row | None
    ) -> None:
        customer = self._customer(connection, spec.customer)
        if existing is not None:
            self._check_payment_change(connection, existing, spec)
        currency = spec.currency or customer["currency"]
        self._check_currency(connection, currency, "currency")
        amount = money(spec.amount)
        if amount <= 0:
            raise user_error("The payment amount must be greater than zero.", "payment")
        account = self._payment_account(connection, spec, currency)
        if spec.externalid is not None:
            check_external_id(spec.externalid)
            self._check_unique_external_id(connection, T, spec.externalid, payment_id, PAYMENT)
        previous = self._previous_applications(connection, payment_id)
        refunded = self._applied_to(connection, payment_id)
        if amount + CENT < refunded:
            raise user_error(f"The payment amount cannot be less than the amount refunded ({refunded}).", "payment")
        # What customer refunds paid back is no longer there to apply to invoices.
        lines = [(a.invoice, a.amount) for a in spec.applications]
        owner = (spec.customer, currency)
        budget = money(amount - refunded)
        applied = self._applications(connection, owner, lines, (INVOICE,), budget, previous, "payment")
        used = money(sum(applied.values()) + refunded)
        deposited = existing is not None and existing["ns_deposit"] is not None
        values = self._header(connection, PAYMENT, spec, existing, (currency, amount, account))
        values.update(
            entity=spec.customer,
            foreignpaymentamountused=used,
            foreignpaymentamountunused=money(amount - used),
            status=PAYMENT_DEPOSITED if deposited or not spec.undepfunds else PAYMENT_NOT_DEPOSITED,
            ns_undepfunds=tf(spec.undepfunds),
        )
        self._write_transaction(connection, payment_id, values, new=existing is None)
        self._write_main_line(connection, payment_id, amount, spec.memo)
        self._replace_applications(connection, payment_id, previous, applied)

    def _check_payment_change(self, connection: sqlite3.Connection, existing: sqlite3.Row, spec: PaymentSpec) -> None:
        self._check_editable(existing, spec.customer, "payment", "customer")
        if existing["ns_deposit"] is None:
            return
        previous = self._previous_applications(connection, existing["id"])
        same_amount = abs(existing["foreigntotal"] - money(spec.amount)) < CENT
        same_applications = {a.invoice for a in spec.applications} == set(previous) and all(
            a.amount is None or abs(previous[a.invoice] - a.amount) < CENT for a in spec.applications
        )
        if not (same_amount and same_applications and spec.undepfunds):
            raise user_error(
                f"This payment is part of deposit {existing['ns_deposit']}: its amount, applications and "
                "account cannot change."
            )

    def _payment_account(self, connection: sqlite3.Connection, spec: PaymentSpec, currency: int) -> int:
        if spec.undepfunds:
            if spec.account is not None and spec.account != ref.UNDEPOSITED_FUNDS:
                raise user_error("Leave the account empty when the payment goes to Undeposited Funds.", "account")
            return ref.UNDEPOSITED_FUNDS
        if spec.account is None:
            raise user_error("Please enter value(s) for: Account (or set undepFunds to true).", "account")
        return self._bank_account(connection, spec.account, currency, "payment")
