"""What every part of the ledger shares: ids, lookups, stamping, and recomputing applied documents.

``ns_apply`` holds every application: ``payment`` is the record that applies
(a customer payment, credit memo or customer refund), ``invoice`` the document
it is applied to (an invoice, or for a refund a payment or credit memo).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite.clock import SandboxClock
from sandbox.netsuite.database import Database
from sandbox.netsuite.errors import not_found, user_error
from sandbox.netsuite.ledger.specs import (
    CENT,
    T,
    money,
)
from sandbox.netsuite.schema import TRANSACTION_INSERT, transaction_row
from sandbox.netsuite.statuses import (
    CREDIT_APPLIED,
    CREDIT_MEMO,
    CREDIT_OPEN,
    INVOICE,
    INVOICE_OPEN,
    INVOICE_PAID,
    PAYMENT_DEPOSITED,
    PAYMENT_NOT_DEPOSITED,
    RECORD_TYPES,
)

# Writes one transaction: (connection, record id, spec, the existing row or None for a new record).
Save = Callable[[sqlite3.Connection, int, Any, sqlite3.Row | None], None]


class LedgerBase:
    def __init__(self, database: Database, clock: SandboxClock) -> None:
        self.db = database
        self.clock = clock

    # -- creating and changing a transaction ---------------------------------------------------------
    def _create_record(self, save: Save, spec: Any, customer_path: str | None = None) -> int:
        """A new transaction; with ``customer_path`` its customer (``spec.customer``) must be active."""
        with self.db.write() as connection:
            if customer_path is not None:
                customer = self._customer(connection, spec.customer, customer_path)
                if customer["isinactive"] == "T":
                    raise user_error(f"The customer {spec.customer} is inactive.", customer_path)
            record_id = self._next_id(connection, "transaction")
            save(connection, record_id, spec, None)
            return record_id

    def _update_record(self, save: Save, record_id: int, tran_type: str, spec: Any) -> None:
        with self.db.write() as connection:
            save(connection, record_id, spec, self._transaction(connection, record_id, tran_type))

    def _check_editable(self, existing: sqlite3.Row, customer: int, record: str, path: str) -> None:
        """A voided transaction is final, and a transaction stays with its customer."""
        if existing["voided"] == "T":
            raise user_error("You cannot edit a voided transaction.")
        if existing["entity"] != customer:
            raise user_error(f"The customer of an existing {record} cannot be changed.", path)

    # -- shared helpers -----------------------------------------------------------------------------
    def _stamp(self) -> str:
        return self.clock.now_stored()

    def _day(self, value: date | None) -> str:
        return (value or self.clock.today()).isoformat() + " 00:00:00"

    def _next_id(self, connection: sqlite3.Connection, sequence: str) -> int:
        key = f"seq:{sequence}"
        row = connection.execute("SELECT value FROM ns_meta WHERE key = ?", (key,)).fetchone()
        value = int(row[0]) + 1 if row else 1
        connection.execute("INSERT OR REPLACE INTO ns_meta (key, value) VALUES (?, ?)", (key, str(value)))
        return value

    def _new_tranid(self, connection: sqlite3.Connection, tran_type: str) -> str:
        return f"{ref.TRANID_PREFIX[tran_type]}{100000 + self._next_id(connection, f'tranid:{tran_type}')}"

    def _transaction(self, connection: sqlite3.Connection, record_id: int, tran_type: str) -> sqlite3.Row:
        row = connection.execute(f"SELECT * FROM {T} WHERE id = ? AND type = ?", (record_id, tran_type)).fetchone()
        if row is None:
            raise not_found(RECORD_TYPES[tran_type], str(record_id))
        return row

    def _customer(self, connection: sqlite3.Connection, customer_id: int, path: str = "customer") -> sqlite3.Row:
        row = connection.execute("SELECT * FROM customer WHERE id = ?", (customer_id,)).fetchone()
        if row is None:
            raise user_error(f"Invalid Field Value {customer_id} for the following field: {path}", path)
        return row

    def _account(self, connection: sqlite3.Connection, account_id: int, path: str) -> sqlite3.Row:
        row = connection.execute("SELECT * FROM account WHERE id = ?", (account_id,)).fetchone()
        if row is None:
            raise user_error(f"Invalid Field Value {account_id} for the following field: {path}", path)
        if row["isinactive"] == "T":
            raise user_error(f"The account {row['fullname']} is inactive.", path)
        return row

    def _bank_account(self, connection: sqlite3.Connection, account_id: int, currency: int, record: str) -> int:
        """An active Bank account in the record's currency (the one money is paid into or out of)."""
        account = self._account(connection, account_id, "account")
        if account["accttype"] != "Bank":
            raise user_error(f"The account {account['fullname']} is not a bank account.", "account")
        if account["currency"] != currency:
            raise user_error(f"The account {account['fullname']} is not in the {record}'s currency.", "account")
        return account_id

    def _check_unique_external_id(
        self, connection: sqlite3.Connection, table: str, externalid: str, own_id: int | None, tran_type: str | None
    ) -> None:
        sql = f"SELECT id FROM {table} WHERE externalid = ?"
        params: list = [externalid]
        if tran_type:
            sql += " AND type = ?"
            params.append(tran_type)
        row = connection.execute(sql, params).fetchone()
        if row is not None and row[0] != own_id:
            raise user_error(f"A record with the external ID {externalid!r} already exists.", "externalId")

    def _header(
        self,
        connection: sqlite3.Connection,
        tran_type: str,
        spec: Any,
        existing: sqlite3.Row | None,
        money_columns: tuple[int, float, int | None],
    ) -> dict[str, object]:
        """The columns every transaction writes. ``money_columns`` is (currency, total, account); a date
        left out of an update keeps the one stored; a new record gets its type, number and creation stamp."""
        currency, total, account = money_columns
        stamp = self._stamp()
        values: dict[str, object] = {
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
                type=tran_type,
                recordtype=RECORD_TYPES[tran_type],
                tranid=self._new_tranid(connection, tran_type),
                createddate=stamp,
            )
        return values

    def _write_transaction(
        self, connection: sqlite3.Connection, record_id: int, values: dict[str, object], new: bool
    ) -> None:
        """Insert a transaction row, or update the given columns of an existing one."""
        if new:
            connection.execute(TRANSACTION_INSERT, transaction_row(id=record_id, **values))
            return
        assignments = ", ".join(f"{name} = ?" for name in values)
        connection.execute(f"UPDATE {T} SET {assignments} WHERE id = ?", (*values.values(), record_id))

    def _write_main_line(self, connection: sqlite3.Connection, record_id: int, amount: float, memo: str | None) -> None:
        """The record's only transaction line: the header line holding its total."""
        connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (record_id,))
        connection.execute(
            "INSERT INTO transactionline VALUES (?, 0, 0, 'T', NULL, NULL, NULL, ?, ?)", (record_id, amount, memo)
        )

    def _deleted(
        self, connection: sqlite3.Connection, record_id: int, record_type: str, name: str, context: str
    ) -> None:
        connection.execute(
            "INSERT INTO deletedrecord VALUES (?, NULL, ?, ?, ?, ?, -5, 'F')",
            (record_id, record_type, name, self._stamp(), context),
        )

    def _refresh_invoice(self, connection: sqlite3.Connection, invoice_id: int) -> None:
        """Recompute amount paid/unpaid and status from the applications; stamp the change."""
        invoice = connection.execute(f"SELECT * FROM {T} WHERE id = ?", (invoice_id,)).fetchone()
        if invoice is None or invoice["voided"] == "T":
            return
        paid = self._applied_to(connection, invoice_id)
        unpaid = money(invoice["foreigntotal"] - paid)
        status = INVOICE_PAID if unpaid <= CENT and invoice["foreigntotal"] > 0 else INVOICE_OPEN
        connection.execute(
            f"UPDATE {T} SET foreignamountpaid = ?, foreignamountunpaid = ?, status = ?, lastmodifieddate = ? "
            "WHERE id = ?",
            (paid, max(unpaid, 0.0), status, self._stamp(), invoice_id),
        )

    def _applied_to(self, connection: sqlite3.Connection, record_id: int) -> float:
        """What is applied to a document: an invoice's payments and credits, a credit's refunds."""
        return money(
            connection.execute(
                "SELECT COALESCE(SUM(amount), 0) FROM ns_apply WHERE invoice = ?", (record_id,)
            ).fetchone()[0]
        )

    def _refresh_credit(self, connection: sqlite3.Connection, record_id: int) -> None:
        """A payment's or credit memo's unapplied amount: total less what it pays and what was refunded."""
        row = connection.execute(f"SELECT * FROM {T} WHERE id = ?", (record_id,)).fetchone()
        if row is None or row["voided"] == "T":
            return
        applied = connection.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM ns_apply WHERE payment = ?", (record_id,)
        ).fetchone()[0]
        used = money(applied + self._applied_to(connection, record_id))
        status = row["status"]
        if row["type"] == CREDIT_MEMO:
            status = CREDIT_APPLIED if row["foreigntotal"] - used <= CENT else CREDIT_OPEN
        connection.execute(
            f"UPDATE {T} SET foreignpaymentamountused = ?, foreignpaymentamountunused = ?, status = ?, "
            "lastmodifieddate = ? WHERE id = ?",
            (used, money(max(row["foreigntotal"] - used, 0.0)), status, self._stamp(), record_id),
        )

    def _refresh_document(self, connection: sqlite3.Connection, record_id: int) -> None:
        """Recompute whatever an application changed: an invoice's balance or a credit's unapplied amount."""
        row = connection.execute(f"SELECT type FROM {T} WHERE id = ?", (record_id,)).fetchone()
        if row is not None and row["type"] == INVOICE:
            self._refresh_invoice(connection, record_id)
        elif row is not None:
            self._refresh_credit(connection, record_id)

    def _has_applications_to(self, connection: sqlite3.Connection, record_id: int) -> bool:
        found = connection.execute("SELECT 1 FROM ns_apply WHERE invoice = ? LIMIT 1", (record_id,)).fetchone()
        return found is not None

    def _check_currency(self, connection: sqlite3.Connection, currency: int, path: str) -> None:
        if connection.execute("SELECT 1 FROM currency WHERE id = ?", (currency,)).fetchone() is None:
            raise user_error(f"Invalid Field Value {currency} for the following field: {path}", path)

    def _unapply(self, connection: sqlite3.Connection, record_id: int) -> list[int]:
        invoices = [r[0] for r in connection.execute("SELECT invoice FROM ns_apply WHERE payment = ?", (record_id,))]
        connection.execute("DELETE FROM ns_apply WHERE payment = ?", (record_id,))
        return invoices

    def _replace_applications(
        self, connection: sqlite3.Connection, record_id: int, previous: dict[int, float], applied: dict[int, float]
    ) -> None:
        changed = {
            invoice
            for invoice in set(previous) | set(applied)
            if abs(previous.get(invoice, 0.0) - applied.get(invoice, 0.0)) >= CENT
        }
        connection.execute("DELETE FROM ns_apply WHERE payment = ?", (record_id,))
        connection.executemany(
            "INSERT INTO ns_apply VALUES (?, ?, ?)", [(record_id, invoice, value) for invoice, value in applied.items()]
        )
        for invoice in sorted(changed):
            self._refresh_document(connection, invoice)

    def _move_payments(self, connection: sqlite3.Connection, deposit_id: int, payments: list[int]) -> None:
        """Deposited payments leave Undeposited Funds; ones dropped from the deposit return to it."""
        current = {r[0] for r in connection.execute(f"SELECT id FROM {T} WHERE ns_deposit = ?", (deposit_id,))}
        stamp = self._stamp()
        for payment_id in current - set(payments):
            connection.execute(
                f"UPDATE {T} SET ns_deposit = NULL, status = ?, lastmodifieddate = ? WHERE id = ?",
                (PAYMENT_NOT_DEPOSITED, stamp, payment_id),
            )
        for payment_id in set(payments) - current:
            connection.execute(
                f"UPDATE {T} SET ns_deposit = ?, status = ?, lastmodifieddate = ? WHERE id = ?",
                (deposit_id, PAYMENT_DEPOSITED, stamp, payment_id),
            )

    def _release_payments(self, connection: sqlite3.Connection, deposit_id: int) -> None:
        self._move_payments(connection, deposit_id, [])
