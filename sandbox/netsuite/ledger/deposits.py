"""Deposits: payments leave Undeposited Funds; other and cash-back lines."""

from __future__ import annotations

import sqlite3

from sandbox.netsuite.errors import user_error
from sandbox.netsuite.ledger.base import LedgerBase
from sandbox.netsuite.ledger.specs import (
    DepositSpec,
    T,
    check_external_id,
    money,
)
from sandbox.netsuite.statuses import (
    DEPOSIT,
    PAYMENT,
)


class Deposits(LedgerBase):
    # -- deposits -------------------------------------------------------------------------------------
    def create_deposit(self, spec: DepositSpec) -> int:
        return self._create_record(self._save_deposit, spec)

    def update_deposit(self, deposit_id: int, spec: DepositSpec) -> None:
        self._update_record(self._save_deposit, deposit_id, DEPOSIT, spec)

    def _save_deposit(
        self, connection: sqlite3.Connection, deposit_id: int, spec: DepositSpec, existing: sqlite3.Row | None
    ) -> None:
        account = self._account(connection, spec.account, "account")
        if account["accttype"] != "Bank":
            raise user_error(f"The account {account['fullname']} is not a bank account.", "account")
        currency = account["currency"]
        if spec.externalid is not None:
            check_external_id(spec.externalid)
            self._check_unique_external_id(connection, T, spec.externalid, deposit_id, DEPOSIT)
        payments_total = self._check_deposit_payments(connection, deposit_id, spec.payments, currency)
        other_total = self._check_lines(connection, spec.other, "other")
        cashback_total = self._check_lines(connection, spec.cashback, "cashBack")
        if not spec.payments and not spec.other:
            raise user_error("A deposit needs at least one payment or other deposit line.", "payment")
        total = money(payments_total + other_total - cashback_total)
        if total < 0:
            raise user_error("The cash back is more than the deposit.", "cashBack")
        values = self._header(connection, DEPOSIT, spec, existing, (currency, total, spec.account))
        self._write_transaction(connection, deposit_id, values, new=existing is None)
        self._write_main_line(connection, deposit_id, total, spec.memo)
        self._move_payments(connection, deposit_id, spec.payments)
        connection.execute("DELETE FROM ns_depositline WHERE deposit = ?", (deposit_id,))
        lines = [
            (deposit_id, n, "other", o.account, money(o.amount), o.entity, o.memo) for n, o in enumerate(spec.other)
        ]
        lines += [
            (deposit_id, len(spec.other) + n, "cashback", c.account, money(c.amount), None, c.memo)
            for n, c in enumerate(spec.cashback)
        ]
        connection.executemany("INSERT INTO ns_depositline VALUES (?, ?, ?, ?, ?, ?, ?)", lines)

    def _check_deposit_payments(
        self, connection: sqlite3.Connection, deposit_id: int, payments: list[int], currency: int
    ) -> float:
        total = 0.0
        if len(set(payments)) != len(payments):
            raise user_error("A payment is listed twice.", "payment")
        for index, payment_id in enumerate(payments):
            path = f"payment.items[{index}].id"
            row = connection.execute(f"SELECT * FROM {T} WHERE id = ? AND type = ?", (payment_id, PAYMENT)).fetchone()
            if row is None:
                raise user_error(f"Invalid Field Value {payment_id}: no such customer payment.", path)
            if row["voided"] == "T":
                raise user_error(f"Payment {payment_id} is voided.", path)
            if row["ns_undepfunds"] != "T":
                raise user_error(f"Payment {payment_id} was not received into Undeposited Funds.", path)
            if row["ns_deposit"] is not None and row["ns_deposit"] != deposit_id:
                raise user_error(
                    f"Payment {payment_id} has already been deposited (deposit {row['ns_deposit']}).", path
                )
            if row["currency"] != currency:
                raise user_error(f"Payment {payment_id} is not in the bank account's currency.", path)
            total += row["foreigntotal"]
        return money(total)

    def _check_lines(self, connection: sqlite3.Connection, lines: list, sublist: str) -> float:
        total = 0.0
        for index, line in enumerate(lines):
            path = f"{sublist}.items[{index}]"
            self._account(connection, line.account, f"{path}.account")
            if line.amount is None or line.amount <= 0:
                raise user_error("The amount must be greater than zero.", f"{path}.amount")
            entity = getattr(line, "entity", None)
            if entity is not None:
                self._customer(connection, entity, f"{path}.entity")
            total += line.amount
        return money(total)
