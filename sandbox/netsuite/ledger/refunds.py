"""Customer refunds: money paid back out of a bank account against a payment's or credit memo's unapplied amount.

A refund's total is what its apply lines pay back; it never touches a deposit:
a deposited payment keeps its amount and its deposit, only its unapplied
amount is consumed.
"""

from __future__ import annotations

import sqlite3

from sandbox.netsuite.errors import user_error
from sandbox.netsuite.ledger.applications import Applications
from sandbox.netsuite.ledger.specs import RefundSpec, T, check_external_id, money
from sandbox.netsuite.statuses import CREDIT_MEMO, CUSTOMER_REFUND, PAYMENT


class Refunds(Applications):
    def create_refund(self, spec: RefundSpec) -> int:
        return self._create_record(self._save_refund, spec, customer_path="customer")

    def update_refund(self, refund_id: int, spec: RefundSpec) -> None:
        self._update_record(self._save_refund, refund_id, CUSTOMER_REFUND, spec)

    def _save_refund(
        self, connection: sqlite3.Connection, refund_id: int, spec: RefundSpec, existing: sqlite3.Row | None
    ) -> None:
        customer = self._customer(connection, spec.customer)
        if existing is not None:
            self._check_editable(existing, spec.customer, "customer refund", "customer")
        currency = spec.currency or customer["currency"]
        self._check_currency(connection, currency, "currency")
        account = self._bank_account(connection, spec.account, currency, "customer refund")
        if spec.externalid is not None:
            check_external_id(spec.externalid)
            self._check_unique_external_id(connection, T, spec.externalid, refund_id, CUSTOMER_REFUND)
        if not spec.applications:
            raise user_error("You must apply the refund to at least one payment or credit memo.", "apply")
        previous = self._previous_applications(connection, refund_id)
        lines = [(line.doc, line.amount) for line in spec.applications]
        owner = (spec.customer, currency)
        applied = self._applications(
            connection, owner, lines, (PAYMENT, CREDIT_MEMO), None, previous, "customer refund"
        )
        total = money(sum(applied.values()))
        values = self._header(connection, CUSTOMER_REFUND, spec, existing, (currency, total, account))
        values["entity"] = spec.customer
        self._write_transaction(connection, refund_id, values, new=existing is None)
        self._write_main_line(connection, refund_id, total, spec.memo)
        self._replace_applications(connection, refund_id, previous, applied)
