"""Reading records back as plain dicts (NetSuite column names), for the record service and controls."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sandbox.netsuite.database import Database
from sandbox.netsuite.statuses import CREDIT_MEMO, CUSTOMER_REFUND, DEPOSIT, INVOICE, PAYMENT, status_label

T = '"transaction"'
_HIDDEN = ("ns_account", "ns_undepfunds", "ns_deposit")


def _plain(row: Any) -> dict[str, Any]:
    return dict(row) if row is not None else {}


def customer(db: Database, customer_id: int) -> dict[str, Any] | None:
    row = db.query_one("SELECT * FROM customer WHERE id = ?", (customer_id,))
    return _plain(row) or None


def account(db: Database, account_id: int) -> dict[str, Any] | None:
    row = db.query_one("SELECT * FROM account WHERE id = ?", (account_id,))
    return _plain(row) or None


def currency(db: Database, currency_id: int | None) -> dict[str, Any] | None:
    if currency_id is None:
        return None
    return _plain(db.query_one("SELECT * FROM currency WHERE id = ?", (currency_id,))) or None


def transaction(db: Database, record_id: int, tran_type: str) -> dict[str, Any] | None:
    row = db.query_one(f"SELECT * FROM {T} WHERE id = ? AND type = ?", (record_id, tran_type))
    if row is None:
        return None
    record = dict(row)
    record["status_label"] = status_label(record["type"], record["status"])
    record["account"] = record.pop("ns_account")
    record["undepfunds"] = record.pop("ns_undepfunds")
    record["deposit"] = record.pop("ns_deposit")
    return record


def invoice_lines(db: Database, record_id: int, sign: int = -1) -> list[dict[str, Any]]:
    """Item lines as the invoice or credit memo shows them (positive quantity and amount); ``sign`` is the
    ledger's sign of the stored lines: -1 for an invoice, +1 for a credit memo."""
    rows = db.query(
        "SELECT l.*, i.itemid FROM transactionline l LEFT JOIN item i ON i.id = l.item "
        "WHERE l.\"transaction\" = ? AND l.mainline = 'F' ORDER BY l.id",
        (record_id,),
    )
    return [_line(row, sign) for row in rows]


def _line(row: Any, sign: int = -1) -> dict[str, Any]:
    row = dict(row)
    return {
        "line": row["id"],
        "item": row["item"],
        "itemid": row.get("itemid"),
        "quantity": sign * row["quantity"] if row["quantity"] is not None else None,
        "rate": row["rate"],
        "amount": sign * row["foreignamount"] if row["foreignamount"] is not None else None,
        "description": row["memo"],
    }


def applications(db: Database, record_id: int) -> list[dict[str, Any]]:
    """The documents a record is applied to: a payment's or credit memo's invoices, a refund's credits."""
    rows = db.query(
        f"SELECT a.invoice, a.amount, t.type, t.tranid, t.foreigntotal, "
        f"COALESCE(t.foreignamountunpaid, t.foreignpaymentamountunused) AS foreignamountunpaid, "
        f"t.trandate, t.duedate "
        f"FROM ns_apply a JOIN {T} t ON t.id = a.invoice WHERE a.payment = ? ORDER BY a.invoice",
        (record_id,),
    )
    return [dict(row) for row in rows]


def applied_to_invoice(db: Database, invoice_id: int) -> list[dict[str, Any]]:
    """Payments and credits applied to an invoice."""
    rows = db.query(
        f"SELECT a.payment AS id, t.type, t.tranid, a.amount, t.trandate FROM ns_apply a "
        f"JOIN {T} t ON t.id = a.payment WHERE a.invoice = ? ORDER BY a.payment",
        (invoice_id,),
    )
    return [dict(row) for row in rows]


def open_documents(
    db: Database, customer_id: int, currency_id: int, exclude: set[int], types: tuple[str, ...] = (INVOICE,)
) -> list[dict[str, Any]]:
    """The customer's documents with something left to apply: open invoices, or payments and credit memos
    with an unapplied amount (what a refund can pay back)."""
    marks = ", ".join("?" for _ in types)
    rows = db.query(
        "SELECT id AS invoice, 0.0 AS amount, type, tranid, foreigntotal, "
        "COALESCE(foreignamountunpaid, foreignpaymentamountunused) AS foreignamountunpaid, trandate, duedate "
        f"FROM {T} WHERE entity = ? AND currency = ? AND type IN ({marks}) AND voided = 'F' "
        "AND ((type = ? AND status = 'A') OR (type <> ? AND foreignpaymentamountunused > 0.005)) "
        "ORDER BY id LIMIT 1000",
        (customer_id, currency_id, *types, INVOICE, INVOICE),
    )
    return [dict(row) for row in rows if row["invoice"] not in exclude]


