"""Item lines of invoices and credit memos: priced from item, quantity, rate or amount, and written."""

from __future__ import annotations

import sqlite3

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite.errors import user_error
from sandbox.netsuite.ledger.base import LedgerBase
from sandbox.netsuite.ledger.specs import InvoiceLine, money


class ItemLines(LedgerBase):
    def _priced_lines(self, connection: sqlite3.Connection, lines: list[InvoiceLine]) -> list[InvoiceLine]:
        if not lines:
            raise user_error("You must enter at least one line item for this transaction.", "item")
        priced = []
        for index, line in enumerate(lines):
            path = f"item.items[{index}]"
            if connection.execute("SELECT 1 FROM item WHERE id = ?", (line.item,)).fetchone() is None:
                raise user_error(f"Invalid Field Value {line.item} for the following field: item", f"{path}.item")
            if line.quantity is None or line.quantity <= 0:
                raise user_error("The quantity must be greater than zero.", f"{path}.quantity")
            rate = line.rate
            amount = line.amount
            if rate is None and amount is None:
                raise user_error("Enter a rate or an amount for each line.", f"{path}.rate")
            if rate is None:
                rate = money(amount / line.quantity)
            if amount is None:
                amount = money(line.quantity * rate)
            if rate < 0 or amount < 0:
                raise user_error("Line amounts must not be negative.", f"{path}.amount")
            description = line.description or ref.ITEM_NAMES.get(line.item)
            priced.append(InvoiceLine(line.item, float(line.quantity), float(rate), money(amount), description))
        return priced

    def _write_lines(
        self,
        connection: sqlite3.Connection,
        record_id: int,
        lines: list[InvoiceLine],
        total: float,
        memo: str | None,
        sign: int = -1,
    ) -> None:
        """The header line and the item lines; ``sign`` is the ledger's: -1 for an invoice's income, +1 for a
        credit memo's, which takes income back."""
        connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (record_id,))
        rows = [(record_id, 0, 0, "T", None, None, None, total, memo)]
        rows += [
            (
                record_id,
                number,
                number,
                "F",
                line.item,
                sign * line.quantity,
                line.rate,
                sign * line.amount,
                line.description,
            )
            for number, line in enumerate(lines, start=1)
        ]
        connection.executemany("INSERT INTO transactionline VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
