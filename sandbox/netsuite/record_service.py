"""The record service's operations: get, list, create, update, upsert by external id, delete."""

from __future__ import annotations

from typing import Any

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite import views
from sandbox.netsuite.clock import SandboxClock
from sandbox.netsuite.database import Database
from sandbox.netsuite.errors import NetSuiteError, invalid_content, invalid_parameter, not_found, user_error
from sandbox.netsuite.ledger import (
    UNSET,
    Application,
    CashBackLine,
    CreditMemoSpec,
    DepositSpec,
    InvoiceLine,
    Ledger,
    OtherLine,
    PaymentSpec,
    RefundLine,
    RefundSpec,
    check_external_id,
)
from sandbox.netsuite.record_json import RECORD_PATH, RecordJson
from sandbox.netsuite.record_payloads import (
    credit_memo_spec,
    deposit_spec,
    invoice_lines,
    parse,
    payment_spec,
    refund_spec,
)
from sandbox.netsuite.record_query import where_clause
from sandbox.netsuite.statuses import CREDIT_MEMO, CUSTOMER_REFUND, DEPOSIT, PAYMENT

WRITABLE = ("customer", "invoice", "customerpayment", "creditmemo", "customerrefund", "deposit")
READABLE = (*WRITABLE, "account")
TRANSACTION_TYPES = views.TRAN_TYPES
SUBLISTS = {
    "invoice": ("item",),
    "customerpayment": ("apply",),
    "creditmemo": ("item", "apply"),
    "customerrefund": ("apply",),
    "deposit": ("payment", "other", "cashBack"),
}
CONTEXT = "REST Web Services"
_CUSTOMER_COLUMNS = {
    "companyName": "companyname",
    "entityId": "entityid",
    "email": "email",
    "phone": "phone",
    "isPerson": "isperson",
    "isInactive": "isinactive",
    "currency": "currency",
    "externalId": "externalid",
}


