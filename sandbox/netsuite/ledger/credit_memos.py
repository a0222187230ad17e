"""Credit memos: item lines (or one amount) that lower what a customer owes, applied to invoices for real."""

from __future__ import annotations

import sqlite3

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite.errors import user_error
from sandbox.netsuite.ledger.applications import Applications
from sandbox.netsuite.ledger.item_lines import ItemLines
from sandbox.netsuite.ledger.specs import (
    CENT,
    Application,
    CreditMemoSpec,
    T,
    check_external_id,
    money,
)
from sandbox.netsuite.statuses import CREDIT_MEMO, CREDIT_OPEN, INVOICE


class CreditMemos(Applications, ItemLines):
    def create_credit_memo(self, spec: CreditMemoSpec) -> int:
        return self._create_record(self._save_credit_memo, spec, customer_path="entity")

    def update_credit_memo(self, credit_id: int, spec: CreditMemoSpec) -> None:
        self._update_record(self._save_credit_memo, credit_id, CREDIT_MEMO, spec)

    def create_credit(self, invoice_id: int, amount: float, memo: str | None = None) -> int:
        """A credit memo of one amount for the invoice's customer, applied to the invoice (test controls)."""
        # One write: the invoice read here is the one the credit is applied to.
        with self.db.write() as connection:
            invoice = self._transaction(connection, invoice_id, INVOICE)
            spec = CreditMemoSpec(
                customer=invoice["entity"],
                amount=amount,
                applications=[Application(invoice_id, amount)],
                currency=invoice["currency"],
                memo=memo,
            )
            return self._create_record(self._save_credit_memo, spec)

    def _save_credit_memo(
        self, connection: sqlite3.Connection, credit_id: int, spec: CreditMemoSpec, existing: sqlite3.Row | None
    ) -> None:
        customer = self._customer(connection, spec.customer, "entity")
        if existing is not None:
            self._check_editable(existing, spec.customer, "credit memo", "entity")
        currency = spec.currency or customer["currency"]
        self._check_currency(connection, currency, "currency")
        if spec.externalid is not None:
            check_external_id(spec.externalid)
            self._check_unique_external_id(connection, T, spec.externalid, credit_id, CREDIT_MEMO)
        priced = self._priced_lines(connection, spec.lines) if spec.lines or spec.amount is None else []
        total = money(sum(line.amount for line in priced)) if priced else money(spec.amount or 0.0)
        if total <= 0:
            raise user_error("The credit memo total must be greater than zero.", "item")
        refunded = self._applied_to(connection, credit_id)
        if total + CENT < refunded:
            raise user_error(f"The credit memo total cannot be less than the amount refunded ({refunded}).", "item")
        previous = self._previous_applications(connection, credit_id)
        lines = [(a.invoice, a.amount) for a in spec.applications]
        # What customer refunds paid back is no longer there to apply to invoices.
        budget = money(total - refunded)
        applied = self._applications(
            connection, (spec.customer, currency), lines, (INVOICE,), budget, previous, "credit memo"
        )
        values = self._header(connection, CREDIT_MEMO, spec, existing, (currency, total, ref.ACCOUNTS_RECEIVABLE))
        values["entity"] = spec.customer
        if existing is None:
            values["status"] = CREDIT_OPEN
        self._write_transaction(connection, credit_id, values, new=existing is None)
        if priced:
            self._write_lines(connection, credit_id, priced, total, spec.memo, sign=1)
        else:
            self._write_main_line(connection, credit_id, total, spec.memo)
        self._replace_applications(connection, credit_id, previous, applied)
        self._refresh_credit(connection, credit_id)
