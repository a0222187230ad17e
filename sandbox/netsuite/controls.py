"""Test controls: what the partner does in NetSuite's UI, plus reading every record back.

The same operations back the HTTP controls under /_sandbox/ and the Python
API (``sandbox.controls``). Changes stamp ``lastmodifieddate`` from the
sandbox clock like any other change.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite import views
from sandbox.netsuite.errors import not_found
from sandbox.netsuite.ledger import UNSET, Application, InvoiceLine, PaymentSpec
from sandbox.netsuite.statuses import INVOICE

if TYPE_CHECKING:
    from sandbox.netsuite.sandbox import NetSuiteSandbox

UI = "UI"
_TYPES = views.TRAN_TYPES


def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _lines(lines: list[dict[str, Any]]) -> list[InvoiceLine]:
    return [
        InvoiceLine(
            item=int(line.get("item", 1)),
            quantity=float(line.get("quantity", 1)),
            rate=line.get("rate"),
            amount=line.get("amount"),
            description=line.get("description"),
        )
        for line in lines
    ]


class SandboxControls:
    def __init__(self, sandbox: NetSuiteSandbox) -> None:
        self.sandbox = sandbox

    @property
    def ledger(self):
        return self.sandbox.ledger

    # -- customers --------------------------------------------------------------------------------------------
    def create_customer(self, companyname: str, **fields: Any) -> dict[str, Any]:
        customer_id = self.ledger.create_customer(companyname=companyname, **fields)
        return self.record("customer", customer_id)

    def update_customer(self, customer_id: int, **changes: Any) -> dict[str, Any]:
        self.ledger.update_customer(customer_id, changes)
        return self.record("customer", customer_id)

    def inactivate_customer(self, customer_id: int) -> dict[str, Any]:
        return self.update_customer(customer_id, isinactive=True)

    # -- invoices ---------------------------------------------------------------------------------------------
    def create_invoice(
        self,
        customer: int,
        lines: list[dict[str, Any]] | None = None,
        trandate: str | date | None = None,
        duedate: str | date | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        invoice_id = self.ledger.create_invoice(
            customer=customer,
            lines=_lines(lines or [{"item": 1, "quantity": 1, "rate": 100.0}]),
            trandate=_day(trandate),
            duedate=_day(duedate),
            **fields,
        )
        return self.record("invoice", invoice_id)

    def edit_invoice(self, invoice_id: int, **changes: Any) -> dict[str, Any]:
        """Change lines, total, duedate, trandate, memo or externalid (a missing key stays as it is)."""
        unknown = set(changes) - {"lines", "total", "duedate", "trandate", "memo", "externalid"}
        if unknown:
            raise ValueError(f"cannot edit {sorted(unknown)} on an invoice")
        self.ledger.update_invoice(
            invoice_id,
            lines=_lines(changes["lines"]) if changes.get("lines") is not None else None,
            total=changes.get("total"),
            duedate=_day(changes["duedate"]) if "duedate" in changes else UNSET,
            trandate=_day(changes["trandate"]) if changes.get("trandate") else UNSET,
            memo=changes.get("memo", UNSET),
            externalid=changes.get("externalid", UNSET),
        )
        return self.record("invoice", invoice_id)

    def apply_payment(self, invoice_id: int, amount: float, **fields: Any) -> dict[str, Any]:
        """A customer payment entered by the partner and applied to the invoice."""
        invoice = self._invoice(invoice_id)
        spec = PaymentSpec(
            customer=invoice["entity"],
            amount=float(amount),
            applications=[Application(invoice_id, float(amount))],
            undepfunds=fields.pop("undepfunds", True),
            account=fields.pop("account", None),
            trandate=_day(fields.pop("trandate", None)),
            currency=invoice["currency"],
            memo=fields.pop("memo", None),
            externalid=fields.pop("externalid", None),
        )
        if fields:
            raise ValueError(f"unknown payment fields {sorted(fields)}")
        payment_id = self.ledger.create_payment(spec)
        return self.record("customerpayment", payment_id)

    def apply_credit(self, invoice_id: int, amount: float, memo: str | None = None) -> dict[str, Any]:
        credit_id = self.ledger.create_credit(invoice_id, float(amount), memo)
        return self.record("creditmemo", credit_id)

    def pay_in_full(self, invoice_id: int, **fields: Any) -> dict[str, Any]:
        invoice = self._invoice(invoice_id)
        return self.apply_payment(invoice_id, invoice["foreignamountunpaid"], **fields)

    def _invoice(self, invoice_id: int) -> dict[str, Any]:
        invoice = views.transaction(self.sandbox.db, invoice_id, INVOICE)
        if invoice is None:
            raise not_found("invoice", str(invoice_id))
        return invoice

    # -- void and delete --------------------------------------------------------------------------------------
    def void(self, record_id: int) -> dict[str, Any]:
        self.ledger.void_transaction(record_id)
        row = self.sandbox.db.query_one('SELECT type FROM "transaction" WHERE id = ?', (record_id,))
        record_type = {v: k for k, v in _TYPES.items()}[row["type"]]
        return self.record(record_type, record_id)

    def delete(self, record_type: str, record_id: int) -> None:
        if record_type == "customer":
            self.ledger.delete_customer(record_id, UI)
        elif record_type in _TYPES:
            self.ledger.delete_transaction(record_id, _TYPES[record_type], UI)
        else:
            raise ValueError(f"cannot delete records of type {record_type!r}")

    # -- reading back -----------------------------------------------------------------------------------------
    def record(self, record_type: str, record_id: int) -> dict[str, Any]:
        db = self.sandbox.db
        if record_type == "customer":
            row = views.customer(db, record_id)
        elif record_type == "account":
            row = views.account(db, record_id)
        elif record_type in _TYPES:
            row = views.transaction(db, record_id, _TYPES[record_type])
        else:
            raise ValueError(f"unknown record type {record_type!r}")
        if row is None:
            raise not_found(record_type, str(record_id))
        if record_type == "invoice":
            row["lines"] = views.invoice_lines(db, record_id)
            row["applied"] = views.applied_to_invoice(db, record_id)
        elif record_type in ("customerpayment", "creditmemo", "customerrefund"):
            row["apply"] = [{"invoice": a["invoice"], "amount": a["amount"]} for a in views.applications(db, record_id)]
        elif record_type == "deposit":
            row["payments"] = [p["id"] for p in views.deposit_payments(db, record_id)]
            row["other"] = views.deposit_lines(db, record_id, "other")
            row["cashback"] = views.deposit_lines(db, record_id, "cashback")
        return row

    def records(self, kinds: set[str] | None = None) -> dict[str, list[dict[str, Any]]]:
        return views.dump(self.sandbox.db, kinds)

    def accounts(self) -> dict[str, int]:
        """Ids of the fixed accounts tests use most."""
        return {"undeposited_funds": ref.UNDEPOSITED_FUNDS, **{f"bank_{k}": v for k, v in _bank_names().items()}}


def _bank_names() -> dict[str, int]:
    codes = {ref.USD: "usd", ref.EUR: "eur", ref.GBP: "gbp", ref.CAD: "cad"}
    return {codes[currency]: account for currency, account in ref.BANK_BY_CURRENCY.items()}