def deposit_payments(db: Database, deposit_id: int) -> list[dict[str, Any]]:
    rows = db.query(
        f"SELECT id, tranid, entity, trandate, foreigntotal, currency, memo FROM {T} WHERE ns_deposit = ? ORDER BY id",
        (deposit_id,),
    )
    return [dict(row) for row in rows]


def deposit_lines(db: Database, deposit_id: int, kind: str) -> list[dict[str, Any]]:
    rows = db.query("SELECT * FROM ns_depositline WHERE deposit = ? AND kind = ? ORDER BY line", (deposit_id, kind))
    return [dict(row) for row in rows]


def id_by_external_id(db: Database, record_type: str, externalid: str) -> int | None:
    if record_type == "customer":
        return db.scalar("SELECT id FROM customer WHERE externalid = ?", (externalid,))
    tran_type = TRAN_TYPES.get(record_type)
    if tran_type is None:
        return None
    return db.scalar(f"SELECT id FROM {T} WHERE externalid = ? AND type = ?", (externalid, tran_type))


TRAN_TYPES = {
    "invoice": INVOICE,
    "customerpayment": PAYMENT,
    "creditmemo": CREDIT_MEMO,
    "customerrefund": CUSTOMER_REFUND,
    "deposit": DEPOSIT,
}


# -- the whole account, for GET /_sandbox/records ------------------------------------------------------
def dump(db: Database, kinds: set[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    # Refunds only when asked for, so the default dump keeps the shape its readers know.
    wanted = kinds or {"customers", "invoices", "payments", "credits", "deposits", "deleted", "accounts", "currencies"}
    out: dict[str, list[dict[str, Any]]] = {}
    if "customers" in wanted:
        out["customers"] = [dict(r) for r in db.query("SELECT * FROM customer ORDER BY id")]
    if "accounts" in wanted:
        out["accounts"] = [dict(r) for r in db.query("SELECT * FROM account ORDER BY id")]
    if "currencies" in wanted:
        out["currencies"] = [dict(r) for r in db.query("SELECT * FROM currency ORDER BY id")]
    applied = _applications_by_record(db) if wanted & {"invoices", "payments", "credits", "refunds"} else ({}, {})
    if "invoices" in wanted:
        lines = _lines_by_invoice(db)
        out["invoices"] = [
            {**_transaction_dict(r), "lines": lines.get(r["id"], []), "applied": applied[1].get(r["id"], [])}
            for r in db.query(f"SELECT * FROM {T} WHERE type = ? ORDER BY id", (INVOICE,))
        ]
    for key, tran_type in (("payments", PAYMENT), ("credits", CREDIT_MEMO), ("refunds", CUSTOMER_REFUND)):
        if key in wanted:
            out[key] = [
                {**_transaction_dict(r), "apply": applied[0].get(r["id"], [])}
                for r in db.query(f"SELECT * FROM {T} WHERE type = ? ORDER BY id", (tran_type,))
            ]
    if "deposits" in wanted:
        out["deposits"] = [
            _deposit_dict(db, r) for r in db.query(f"SELECT * FROM {T} WHERE type = ? ORDER BY id", (DEPOSIT,))
        ]
    if "deleted" in wanted:
        out["deleted"] = [dict(r) for r in db.query("SELECT * FROM deletedrecord ORDER BY deleteddate, recordid")]
    return out


def _transaction_dict(row: Any) -> dict[str, Any]:
    record = {k: v for k, v in dict(row).items() if k not in _HIDDEN}
    record["status_label"] = status_label(row["type"], row["status"])
    record["account"] = row["ns_account"]
    if row["type"] == PAYMENT:
        record["undepfunds"] = row["ns_undepfunds"]
        record["deposit"] = row["ns_deposit"]
    return record


def _deposit_dict(db: Database, row: Any) -> dict[str, Any]:
    return {
        **_transaction_dict(row),
        "payments": [p["id"] for p in deposit_payments(db, row["id"])],
        "other": deposit_lines(db, row["id"], "other"),
        "cashback": deposit_lines(db, row["id"], "cashback"),
    }


def _lines_by_invoice(db: Database) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = db.query(
        f'SELECT l.* FROM transactionline l JOIN {T} t ON t.id = l."transaction" '
        "WHERE t.type = ? AND l.mainline = 'F' ORDER BY l.\"transaction\", l.id",
        (INVOICE,),
    )
    for row in rows:
        grouped[row["transaction"]].append(_line(row))
    return grouped


def _applications_by_record(db: Database) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    by_payment: dict[int, list[dict]] = defaultdict(list)
    by_invoice: dict[int, list[dict]] = defaultdict(list)
    for row in db.query("SELECT payment, invoice, amount FROM ns_apply ORDER BY payment, invoice"):
        by_payment[row["payment"]].append({"invoice": row["invoice"], "amount": row["amount"]})
        by_invoice[row["invoice"]].append({"payment": row["payment"], "amount": row["amount"]})
    return by_payment, by_invoice
