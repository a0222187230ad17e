"""Every body the hooks send, checked against the types of the published contracts
(AP's OpenAPI schema, NetSuite's record fields), not against what the sandboxes
happen to accept: integers are integers (``1``, never ``1.0``), amounts numbers,
references ``{"id": ...}``, dates ``YYYY-MM-DD``, and no field the contract lacks."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from tests.pipeline.outbound_support import ap_created_invoice, ap_invoice_of, later, ns_invoice, world_with_invoices
from tests.reliability.wire import Wire

STR, NUMBER, INTEGER, BOOL, DATE, REF, OBJECT = "string", "number", "integer", "boolean", "date", "ref", "object"
ADDRESS = {name: STR for name in ("street_address", "sub_premise", "city", "state", "postal_code", "country")}
AP_LINE = {"amount": NUMBER, "description": STR, "quantity": INTEGER}

# (method, path pattern) -> (field types, required fields); ("list", spec, required) is a JSON
# array of objects, ("sublist", spec, required) NetSuite's {"items": [...]}; "?" allows null.
CONTRACT: dict[tuple[str, str], tuple[dict[str, Any], set[str]]] = {
    ("POST", r"/customers"): (
        {"name": STR, "email": STR, "external_id": STR, "legal_name": STR, "ein": STR, **ADDRESS},
        {"name", "email"},
    ),
    ("PATCH", r"/customers/[^/]+"): ({"name": STR, "legal_name": STR, "ein": STR, **ADDRESS}, set()),
    ("POST", r"/invoices"): (
        {
            "customer_id": STR,
            "currency": STR,
            "due_date": DATE,
            "line_items": ("list", AP_LINE, {"amount", "description"}),
            "exclude_from_autopay": BOOL,
            "external_id": STR,
            "invoice_number": STR,
            "memo": STR,
            "total": NUMBER,
            "amount_due": NUMBER,
        },
        {"customer_id", "currency", "due_date", "line_items"},
    ),
    ("PATCH", r"/invoices/[^/]+"): (
        {
            "due_date": DATE,
            "line_items": ("list", AP_LINE, {"amount", "description"}),
            "total": NUMBER,
            "amount_due": NUMBER,
            "memo": STR + "?",
            "status": STR,
        },
        set(),
    ),
    ("PUT", r"/integrations/[^/]+"): ({"status": STR, "progress": OBJECT, "message": STR + "?"}, {"status"}),
    ("PUT", r"/services/rest/record/v1/customerpayment/eid:[A-Za-z0-9_-]+"): (
        {
            "customer": REF,
            "payment": NUMBER,
            "undepFunds": BOOL,
            "account": REF,
            "tranDate": DATE,
            "currency": REF,
            "memo": STR,
            "externalId": STR,
            "apply": ("sublist", {"doc": REF, "apply": BOOL, "amount": NUMBER}, {"doc"}),
        },
        {"customer", "payment", "apply"},
    ),
    ("PUT", r"/services/rest/record/v1/deposit/eid:[A-Za-z0-9_-]+"): (
        {
            "account": REF,
            "tranDate": DATE,
            "currency": REF,
            "memo": STR,
            "externalId": STR,
            "payment": ("sublist", {"id": STR, "deposit": BOOL}, {"id"}),
            "other": ("sublist", {"account": REF, "amount": NUMBER, "entity": REF, "memo": STR}, {"account", "amount"}),
            "cashBack": ("sublist", {"account": REF, "amount": NUMBER, "memo": STR}, {"account", "amount"}),
        },
        {"account"},
    ),
    ("POST", r"/services/rest/query/v1/suiteql"): ({"q": STR, "params": ("values", STR, set())}, {"q"}),
}
# Bodies that are not JSON objects: token requests (form), the PDF upload (application/pdf).
NOT_JSON = (r"/oauth/token", r"/services/rest/auth/oauth2/v1/token", r"/invoices/[^/]+/pdf")
CONTROLS = "/_sandbox/"  # this test acting as the partner and the end customer, not the hooks
MUST_BE_SEEN = {
    ("POST", r"/customers"),
    ("POST", r"/invoices"),
    ("PATCH", r"/invoices/[^/]+"),
    ("PUT", r"/services/rest/record/v1/customerpayment/eid:[A-Za-z0-9_-]+"),
    ("PUT", r"/services/rest/record/v1/deposit/eid:[A-Za-z0-9_-]+"),
}


def type_errors(value: Any, spec: Any, path: str) -> list[str]:
    """What in ``value`` breaks ``spec``, each named by its JSON path."""
    if isinstance(spec, str) and spec.endswith("?"):
        return [] if value is None else type_errors(value, spec[:-1], path)
    if isinstance(spec, tuple):
        kind, inner, required = spec
        if kind == "values":
            ok = isinstance(value, list) and all(isinstance(v, str | int) and not isinstance(v, bool) for v in value)
            return [] if ok else [f"{path}: a list of bind values expected, got {value!r}"]
        items = value.get("items") if kind == "sublist" and isinstance(value, dict) else value
        if not isinstance(items, list):
            return [f"{path}: {'{items: [...]}' if kind == 'sublist' else 'a list'} expected, got {value!r}"]
        return [e for i, item in enumerate(items) for e in fields_errors(item, inner, required, f"{path}[{i}]")]
    checks = {
        STR: lambda v: isinstance(v, str) and v != "",
        NUMBER: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        INTEGER: lambda v: isinstance(v, int) and not isinstance(v, bool),
        BOOL: lambda v: isinstance(v, bool),
        DATE: lambda v: isinstance(v, str) and _is_date(v),
        REF: lambda v: isinstance(v, dict) and set(v) == {"id"} and isinstance(v["id"], str) and v["id"] != "",
        OBJECT: lambda v: isinstance(v, dict),
    }
    return [] if checks[spec](value) else [f"{path}: {spec} expected, got {value!r}"]


def fields_errors(body: Any, spec: dict[str, Any], required: set[str], path: str) -> list[str]:
    if not isinstance(body, dict):
        return [f"{path}: an object expected, got {body!r}"]
    errors = [f"{path}.{name}: not in the contract" for name in body if name not in spec]
    errors += [f"{path}.{name}: required" for name in sorted(required) if body.get(name) is None]
    for name, value in body.items():
        if name in spec and not (value is None and name in required):  # a missing one is reported above
            errors += type_errors(value, spec[name], f"{path}.{name}")
    return errors


def _is_date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(date.fromisoformat(text))
    except ValueError:
        return False


def check_sent(sent) -> tuple[list[str], set[tuple[str, str]]]:
    """Type errors of every request with a body, and the contract routes seen."""
    errors, seen = [], set()
    for request in sent:
        path = urlsplit(request.url).path
        if request.method == "GET" or path.startswith(CONTROLS) or any(re.fullmatch(p, path) for p in NOT_JSON):
            continue
        route = next((key for key in CONTRACT if key[0] == request.method and re.fullmatch(key[1], path)), None)
        if route is None:
            errors.append(f"{request.method} {path}: no contract type for this request")
            continue
        seen.add(route)
        spec, required = CONTRACT[route]
        # Parsed as JSON parses it: 1.0 stays a float, so a float is never taken for an integer.
        body = json.loads(request.body or b"{}")
        errors += fields_errors(body, spec, required, f"{request.method} {path}")
    return errors, seen


def test_type_checker_refuses_what_a_strict_server_refuses():
    sent_line = {"description": "Onsite hours", "quantity": 1.0, "amount": 350.0}
    assert type_errors([sent_line], ("list", AP_LINE, set()), "line_items") == [
        "line_items[0].quantity: integer expected, got 1.0"
    ]
    spec, required = CONTRACT[("POST", r"/customers")]
    assert fields_errors({"name": "Acme"}, spec, required, "body") == ["body.email: required"]
    spec, required = CONTRACT[("PUT", r"/services/rest/record/v1/customerpayment/eid:[A-Za-z0-9_-]+")]
    bad = {"customer": {"id": 4}, "payment": "250.00", "apply": {"items": [{"doc": "104", "amount": 1}]}}
    assert fields_errors(bad, spec, required, "body") == [
        "body.customer: ref expected, got {'id': 4}",
        "body.payment: number expected, got '250.00'",
        "body.apply[0].doc: ref expected, got '104'",
    ]


def test_every_body_the_hooks_send_has_the_contracts_types(partner_world, monkeypatch):
    wire = Wire().install(monkeypatch)
    world, (paid_id, partial_id, edited_id) = world_with_invoices(partner_world, [100.0, 250.5, 80.0])
    customer = ns_invoice(world, paid_id)["entity"]
    hours = world.ns_controls.create_invoice(customer, lines=[{"item": 1, "quantity": 2.5, "rate": 40.0}])
    world.hourly()
    world.set_up_accounts()
    ap = world.ap_controls
    ap.pay_invoice(ap_invoice_of(world, paid_id)["id"])
    ap.pay_invoice(ap_invoice_of(world, partial_id)["id"], amount=Decimal("50.25"))
    ap.pay_invoice(ap_created_invoice(world, Decimal("40.00"), "AP-9001")["id"], surcharge=Decimal("1.20"))
    world.payments()
    ap.create_payout(fee_percent=Decimal("2.9"), fee_fixed=Decimal("0.30"))
    world.payments()
    later(world)
    world.ns_controls.edit_invoice(edited_id, total=95.00)
    world.hourly()

    errors, seen = check_sent(wire.sent)
    assert errors == [], "\n".join(errors)
    assert seen >= MUST_BE_SEEN, f"not exercised: {sorted(MUST_BE_SEEN - seen)}"
    assert ap_invoice_of(world, hours["id"])["line_items"][0]["quantity"] == 1
