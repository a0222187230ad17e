"""API answers -> staging rows: raw JSON kept whole, typed columns beside it, and a hash of both."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from netsuite_ap_sync.mapping.values import ns_bool, text, to_date, to_decimal, to_money


def status_label(value) -> str | None:
    """BUILTIN.DF(status) reads 'Invoice : Paid In Full' on transactions; the rules know 'Paid In Full'."""
    label = text(value)
    return label.rsplit(" : ", 1)[-1] if label else None


def _base(partner_id: str, run_id: str, source_id, source_modified, raw: dict) -> dict:
    return {
        "partner_id": partner_id,
        "run_id": run_id,
        "source_id": text(source_id) or "",
        "source_modified": text(source_modified) or "",
        # Empty fields left out: NetSuite omits them from some answers and not others, and the
        # same version must read the same whichever query read it (staging compares readings).
        "raw_json": json.dumps({k: v for k, v in raw.items() if v is not None}, sort_keys=True, default=str),
    }


# Where and when a row was read, not what it says: left out of its content hash.
_NOT_CONTENT = ("partner_id", "run_id")


def _hashed(staged: dict) -> dict:
    """``staged`` with its ``content_hash``: sha256 of the canonical JSON of its typed values and
    raw JSON. Staging compares it to tell a record changed within its last-modified second from
    one read again unchanged (NetSuite's clock has one-second steps)."""
    content = {k: v for k, v in staged.items() if k not in _NOT_CONTENT}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    staged["content_hash"] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return staged


def ns_customer(row: dict, partner_id: str, run_id: str) -> dict:
    return _hashed(
        {
            **_base(partner_id, run_id, row.get("id"), row.get("lastmodifieddate"), row),
            "entity_id": text(row.get("entityid")),
            "company_name": text(row.get("companyname")),
            "email": text(row.get("email")),
            "is_person": ns_bool(row.get("isperson")),
            "is_inactive": ns_bool(row.get("isinactive")),
            "external_id": text(row.get("externalid")),
            "currency": text(row.get("currency")),
        }
    )


def ns_invoice(row: dict, partner_id: str, run_id: str) -> dict:
    return _hashed(
        {
            **_base(partner_id, run_id, row.get("id"), row.get("lastmodifieddate"), row),
            "tran_id": text(row.get("tranid")),
            "customer_id": text(row.get("entity")),
            "tran_date": to_date(row.get("trandate")),
            "due_date": to_date(row.get("duedate")),
            "currency": text(row.get("currencysymbol")),
            "total": to_money(row.get("foreigntotal")),
            "amount_unpaid": to_money(row.get("foreignamountunpaid")),
            "amount_paid": to_money(row.get("foreignamountpaid")),
            "status": status_label(row.get("status")),
            "voided": ns_bool(row.get("voided")),
            "external_id": text(row.get("externalid")),
        }
    )


def _negated(value):
    return -value if value is not None else None


def ns_invoice_line(row: dict, source_modified: str, partner_id: str, run_id: str) -> dict:
    """SuiteQL shows an invoice's sales lines from the ledger's side (quantity and amount
    negative); AP wants them as the customer sees them."""
    return {
        "partner_id": partner_id,
        "run_id": run_id,
        "invoice_id": text(row.get("transaction")) or "",
        "line_id": text(row.get("id")) or "",
        "source_modified": source_modified,
        "item": text(row.get("item")),
        "description": text(row.get("memo")),
        "quantity": _negated(to_decimal(row.get("quantity"))),
        "rate": to_decimal(row.get("rate")),
        "amount": _negated(to_money(row.get("foreignamount"))),
    }


def ns_deletion(row: dict, partner_id: str, run_id: str) -> dict:
    record_type = text(row.get("type")) or ""
    return _hashed(
        {
            # A deleted customer and a deleted invoice may share an internal id.
            **_base(partner_id, run_id, f"{record_type}:{text(row.get('recordid'))}", row.get("deleteddate"), row),
            "record_type": record_type,
            "name": text(row.get("name")),
        }
    )


def ap_record(**columns: Callable) -> Callable[[dict, str, str], dict]:
    """The staging-row mapper of an AP object: its typed columns are the answer's fields of the
    same name, each read with the function given (``text``, ``to_money`` ...)."""

    def to_row(row: dict, partner_id: str, run_id: str) -> dict:
        typed = {column: read(row.get(column)) for column, read in columns.items()}
        return _hashed({**_base(partner_id, run_id, row.get("id"), row.get("updated_at"), row), **typed})

    return to_row


ap_payment = ap_record(
    invoice_id=text, customer_id=text, status=text, total=to_money, sub_total=to_money, payment_method=text
)
ap_payout = ap_record(status=text, total=to_money, sub_total=to_money, arrival_date=to_date)
