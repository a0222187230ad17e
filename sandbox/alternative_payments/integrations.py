"""The partner's accounting-integration status (Part B: ``PUT/GET /integrations/{system}``)."""

from __future__ import annotations

from typing import Any

from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.store import Store
from sandbox.alternative_payments.validation import Fields

SYSTEMS = ("netsuite",)
STATUSES = ("pending", "connected", "reconnect_required", "error")


def _system(system: str) -> str:
    if system not in SYSTEMS:
        raise ApiError.not_found("integration", system)
    return system


def put(store: Store, system: str, body: dict[str, Any]) -> dict:
    fields = Fields(body, {"status", "progress", "message"})
    status = fields.choice("status", STATUSES, required=True)
    progress = body.get("progress")
    if progress is not None and not isinstance(progress, dict):
        fields.fail("progress", "must be an object")
    message = body.get("message")
    if message is not None and not isinstance(message, str):
        fields.fail("message", "must be a string or null")
    fields.done()
    with store.lock:
        record = store.integrations.get(_system(system)) or {"system": system, "created_at": store.stamp()}
        record.update(status=status, progress=progress or {}, message=message, updated_at=store.stamp())
        store.integrations[system] = record
        return record


def get(store: Store, system: str) -> dict:
    with store.lock:
        record = store.integrations.get(_system(system))
    if record is None:
        raise ApiError(404, "not_found", f"no {system} integration status has been set")
    return record
