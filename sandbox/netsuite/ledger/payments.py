"""Customer payments and credit memos, applied to invoices for real."""

from __future__ import annotations

import sqlite3

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite.errors import user_error
from sandbox.netsuite.ledger.base import LedgerBase
from sandbox.netsuite.ledger.specs import (
    CENT,
    PaymentSpec,
    T,
    check_external_id,
    money,
    tf,
)
from sandbox.netsuite.statuses import (
    CREDIT_APPLIED,
    CREDIT_MEMO,
    INVOICE,
    PAYMENT,
    PAYMENT_DEPOSITED,
    PAYMENT_NOT_DEPOSITED,
)


class Payments(LedgerBase):
    # -- payments and credits -------------------------------------------------------------------------
    def create_payment(self, spec: PaymentSpec) -> int:
        with self.db.write() as connection:
            payment_id = self._next_id(connection, "transaction")
            self._save_payment(connection, payment_id, spec, existing=None)
            return payment_id

    def update_payment(self, payment_id: int, spec: PaymentSpec) -> None:
        with self.db.write() as connection:
            existing = self._transaction(connection, payment_id, PAYMENT)
            self._save_payment(connection, payment_id, spec, existing=existing)

    def _save_payment(
        self, connection: sqlite3.Connection, payment_id: int, spec: PaymentSpec, existing: sqlite3.Row | None
    ) -> None:
        customer = self._customer(connection, spec.customer)
        if existing is not None:
            self._check_payment_change(connection, existing, spec)
        elif customer["isinactive"] == "T":
            raise user_error(f"The customer {spec.customer} is inactive.", "customer")
        currency = spec.currency or customer["currency"]
        self._check_currency(connection, currency, "currency")
        amount = money(spec.amount)
        if amount <= 0:
            raise user_error("The payment amount must be greater than zero.", "payment")
        account = self._payment_account(connection, spec, currency)
        if spec.externalid is not None:
            check_external_id(spec.externalid)
            self._check_unique_external_id(connection, T, spec.externalid, payment_id, PAYMENT)
        previous = dict(
            connection.execute("SELECT invoice, amount FROM ns_apply WHERE payment = ?", (payment_id,)).fetchall()
        )
        applied = self._applications(connection, spec, currency, amount, previous)
        used = money(sum(applied.values()))
        stamp = self._stamp()
        deposited = existing is not None and existing["ns_deposit"] is not None
        status = PAYMENT_DEPOSITED if deposited or not spec.undepfunds else PAYMENT_NOT_DEPOSITED
        day = self._day(spec.trandate) if spec.trandate or existing is None else existing["trandate"]
        values = {
            "type": PAYMENT,
            "recordtype": "customerpayment",
            "entity": spec.customer,
            "trandate": day,
            "currency": currency,
            "exchangerate": ref.EXCHANGE_RATES.get(currency, 1.0),
            "foreigntotal": amount,
            "foreignpaymentamountused": used,
            "foreignpaymentamountunused": money(amount - used),
            "status": status,
            "externalid": spec.externalid,
            "memo": spec.memo,
            "lastmodifieddate": stamp,
            "ns_account": account,
            "ns_undepfunds": tf(spec.undepfunds),
        }
        if existing is None:
            values.update(tranid=self._new_tranid(connection, PAYMENT), createddate=stamp)
        self._write_transaction(connection, payment_id, values, new=existing is None)
        connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (payment_id,))
        connection.execute(
            "INSERT INTO transactionline VALUES (?, 0, 0, 'T', NULL, NULL, NULL, ?, ?)", (payment_id, amount, spec.memo)
        )
        self._replace_applications(connection, payment_id, previous, applied)

    def _check_payment_change(self, connection: sqlite3.Connection, existing: sqlite3.Row, spec: PaymentSpec) -> None:
        if existing["voided"] == "T":
            raise user_error("You cannot edit a voided transaction.")
        if existing["entity"] != spec.customer:
            raise user_error("The customer of an existing payment cannot be changed.", "customer")
        if existing["ns_deposit"] is None:
            return
        previous = dict(
            connection.execute("SELECT invoice, amount FROM ns_apply WHERE payment = ?", (existing["id"],)).fetchall()
        )
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
        account = self._account(connection, spec.account, "account")
        if account["accttype"] != "Bank":
            raise user_error(f"The account {account['fullname']} is not a bank account.", "account")
        if account["currency"] != currency:
            raise user_error(f"The account {account['fullname']} is not in the payment's currency.", "account")
        return spec.account

    def _applications(
        self,
        connection: sqlite3.Connection,
        spec: PaymentSpec,
        currency: int,
        amount: float,
        previous: dict[int, float],
    ) -> dict[int, float]:
        applied: dict[int, float] = {}
        remaining = amount
        for index, application in enumerate(spec.applications):
            path = f"apply.items[{index}]"
            invoice = connection.execute(
                f"SELECT * FROM {T} WHERE id = ? AND type = ?", (application.invoice, INVOICE)
            ).fetchone()
            if invoice is None:
                raise user_error(
                    f"Invalid apply reference: invoice {application.invoice} does not exist.", f"{path}.doc"
                )
            if application.invoice in applied:
                raise user_error(f"Invoice {application.invoice} is listed twice.", f"{path}.doc")
            if invoice["entity"] != spec.customer:
                raise user_error(
                    f"Invoice {application.invoice} belongs to another customer and cannot be paid by this payment.",
                    f"{path}.doc",
                )
            if invoice["voided"] == "T":
                raise user_error(f"Invoice {application.invoice} is voided.", f"{path}.doc")
            if invoice["currency"] != currency:
                raise user_error(
                    f"Invoice {application.invoice} is in another currency than the payment.", f"{path}.doc"
                )
            due = money(invoice["foreignamountunpaid"] + previous.get(application.invoice, 0.0))
            value = min(due, remaining) if application.amount is None else money(application.amount)
            if value <= 0:
                raise user_error(f"Nothing is due on invoice {application.invoice}.", f"{path}.amount")
            if value > due + CENT:
                raise user_error(
                    f"The amount applied to invoice {application.invoice} ({value}) is more than its "
                    f"amount due ({due}).",
                    f"{path}.amount",
                )
            remaining = money(remaining - value)
            if remaining < -CENT:
                raise user_error("The total applied is more than the payment amount.", f"{path}.amount")
            applied[application.invoice] = value
        return applied

    def create_credit(self, invoice_id: int, amount: float, memo: str | None = None) -> int:
        """A credit memo for the invoice's customer, applied to the invoice."""
        with self.db.write() as connection:
            invoice = self._transaction(connection, invoice_id, INVOICE)
            if invoice["voided"] == "T":
                raise user_error(f"Invoice {invoice_id} is voided.")
            value = money(amount)
            if value <= 0 or value > invoice["foreignamountunpaid"] + CENT:
                raise user_error(
                    f"The credit ({value}) must be positive and at most the amount due "
                    f"({invoice['foreignamountunpaid']})."
                )
            credit_id = self._next_id(connection, "transaction")
            stamp = self._stamp()
            values = {
                "type": CREDIT_MEMO,
                "recordtype": "creditmemo",
                "tranid": self._new_tranid(connection, CREDIT_MEMO),
                "entity": invoice["entity"],
                "trandate": self._day(None),
                "currency": invoice["currency"],
                "exchangerate": invoice["exchangerate"],
                "foreigntotal": value,
                "foreignpaymentamountused": value,
                "foreignpaymentamountunused": 0.0,
                "status": CREDIT_APPLIED,
                "memo": memo,
                "createddate": stamp,
                "lastmodifieddate": stamp,
            }
            self._write_transaction(connection, credit_id, values, new=True)
            connection.execute(
                "INSERT INTO transactionline VALUES (?, 0, 0, 'T', NULL, NULL, NULL, ?, ?)", (credit_id, value, memo)
            )
            self._replace_applications(connection, credit_id, {}, {invoice_id: value})
            return credit_id
