"""Customer refunds: money paid back out of a bank account against a payment's or credit memo's unapplied amount.

A refund's total is what its apply lines pay back; it never touches a deposit:
a deposited payment keeps its amount and its deposit, only its unapplied
amount is consumed.
"""

from __future__ import annotations

import sqlite3

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite.errors import user_error
from sandbox.netsuite.ledger.applications import Applications
from sandbox.netsuite.ledger.specs import RefundSpec, T, check_external_id, money
from sandbox.netsuite.statuses import CREDIT_MEMO, CUSTOMER_REFUND, PAYMENT


class Refunds(Applications):
    def create_refund(self, spec: RefundSpec) -> int:
        with self.db.write() as connection:
            if self._customer(connection, spec.customer)["isinactive"] == "T":
                raise user_error(f"The customer {spec.customer} is inactive.", "customer")
            refund_id = self._next_id(connection, "transaction")
            self._save_refund(connection, refund_id, spec, existing=None)
            return refund_id

    def update_refund(self, refund_id: int, spec: RefundSpec) -> None:
        with self.db.write() as connection:
            existing = self._transaction(connection, refund_id, CUSTOMER_REFUND)
            if existing["voided"] == "T":
                raise user_error("You cannot edit a voided transaction.")
            if existing["entity"] != spec.customer:
                raise user_error("The customer of an existing customer refund cannot be changed.", "customer")
            self._save_refund(connection, refund_id, spec, existing=existing)

    def _save_refund(
        self, connection: sqlite3.Connection, refund_id: int, spec: RefundSpec, existing: sqlite3.Row | None
    ) -> None:
        customer = self._customer(connection, spec.customer)
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
        stamp = self._stamp()
        values = {
            "entity": spec.customer,
            "trandate": self._day(spec.trandate) if spec.trandate or existing is None else existing["trandate"],
            "currency": currency,
            "exchangerate": ref.EXCHANGE_RATES.get(currency, 1.0),
            "foreigntotal": total,
            "externalid": spec.externalid,
            "memo": spec.memo,
            "lastmodifieddate": stamp,
            "ns_account": account,
        }
        if existing is None:
            values.update(
                type=CUSTOMER_REFUND,
                recordtype="customerrefund",
                tranid=self._new_tranid(connection, CUSTOMER_REFUND),
                createddate=stamp,
            )
        self._write_transaction(connection, refund_id, values, new=existing is None)
        self._write_main_line(connection, refund_id, total, spec.memo)
        self._replace_applications(connection, refund_id, previous, applied)
