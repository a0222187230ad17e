"""Request bodies of the record service: field names and types per record, checked like NetSuite.

With ``X-NetSuite-PropertyNameValidation: Error`` an unknown field is a 400
INVALID_CONTENT naming it in ``o:errorPath``; otherwise it is ignored. A
``null`` clears a field; a missing field stays as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sandbox.netsuite.errors import invalid_content, user_error
from sandbox.netsuite.ledger import (
    Application,
    CashBackLine,
    CreditMemoSpec,
    DepositSpec,
    InvoiceLine,
    OtherLine,
    PaymentSpec,
    RefundLine,
    RefundSpec,
)

TEXT, NUMBER, BOOL, DATE, REF, SUBLIST, ID = "text", "number", "bool", "date", "ref", "sublist", "id"


@dataclass(frozen=True)
class Field:
    kind: str
    items: dict[str, Field] = field(default_factory=dict)  # for sublists


_ITEM_LINE = {
    "item": Field(REF),
    "quantity": Field(NUMBER),
    "rate": Field(NUMBER),
    "amount": Field(NUMBER),
    "description": Field(TEXT),
}
_APPLY_LINE = {"doc": Field(REF), "apply": Field(BOOL), "amount": Field(NUMBER)}
# Body fields every transaction record here has.
_TRANSACTION_BODY = {
    "tranDate": Field(DATE),
    "currency": Field(REF),
    "memo": Field(TEXT),
    "externalId": Field(TEXT),
}
RECORD_FIELDS: dict[str, dict[str, Field]] = {
    "customer": {
        "companyName": Field(TEXT),
        "entityId": Field(TEXT),
        "email": Field(TEXT),
        "phone": Field(TEXT),
        "isPerson": Field(BOOL),
        "isInactive": Field(BOOL),
        "currency": Field(REF),
        "subsidiary": Field(REF),
        "externalId": Field(TEXT),
    },
    "invoice": {
        "entity": Field(REF),
        "tranId": Field(TEXT),
        "tranDate": Field(DATE),
        "dueDate": Field(DATE),
        "currency": Field(REF),
        "memo": Field(TEXT),
        "externalId": Field(TEXT),
        "item": Field(SUBLIST, _ITEM_LINE),
    },
    "customerpayment": {
        "customer": Field(REF),
        "payment": Field(NUMBER),
        "undepFunds": Field(BOOL),
        "account": Field(REF),
        **_TRANSACTION_BODY,
        "apply": Field(SUBLIST, _APPLY_LINE),
    },
    "creditmemo": {
        "entity": Field(REF),
        **_TRANSACTION_BODY,
        "item": Field(SUBLIST, _ITEM_LINE),
        "apply": Field(SUBLIST, _APPLY_LINE),
    },
    # The subset of Oracle's customerRefund the sandbox keeps: no payment method, card or address fields.
    "customerrefund": {
        "customer": Field(REF),
        "account": Field(REF),
        **_TRANSACTION_BODY,
        "apply": Field(SUBLIST, _APPLY_LINE),
    },
    "deposit": {
        "account": Field(REF),
        "tranDate": Field(DATE),
        "currency": Field(REF),
        "memo": Field(TEXT),
        "externalId": Field(TEXT),
        "payment": Field(SUBLIST, {"id": Field(ID), "deposit": Field(BOOL)}),
        "other": Field(
            SUBLIST, {"account": Field(REF), "amount": Field(NUMBER), "entity": Field(REF), "memo": Field(TEXT)}
        ),
        "cashBack": Field(SUBLIST, {"account": Field(REF), "amount": Field(NUMBER), "memo": Field(TEXT)}),
    },
}
_ALWAYS_IGNORED = {"links"}


def parse(record_type: str, body: Any, strict: bool) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise invalid_content("The request body must be a JSON object.")
    return _fields(RECORD_FIELDS[record_type], body, strict, prefix="")


def _fields(spec: dict[str, Field], body: dict, strict: bool, prefix: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, raw in body.items():
        path = f"{prefix}{name}"
        if name in _ALWAYS_IGNORED:
            continue
        definition = spec.get(name)
        if definition is None:
            if strict:
                raise invalid_content(f"Invalid field name '{name}'. It is not a field of this record.", path)
            continue
        values[name] = None if raw is None else _value(definition, raw, strict, path)
    return values


def _value(definition: Field, raw: Any, strict: bool, path: str) -> Any:
    kind = definition.kind
    if kind == TEXT:
        if not isinstance(raw, str):
            raise invalid_content(f"Invalid value for '{path}': a string is expected.", path)
        return raw
    if kind == NUMBER:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise invalid_content(f"Invalid value for '{path}': a number is expected.", path)
        return float(raw)
    if kind == BOOL:
        if not isinstance(raw, bool):
            raise invalid_content(f"Invalid value for '{path}': true or false is expected.", path)
        return raw
    if kind == DATE:
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else _bad_date(path)
        except ValueError:
            return _bad_date(path)
    if kind == REF:
        if not isinstance(raw, dict) or "id" not in raw:
            raise invalid_content(f'Invalid value for \'{path}\': a reference such as {{"id": "4"}} is expected.', path)
        return _id(raw["id"], f"{path}.id")
    if kind == ID:
        return _id(raw, path)
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list):
        raise invalid_content(f"Invalid value for '{path}': a sublist such as {{\"items\": [...]}} is expected.", path)
    lines = []
    for index, item in enumerate(raw["items"]):
        item_path = f"{path}.items[{index}]"
        if not isinstance(item, dict):
            raise invalid_content(f"Invalid value for '{item_path}': an object is expected.", item_path)
        lines.append(_fields(definition.items, item, strict, prefix=f"{item_path}."))
    return lines


def _bad_date(path: str) -> date:
    raise invalid_content(f"Invalid value for '{path}': a date as YYYY-MM-DD is expected.", path)


def _id(raw: Any, path: str) -> int:
    # An internal id is a whole number: 4 or "4", never 4.0 (NetSuite refuses a number with a fraction part).
    if isinstance(raw, bool | float):
        raise invalid_content(f"Invalid value for '{path}': an internal id is expected.", path)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise invalid_content(f"Invalid value for '{path}': an internal id is expected.", path) from None
    if value <= 0 and value != -5:
        raise invalid_content(f"Invalid value for '{path}': an internal id is expected.", path)
    return value


def _required(values: dict[str, Any], name: str, label: str) -> Any:
    if values.get(name) is None:
        raise user_error(f"Please enter value(s) for: {label}", name)
    return values[name]


# -- from parsed fields to the ledger's specs ----------------------------------------------------------------
def payment_spec(values: dict[str, Any], current: PaymentSpec | None) -> PaymentSpec:
    spec = current or PaymentSpec(customer=_required(values, "customer", "Customer"), amount=0.0)
    if current is None or "payment" in values:
        spec.amount = _required(values, "payment", "Payment Amount")
    if "customer" in values:
        spec.customer = _required(values, "customer", "Customer")
    if "undepFunds" in values:
        spec.undepfunds = bool(values["undepFunds"]) if values["undepFunds"] is not None else True
    _copy_fields(values, spec, (("account", "account"), *_COMMON))
    if "apply" in values:
        spec.applications = [Application(doc, amount) for doc, amount in _applied(values)]
    return spec


def _applied(values: dict[str, Any]) -> list[tuple[int, float | None]]:
    """(doc, amount) of the apply lines marked apply (missing ``apply`` counts as true)."""
    lines = values["apply"] or []
    missing = [i for i, line in enumerate(lines) if line.get("doc") is None]
    if missing:
        raise user_error("Each apply line needs a doc reference.", f"apply.items[{missing[0]}].doc")
    return [(line["doc"], line.get("amount")) for line in lines if line.get("apply", True)]


def _copy_fields(values: dict[str, Any], spec: Any, names: tuple[tuple[str, str], ...]) -> None:
    for name, attribute in names:
        if name in values:
            setattr(spec, attribute, values[name])


_COMMON = (("tranDate", "trandate"), ("currency", "currency"), ("memo", "memo"), ("externalId", "externalid"))


def credit_memo_spec(values: dict[str, Any], current: CreditMemoSpec | None) -> CreditMemoSpec:
    spec = current or CreditMemoSpec(customer=_required(values, "entity", "Customer"))
    if "entity" in values:
        spec.customer = _required(values, "entity", "Customer")
    _copy_fields(values, spec, _COMMON)
    lines = invoice_lines(values)
    if lines is not None:
        spec.lines, spec.amount = lines, None
    if "apply" in values:
        spec.applications = [Application(doc, amount) for doc, amount in _applied(values)]
    return spec


def refund_spec(values: dict[str, Any], current: RefundSpec | None) -> RefundSpec:
    spec = current or RefundSpec(
        customer=_required(values, "customer", "Customer"), account=_required(values, "account", "Account")
    )
    for name, attribute, label in (("customer", "customer", "Customer"), ("account", "account", "Account")):
        if name in values:
            setattr(spec, attribute, _required(values, name, label))
    _copy_fields(values, spec, _COMMON)
    if "apply" in values:
        spec.applications = [RefundLine(doc, amount) for doc, amount in _applied(values)]
    return spec


def deposit_spec(values: dict[str, Any], current: DepositSpec | None) -> DepositSpec:
    spec = current or DepositSpec(account=_required(values, "account", "Account"))
    if "account" in values:
        spec.account = _required(values, "account", "Account")
    _copy_fields(values, spec, (("tranDate", "trandate"), ("memo", "memo"), ("externalId", "externalid")))
    if "payment" in values:
        lines = values["payment"] or []
        for index, line in enumerate(lines):
            if line.get("id") is None:
                raise user_error("Each payment line needs the payment's id.", f"payment.items[{index}].id")
        spec.payments = [line["id"] for line in lines if line.get("deposit") is True]
    if "other" in values:
        spec.other = [
            OtherLine(
                _line_value(line, "account", "other", i),
                _line_value(line, "amount", "other", i),
                line.get("entity"),
                line.get("memo"),
            )
            for i, line in enumerate(values["other"] or [])
        ]
    if "cashBack" in values:
        spec.cashback = [
            CashBackLine(
                _line_value(line, "account", "cashBack", i),
                _line_value(line, "amount", "cashBack", i),
                line.get("memo"),
            )
            for i, line in enumerate(values["cashBack"] or [])
        ]
    return spec


def _line_value(line: dict[str, Any], name: str, sublist: str, index: int) -> Any:
    if line.get(name) is None:
        raise user_error(f"Please enter value(s) for: {name}", f"{sublist}.items[{index}].{name}")
    return line[name]


def invoice_lines(values: dict[str, Any]) -> list[InvoiceLine] | None:
    if "item" not in values:
        return None
    lines = []
    for index, line in enumerate(values["item"] or []):
        item = _line_value(line, "item", "item", index)
        lines.append(
            InvoiceLine(
                item, line.get("quantity") or 1.0, line.get("rate"), line.get("amount"), line.get("description")
            )
        )
    return lines