class RecordService:
    def __init__(self, db: Database, ledger: Ledger, clock: SandboxClock) -> None:
        self.db = db
        self.ledger = ledger
        self.clock = clock

    # -- reading -------------------------------------------------------------------------------------------
    def resolve(self, record_type: str, key: str) -> int:
        """An internal id from ``123`` or ``eid:external-id``; 404 when there is no such record."""
        if key.startswith("eid:"):
            external = check_external_id(key[4:], "eid")
            found = views.id_by_external_id(self.db, record_type, external)
            if found is None:
                raise not_found(record_type, key)
            return found
        try:
            record_id = int(key)
        except ValueError:
            raise not_found(record_type, key) from None
        if self._row(record_type, record_id) is None:
            raise not_found(record_type, key)
        return record_id

    def _row(self, record_type: str, record_id: int) -> dict[str, Any] | None:
        if record_type == "customer":
            return views.customer(self.db, record_id)
        if record_type == "account":
            return views.account(self.db, record_id)
        return views.transaction(self.db, record_id, TRANSACTION_TYPES[record_type])

    def get(self, record_type: str, key: str, expand: bool, base_url: str) -> dict[str, Any]:
        record_id = self.resolve(record_type, key)
        row = self._row(record_type, record_id)
        render = RecordJson(self.db, self.clock, base_url)
        renderers = {
            "customer": lambda: render.customer(row),
            "account": lambda: render.account(row),
            "invoice": lambda: render.invoice(row, expand),
            "customerpayment": lambda: render.payment(row, expand),
            "creditmemo": lambda: render.credit_memo(row, expand),
            "customerrefund": lambda: render.refund(row, expand),
            "deposit": lambda: render.deposit(row, expand),
        }
        return renderers[record_type]()

    def sublist(self, record_type: str, key: str, name: str, base_url: str) -> dict[str, Any]:
        if name not in SUBLISTS.get(record_type, ()):
            raise not_found(record_type, f"{key}/{name}")
        record = self.get(record_type, key, True, base_url)
        return record[name]

    def list(self, record_type: str, query: str | None, limit: str | None, offset: str | None, base_url: str) -> dict:
        size, start = _paging(limit, offset)
        condition, params = where_clause(record_type, query)
        if record_type in TRANSACTION_TYPES:
            source, params = '"transaction" WHERE type = ? AND ', [TRANSACTION_TYPES[record_type], *params]
        else:
            source = f"{record_type} WHERE "
        total = self.db.scalar(f"SELECT COUNT(*) FROM {source}{condition}", params)
        ids = [
            r[0]
            for r in self.db.query(
                f"SELECT id FROM {source}{condition} ORDER BY id LIMIT {size} OFFSET {start}", params
            )
        ]
        base = f"{base_url}{RECORD_PATH}/{record_type}"
        has_more = start + len(ids) < total
        links = [{"rel": "self", "href": f"{base}?limit={size}&offset={start}"}]
        if has_more:
            links.insert(0, {"rel": "next", "href": f"{base}?limit={size}&offset={start + size}"})
        return {
            "links": links,
            "count": len(ids),
            "hasMore": has_more,
            "items": [{"links": [{"rel": "self", "href": f"{base}/{i}"}], "id": str(i)} for i in ids],
            "offset": start,
            "totalResults": total,
        }

    # -- writing -------------------------------------------------------------------------------------------
    def create(self, record_type: str, body: Any, strict: bool, externalid: str | None = None) -> int:
        values = parse(record_type, body, strict)
        if externalid is not None:
            values["externalId"] = externalid
        if record_type == "customer":
            return self.ledger.create_customer(
                companyname=_required_text(values, "companyName", "Company Name"),
                email=values.get("email"),
                entityid=values.get("entityId"),
                phone=values.get("phone"),
                isperson=bool(values.get("isPerson")),
                isinactive=bool(values.get("isInactive")),
                currency=values.get("currency") or ref.USD,
                externalid=values.get("externalId"),
            )
        if record_type == "invoice":
            if values.get("entity") is None:
                raise user_error("Please enter value(s) for: Customer", "entity")
            return self.ledger.create_invoice(
                customer=values["entity"],
                lines=invoice_lines(values) or [],
                trandate=values.get("tranDate"),
                duedate=values.get("dueDate"),
                currency=values.get("currency"),
                memo=values.get("memo"),
                externalid=values.get("externalId"),
                tranid=values.get("tranId"),
            )
        if record_type == "customerpayment":
            return self.ledger.create_payment(payment_spec(values, None))
        if record_type == "creditmemo":
            return self.ledger.create_credit_memo(credit_memo_spec(values, None))
        if record_type == "customerrefund":
            return self.ledger.create_refund(refund_spec(values, None))
        return self.ledger.create_deposit(deposit_spec(values, None))

    def update(self, record_type: str, key: str, body: Any, strict: bool) -> int:
        record_id = self.resolve(record_type, key)
        values = parse(record_type, body, strict)
        self._update(record_type, record_id, values)
        return record_id

    def _update(self, record_type: str, record_id: int, values: dict[str, Any]) -> None:
        if record_type == "customer":
            changes = {_CUSTOMER_COLUMNS[name]: value for name, value in values.items() if name in _CUSTOMER_COLUMNS}
            if "companyName" in values:
                _required_text(values, "companyName", "Company Name")
            self.ledger.update_customer(record_id, changes)
        elif record_type == "invoice":
            for fixed in ("entity", "currency"):
                if fixed in values:
                    raise user_error(f"The field {fixed} of an existing invoice cannot be changed.", fixed)
            if "tranId" in values:
                raise user_error("The invoice number cannot be changed.", "tranId")
            self.ledger.update_invoice(
                record_id,
                lines=invoice_lines(values),
                duedate=values.get("dueDate", UNSET),
                trandate=values["tranDate"] if values.get("tranDate") else UNSET,
                memo=values.get("memo", UNSET),
                externalid=values.get("externalId", UNSET),
            )
        elif record_type == "customerpayment":
            self.ledger.update_payment(record_id, payment_spec(values, self._current_payment(record_id)))
        elif record_type == "creditmemo":
            self.ledger.update_credit_memo(record_id, credit_memo_spec(values, self._current_credit_memo(record_id)))
        elif record_type == "customerrefund":
            self.ledger.update_refund(record_id, refund_spec(values, self._current_refund(record_id)))
        else:
            self.ledger.update_deposit(record_id, deposit_spec(values, self._current_deposit(record_id)))

    def upsert(self, record_type: str, key: str, body: Any, strict: bool) -> tuple[int, bool]:
        """PUT /{type}/eid:{externalId}: update the record with that external id, or create it."""
        if not key.startswith("eid:"):
            raise NetSuiteError(
                405, "INVALID_REQUEST", "PUT is only available as an upsert by external id: /{type}/eid:{externalId}."
            )
        external = check_external_id(key[4:], "eid")
        if isinstance(body, dict) and body.get("externalId") not in (None, external):
            raise invalid_content("The body's externalId differs from the one in the URL.", "externalId")
        with self.db.write():
            found = views.id_by_external_id(self.db, record_type, external)
            if found is None:
                return self.create(record_type, body, strict, externalid=external), True
            values = parse(record_type, body, strict)
            values.pop("externalId", None)
            self._update(record_type, found, values)
            return found, False

    def delete(self, record_type: str, key: str) -> None:
        record_id = self.resolve(record_type, key)
        if record_type == "customer":
            self.ledger.delete_customer(record_id, CONTEXT)
        else:
            self.ledger.delete_transaction(record_id, TRANSACTION_TYPES[record_type], CONTEXT)

    def _current_payment(self, payment_id: int) -> PaymentSpec:
        row = views.transaction(self.db, payment_id, PAYMENT)
        undeposited = row["undepfunds"] == "T"
        return PaymentSpec(
            customer=row["entity"],
            amount=row["foreigntotal"],
            applications=[Application(a["invoice"], a["amount"]) for a in views.applications(self.db, payment_id)],
            undepfunds=undeposited,
            account=None if undeposited else row["account"],
            currency=row["currency"],
            memo=row["memo"],
            externalid=row["externalid"],
        )

    def _current_credit_memo(self, credit_id: int) -> CreditMemoSpec:
        row = views.transaction(self.db, credit_id, CREDIT_MEMO)
        lines = [
            InvoiceLine(line["item"], line["quantity"], line["rate"], line["amount"], line["description"])
            for line in views.invoice_lines(self.db, credit_id, sign=1)
        ]
        return CreditMemoSpec(
            customer=row["entity"],
            lines=lines,
            amount=None if lines else row["foreigntotal"],
            applications=[Application(a["invoice"], a["amount"]) for a in views.applications(self.db, credit_id)],
            currency=row["currency"],
            memo=row["memo"],
            externalid=row["externalid"],
        )

    def _current_refund(self, refund_id: int) -> RefundSpec:
        row = views.transaction(self.db, refund_id, CUSTOMER_REFUND)
        return RefundSpec(
            customer=row["entity"],
            account=row["account"],
            applications=[RefundLine(a["invoice"], a["amount"]) for a in views.applications(self.db, refund_id)],
            currency=row["currency"],
            memo=row["memo"],
            externalid=row["externalid"],
        )

    def _current_deposit(self, deposit_id: int) -> DepositSpec:
        row = views.transaction(self.db, deposit_id, DEPOSIT)
        return DepositSpec(
            account=row["account"],
            payments=[p["id"] for p in views.deposit_payments(self.db, deposit_id)],
            other=[
                OtherLine(line["account"], line["amount"], line["entity"], line["memo"])
                for line in views.deposit_lines(self.db, deposit_id, "other")
            ],
            cashback=[
                CashBackLine(line["account"], line["amount"], line["memo"])
                for line in views.deposit_lines(self.db, deposit_id, "cashback")
            ],
            memo=row["memo"],
            externalid=row["externalid"],
        )


def _required_text(values: dict[str, Any], name: str, label: str) -> str:
    value = values.get(name)
    if not value:
        raise user_error(f"Please enter value(s) for: {label}", name)
    return value


def _paging(limit: str | None, offset: str | None) -> tuple[int, int]:
    try:
        size = int(limit) if limit not in (None, "") else 1000
        start = int(offset) if offset not in (None, "") else 0
    except ValueError:
        raise invalid_parameter("limit and offset must be whole numbers.") from None
    if not 1 <= size <= 1000:
        raise invalid_parameter(f"Invalid value for the parameter 'limit': {size}. It must be between 1 and 1000.")
    if start < 0 or start % size:
        raise invalid_parameter(
            f"Invalid value for the parameter 'offset': {start}. The offset must be a multiple of the limit ({size})."
        )
    return size, start
