"""Records as the REST record service shows them: camelCase fields, references with refName,
dates as YYYY-MM-DD, date-times as ISO 8601 in UTC, empty fields left out."""

from __future__ import annotations

from typing import Any

from sandbox.netsuite import views
from sandbox.netsuite.clock import SandboxClock
from sandbox.netsuite.database import Database
from sandbox.netsuite.reference_data import ITEM_NAMES
from sandbox.netsuite.statuses import CREDIT_MEMO, INVOICE, PAYMENT, RECORD_TYPES, TYPE_LABELS

RECORD_PATH = "/services/rest/record/v1"


class RecordJson:
    def __init__(self, db: Database, clock: SandboxClock, base_url: str) -> None:
        self.db = db
        self.clock = clock
        self.base = f"{base_url}{RECORD_PATH}"

    # -- pieces --------------------------------------------------------------------------------------------
    def links(self, record_type: str, record_id: int | str, suffix: str = "") -> list[dict[str, str]]:
        return [{"rel": "self", "href": f"{self.base}/{record_type}/{record_id}{suffix}"}]

    def ref(self, record_type: str, record_id: int | None, name: str | None = None) -> dict[str, Any] | None:
        if record_id is None:
            return None
        value: dict[str, Any] = {"links": self.links(record_type, record_id), "id": str(record_id)}
        if name is not None:
            value["refName"] = name
        return value

    def currency_ref(self, currency_id: int | None) -> dict[str, Any] | None:
        currency = views.currency(self.db, currency_id)
        return self.ref("currency", currency_id, currency["name"] if currency else None)

    def account_ref(self, account_id: int | None) -> dict[str, Any] | None:
        account = views.account(self.db, account_id) if account_id is not None else None
        return self.ref("account", account_id, account["fullname"] if account else None)

    def customer_ref(self, customer_id: int | None) -> dict[str, Any] | None:
        customer = views.customer(self.db, customer_id) if customer_id is not None else None
        name = f"{customer['entityid']} {customer['companyname']}" if customer else None
        return self.ref("customer", customer_id, name)

    def date(self, stored: str | None) -> str | None:
        return stored[:10] if stored else None

    def moment(self, stored: str | None) -> str | None:
        if not stored:
            return None
        return self.clock.stored_to_utc(stored).strftime("%Y-%m-%dT%H:%M:%SZ")

    def sublist(self, record_type: str, record_id: int, name: str, lines: list[dict[str, Any]] | None) -> dict:
        links = self.links(record_type, record_id, f"/{name}")
        if lines is None:
            return {"links": links}
        return {
            "links": links,
            "count": len(lines),
            "hasMore": False,
            "items": lines,
            "offset": 0,
            "totalResults": len(lines),
        }

    # -- records -------------------------------------------------------------------------------------------
    def customer(self, row: dict[str, Any]) -> dict[str, Any]:
        return _compact(
            {
                "links": self.links("customer", row["id"]),
                "id": str(row["id"]),
                "entityId": row["entityid"],
                "companyName": row["companyname"],
                "email": row["email"],
                "phone": row["phone"],
                "isPerson": row["isperson"] == "T",
                "isInactive": row["isinactive"] == "T",
                "externalId": row["externalid"],
                "currency": self.currency_ref(row["currency"]),
                "subsidiary": self.ref("subsidiary", row["subsidiary"], "Parent Company"),
                "dateCreated": self.moment(row["datecreated"]),
                "lastModifiedDate": self.moment(row["lastmodifieddate"]),
            }
        )

    def account(self, row: dict[str, Any]) -> dict[str, Any]:
        return _compact(
            {
                "links": self.links("account", row["id"]),
                "id": str(row["id"]),
                "acctNumber": row["acctnumber"],
                "acctName": row["fullname"],
                "acctType": {"id": row["accttype"], "refName": row["accttype"]},
                "currency": self.currency_ref(row["currency"]),
                "description": row["description"],
                "isInactive": row["isinactive"] == "T",
            }
        )

    def _transaction(self, record_type: str, row: dict[str, Any]) -> dict[str, Any]:
        status = row.get("status_label")
        return {
            "links": self.links(record_type, row["id"]),
            "id": str(row["id"]),
            "tranId": row["tranid"],
            "tranDate": self.date(row["trandate"]),
            "currency": self.currency_ref(row["currency"]),
            "exchangeRate": row["exchangerate"],
            "memo": row["memo"],
            "externalId": row["externalid"],
            "status": {"id": status, "refName": status} if status else None,
            "createdDate": self.moment(row["createddate"]),
            "lastModifiedDate": self.moment(row["lastmodifieddate"]),
        }

    def invoice(self, row: dict[str, Any], expand: bool) -> dict[str, Any]:
        lines = None
        if expand:
            lines = [self.invoice_line(line) for line in views.invoice_lines(self.db, row["id"])]
        total = row["foreigntotal"]
        return _compact(
            {
                **self._transaction("invoice", row),
                "entity": self.customer_ref(row["entity"]),
                "dueDate": self.date(row["duedate"]),
                "subtotal": total,
                "total": total,
                "amountPaid": row["foreignamountpaid"],
                "amountRemaining": row["foreignamountunpaid"],
                "voided": row["voided"] == "T",
                "item": self.sublist("invoice", row["id"], "item", lines),
            }
        )

    def invoice_line(self, line: dict[str, Any]) -> dict[str, Any]:
        return _compact(
            {
                "links": [],
                "line": line["line"],
                "item": self.ref("item", line["item"], ITEM_NAMES.get(line["item"])),
                "quantity": line["quantity"],
                "rate": line["rate"],
                "amount": line["amount"],
                "description": line["description"],
            }
        )

    def apply_lines(self, row: dict[str, Any], types: tuple[str, ...] = (INVOICE,)) -> list[dict[str, Any]]:
        """An apply sublist: the documents the record is applied to, then the customer's other open ones
        (invoices for a payment or credit memo; payments and credit memos for a refund)."""
        applied = views.applications(self.db, row["id"])
        exclude = {a["invoice"] for a in applied}
        open_ones = views.open_documents(self.db, row["entity"], row["currency"], exclude, types)
        return [self.apply_line(a, True) for a in applied] + [self.apply_line(o, False) for o in open_ones]

    def payment(self, row: dict[str, Any], expand: bool) -> dict[str, Any]:
        lines = self.apply_lines(row) if expand else None
        return _compact(
            {
                **self._transaction("customerpayment", row),
                "customer": self.customer_ref(row["entity"]),
                "payment": row["foreigntotal"],
                "total": row["foreigntotal"],
                "applied": row["foreignpaymentamountused"],
                "unapplied": row["foreignpaymentamountunused"],
                "undepFunds": row["undepfunds"] == "T",
                "account": self.account_ref(row["account"]),
                "voided": row["voided"] == "T",
                "apply": self.sublist("customerpayment", row["id"], "apply", lines),
            }
        )

    def credit_memo(self, row: dict[str, Any], expand: bool) -> dict[str, Any]:
        items = apply = None
        if expand:
            items = [self.invoice_line(line) for line in views.invoice_lines(self.db, row["id"], sign=1)]
            apply = self.apply_lines(row)
        return _compact(
            {
                **self._transaction("creditmemo", row),
                "entity": self.customer_ref(row["entity"]),
                "total": row["foreigntotal"],
                "applied": row["foreignpaymentamountused"],
                "unapplied": row["foreignpaymentamountunused"],
                "voided": row["voided"] == "T",
                "item": self.sublist("creditmemo", row["id"], "item", items),
                "apply": self.sublist("creditmemo", row["id"], "apply", apply),
            }
        )

    def refund(self, row: dict[str, Any], expand: bool) -> dict[str, Any]:
        lines = self.apply_lines(row, (PAYMENT, CREDIT_MEMO)) if expand else None
        return _compact(
            {
                **self._transaction("customerrefund", row),
                "customer": self.customer_ref(row["entity"]),
                "account": self.account_ref(row["account"]),
                "total": row["foreigntotal"],
                "voided": row["voided"] == "T",
                "apply": self.sublist("customerrefund", row["id"], "apply", lines),
            }
        )

    def apply_line(self, application: dict[str, Any], applied: bool) -> dict[str, Any]:
        label = TYPE_LABELS[application["type"]]
        return _compact(
            {
                "links": [],
                "doc": self.ref(
                    RECORD_TYPES[application["type"]], application["invoice"], f"{label} #{application['tranid']}"
                ),
                "apply": applied,
                "amount": application["amount"] if applied else 0.0,
                "total": application["foreigntotal"],
                "due": application["foreignamountunpaid"],
                "refNum": application["tranid"],
                "applyDate": self.date(application["trandate"]),
                "type": label,
            }
        )

    def deposit(self, row: dict[str, Any], expand: bool) -> dict[str, Any]:
        payments = other = cashback = None
        if expand:
            payments = [self.deposit_payment(p) for p in views.deposit_payments(self.db, row["id"])]
            other = [self.deposit_line(line) for line in views.deposit_lines(self.db, row["id"], "other")]
            cashback = [self.deposit_line(line) for line in views.deposit_lines(self.db, row["id"], "cashback")]
        return _compact(
            {
                **self._transaction("deposit", row),
                "account": self.account_ref(row["account"]),
                "total": row["foreigntotal"],
                "payment": self.sublist("deposit", row["id"], "payment", payments),
                "other": self.sublist("deposit", row["id"], "other", other),
                "cashBack": self.sublist("deposit", row["id"], "cashBack", cashback),
            }
        )

    def deposit_payment(self, payment: dict[str, Any]) -> dict[str, Any]:
        return _compact(
            {
                "links": [],
                "id": str(payment["id"]),
                "deposit": True,
                "docNumber": payment["tranid"],
                "entity": self.customer_ref(payment["entity"]),
                "paymentAmount": payment["foreigntotal"],
                "tranDate": self.date(payment["trandate"]),
                "type": "Payment",
                "memo": payment["memo"],
            }
        )

    def deposit_line(self, line: dict[str, Any]) -> dict[str, Any]:
        return _compact(
            {
                "links": [],
                "line": line["line"],
                "account": self.account_ref(line["account"]),
                "amount": line["amount"],
                "entity": self.customer_ref(line["entity"]),
                "memo": line["memo"],
            }
        )


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
