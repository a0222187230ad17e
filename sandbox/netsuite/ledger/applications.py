"""Checking an apply sublist: payments and credit memos pay invoices, customer refunds pay back credits."""

from __future__ import annotations

import sqlite3

from sandbox.netsuite.errors import user_error
from sandbox.netsuite.ledger.base import LedgerBase
from sandbox.netsuite.ledger.specs import CENT, T, money
from sandbox.netsuite.statuses import CREDIT_MEMO, INVOICE, PAYMENT, TYPE_LABELS

# The column holding what a document has left to apply, and how NetSuite calls it.
_OPEN_BALANCE = {
    INVOICE: ("foreignamountunpaid", "amount due"),
    PAYMENT: ("foreignpaymentamountunused", "unapplied amount"),
    CREDIT_MEMO: ("foreignpaymentamountunused", "unapplied amount"),
}


class Applications(LedgerBase):
    def _applications(
        self,
        connection: sqlite3.Connection,
        owner: tuple[int, int],
        lines: list[tuple[int, float | None]],
        targets: tuple[str, ...],
        budget: float | None,
        previous: dict[int, float],
        record: str,
    ) -> dict[int, float]:
        """Document id -> amount for ``lines`` of (doc, amount or None for all that is open).

        ``owner`` is (customer, currency): every document must share both. ``budget`` caps the total
        (a payment's or credit memo's amount); ``previous`` is what this record applied before, which
        is open again while it is being changed.
        """
        applied: dict[int, float] = {}
        remaining = budget
        for index, (doc_id, amount) in enumerate(lines):
            path = f"apply.items[{index}]"
            document = self._applied_document(connection, doc_id, targets, owner, record, f"{path}.doc")
            if doc_id in applied:
                raise user_error(f"{TYPE_LABELS[document['type']]} {doc_id} is listed twice.", f"{path}.doc")
            column, balance_name = _OPEN_BALANCE[document["type"]]
            due = money(document[column] + previous.get(doc_id, 0.0))
            value = money(amount) if amount is not None else due if remaining is None else min(due, remaining)
            noun = TYPE_LABELS[document["type"]].lower()
            if value <= 0:
                raise user_error(f"Nothing is open on {noun} {doc_id}.", f"{path}.amount")
            if value > due + CENT:
                raise user_error(
                    f"The amount applied to {noun} {doc_id} ({value}) is more than its {balance_name} ({due}).",
                    f"{path}.amount",
                )
            if remaining is not None:
                remaining = money(remaining - value)
                if remaining < -CENT:
                    raise user_error(f"The total applied is more than the {record} amount.", f"{path}.amount")
            applied[doc_id] = value
        return applied

    def _applied_document(
        self,
        connection: sqlite3.Connection,
        doc_id: int,
        targets: tuple[str, ...],
        owner: tuple[int, int],
        record: str,
        path: str,
    ) -> sqlite3.Row:
        marks = ", ".join("?" for _ in targets)
        document = connection.execute(
            f"SELECT * FROM {T} WHERE id = ? AND type IN ({marks})", (doc_id, *targets)
        ).fetchone()
        kinds = " or ".join(TYPE_LABELS[t].lower() for t in targets)
        if document is None:
            raise user_error(f"Invalid apply reference: {kinds} {doc_id} does not exist.", path)
        noun = TYPE_LABELS[document["type"]]
        customer, currency = owner
        if document["entity"] != customer:
            raise user_error(
                f"{noun} {doc_id} belongs to another customer and cannot be applied to this {record}.", path
            )
        if document["voided"] == "T":
            raise user_error(f"{noun} {doc_id} is voided.", path)
        if document["currency"] != currency:
            raise user_error(f"{noun} {doc_id} is in another currency than the {record}.", path)
        return document

    def _previous_applications(self, connection: sqlite3.Connection, record_id: int) -> dict[int, float]:
        return dict(
            connection.execute("SELECT invoice, amount FROM ns_apply WHERE payment = ?", (record_id,)).fetchall()
        )
