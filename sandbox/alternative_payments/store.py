"""In-memory records of one AP partner account.

All writes happen under ``lock`` and every write stamps ``updated_at`` from a strictly
increasing sequence, so "everything changed since T" reads never miss a record.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sandbox.alternative_payments.clock import MovableClock
from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.jsonio import to_json

COLLECTIONS = ("customers", "invoices", "payments", "payouts", "webhooks", "events")
_KINDS = {
    "customers": "customer",
    "invoices": "invoice",
    "payments": "payment",
    "payouts": "payout",
    "webhooks": "webhook",
    "events": "event",
}


class Store:
    def __init__(self, clock: MovableClock) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        # Called with each new event, under ``lock``: they must only queue work (webhook deliveries).
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        self.clear()

    def clear(self) -> None:
        with self.lock:
            self.collections: dict[str, dict[str, dict]] = {name: {} for name in COLLECTIONS}
            self.pdfs: dict[str, bytes] = {}
            self.integrations: dict[str, dict] = {}
            self.idempotency: dict[str, tuple[str, str]] = {}
            self._last_stamp: datetime | None = None
            self._invoice_number = 1000

    @property
    def customers(self) -> dict[str, dict]:
        return self.collections["customers"]

    @property
    def invoices(self) -> dict[str, dict]:
        return self.collections["invoices"]

    @property
    def payments(self) -> dict[str, dict]:
        return self.collections["payments"]

    @property
    def payouts(self) -> dict[str, dict]:
        return self.collections["payouts"]

    def stamp(self) -> datetime:
        """Now, but always later than the previous stamp (microsecond resolution)."""
        now = self.clock.now()
        if self._last_stamp is not None and now <= self._last_stamp:
            now = self._last_stamp + timedelta(microseconds=1)
        self._last_stamp = now
        return now

    @staticmethod
    def new_id(prefix: str) -> str:
        return f"{prefix}_{uuid.uuid4().hex}"

    def next_invoice_number(self) -> str:
        self._invoice_number += 1
        return f"INV-{self._invoice_number}"

    def insert(self, collection: str, record: dict[str, Any]) -> dict[str, Any]:
        moment = self.stamp()
        record.setdefault("created_at", moment)
        record["updated_at"] = moment
        self.collections[collection][record["id"]] = record
        return record

    def touch(self, record: dict[str, Any]) -> dict[str, Any]:
        record["updated_at"] = self.stamp()
        return record

    def get(self, collection: str, record_id: str) -> dict[str, Any]:
        record = self.collections[collection].get(record_id)
        if record is None:
            raise ApiError.not_found(_KINDS[collection], record_id)
        return record

    def emit(self, topic: str, record: dict[str, Any]) -> None:
        """Record a webhook event with a snapshot of the record as it is now."""
        event = {"id": self.new_id("evt"), "topic": topic, "data": to_json(record)}
        with self.lock:
            self.insert("events", event)
            for listener in self.listeners:
                listener(event)

    def dump(self) -> dict[str, Any]:
        with self.lock:
            state = {name: list(records.values()) for name, records in self.collections.items()}
            state["integrations"] = dict(self.integrations)
            state["invoice_pdfs"] = {key: len(body) for key, body in self.pdfs.items()}
            return to_json(state)
