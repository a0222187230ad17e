"""AP answers -> rows of the AP mirror tables."""

from __future__ import annotations

import json
from collections.abc import Mapping

from netsuite_ap_sync.mapping.values import text


def invoice(obj: Mapping) -> dict:
    return {
        "ap_id": str(obj["id"]),
        "external_id": text(obj.get("external_id")),
        "customer_id": text(obj.get("customer_id")),
        "invoice_number": text(obj.get("invoice_number")),
        "currency": text(obj.get("currency")),
        "due_date": text(obj.get("due_date")),
        "total": obj.get("total"),
        "amount_due": obj.get("amount_due"),
        "status": text(obj.get("status")),
        "paid_via": text(obj.get("paid_via")),
        "line_items": json.dumps(obj.get("line_items") or [], default=str),
        "memo": text(obj.get("memo")),
        "pdf_source_version": None,
        "updated_at": text(obj.get("updated_at")),
    }


def customer(obj: Mapping) -> dict:
    return {
        "ap_id": str(obj["id"]),
        "external_id": text(obj.get("external_id")),
        "name": text(obj.get("name")),
        "email": text(obj.get("email")),
        "archived": str(obj.get("status") or "").lower() == "archived" or bool(obj.get("archived")),
        "updated_at": text(obj.get("updated_at")),
    }
