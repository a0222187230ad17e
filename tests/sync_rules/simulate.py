"""Apply planned AP mutations to in-memory AP records, the way the AP integration surface would."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from netsuite_ap_sync.rules.decisions import AP, Decision, Mutation
from netsuite_ap_sync.rules.records import ApInvoice, ApLineItem


def _dec(value: object) -> Decimal:
    return Decimal(repr(value))


def _items(raw: list[dict[str, object]]) -> tuple[ApLineItem, ...]:
    return tuple(
        ApLineItem(description=str(i["description"]), quantity=_dec(i["quantity"]), amount=_dec(i["amount"]))
        for i in raw
    )


def _status_for(amount_due: Decimal, total: Decimal) -> str:
    if amount_due == 0:
        return "paid"
    return "open" if amount_due == total else "partially_paid"


def apply_to_invoice(ap: ApInvoice | None, decisions: Iterable[Decision]) -> ApInvoice | None:
    """``ap`` after every AP invoice mutation in ``decisions``, in order."""
    for decision in decisions:
        if not isinstance(decision, Mutation) or decision.target != AP:
            continue
        ap = _apply(ap, decision)
    return ap


def _apply(ap: ApInvoice | None, mutation: Mutation) -> ApInvoice | None:
    payload = mutation.payload
    if mutation.action == "create_invoice":
        assert ap is None, "create planned for an invoice that exists"
        amount_due = _dec(payload["amount_due"])
        total = _dec(payload["total"])
        return ApInvoice(
            id=f"inv_{payload['external_id']}",
            external_id=str(payload["external_id"]),
            customer_id=str(payload["customer_id"]),
            invoice_number=str(payload["invoice_number"]),
            currency=str(payload["currency"]),
            due_date=date.fromisoformat(str(payload["due_date"])),
            total=total,
            amount_due=amount_due,
            status=_status_for(amount_due, total),
            # AP records an invoice created with nothing due as paid outside AP.
            paid_via="external" if amount_due == 0 else None,
            line_items=_items(payload["line_items"]),  # type: ignore[arg-type]
            memo=payload.get("memo"),  # type: ignore[arg-type]
        )
    assert ap is not None, f"{mutation.action} planned without an AP invoice"
    if mutation.action == "update_invoice":
        changes: dict[str, object] = {}
        if "due_date" in payload:
            changes["due_date"] = date.fromisoformat(str(payload["due_date"]))
        if "total" in payload:
            changes["total"] = _dec(payload["total"])
        if "amount_due" in payload:
            changes["amount_due"] = _dec(payload["amount_due"])
        if "line_items" in payload:
            changes["line_items"] = _items(payload["line_items"])  # type: ignore[arg-type]
        if "memo" in payload:
            changes["memo"] = payload["memo"]
        updated = replace(ap, **changes)  # type: ignore[arg-type]
        return replace(updated, status=_status_for(updated.amount_due, updated.total))
    if mutation.action == "mark_invoice_paid":
        return replace(ap, status="paid", paid_via="external", amount_due=Decimal(0))
    if mutation.action == "reopen_invoice_balance":
        amount_due = _dec(payload["amount_due"])
        return replace(ap, amount_due=amount_due, status=_status_for(amount_due, ap.total), paid_via=None)
    if mutation.action == "archive_invoice":
        return replace(ap, status="archived")
    if mutation.action == "attach_pdf":
        return replace(ap, pdf_source_version=str(payload["source_version"]))
    raise AssertionError(f"not an invoice mutation: {mutation.action}")
