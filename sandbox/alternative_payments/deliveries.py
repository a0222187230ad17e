"""Webhook deliveries: every recorded event POSTed to the active subscriptions of its topic.

A background thread sends them, so the API request that caused the event never waits on a
subscriber. A failed attempt (non-2xx or no answer) is retried with exponential backoff up
to ``max_attempts``; every attempt is recorded for ``GET /_sandbox/webhooks/deliveries``.
Test controls (``DeliveryControls``) drop, duplicate or hold deliveries, and held ones are
released out of order, so receivers can be tested against what real networks do.
"""

from __future__ import annotations

import heapq
import itertools
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

import requests

from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.jsonio import rfc3339, to_json
from sandbox.alternative_payments.store import Store

USER_AGENT = "AlternativePayments-Webhooks-Sandbox/1.0"
RELEASE_ORDERS = ("reverse", "shuffle", "in_order")


@dataclass
class DeliveryControls:
    """Faults and retry policy of the deliverer; changed at run time through ``/_sandbox/webhooks/controls``."""

    drop_rate: float = 0.0
    drop_next: int = 0
    duplicate_rate: float = 0.0
    duplicate_next: int = 0
    hold: bool = False
    max_attempts: int = 5
    retry_base_seconds: float = 1.0
    timeout_seconds: float = 5.0
    seed: int | None = None

    def update(self, changes: dict[str, Any]) -> None:
        errors = {key: "not a delivery control" for key in changes if key not in _CONTROL_NAMES}
        errors.update(_check(changes))
        if errors:
            raise ApiError.validation(errors)
        for key, value in changes.items():
            setattr(self, key, float(value) if key in _FLOATS else value)


_CONTROL_NAMES = {f.name for f in fields(DeliveryControls)}
_FLOATS = ("drop_rate", "duplicate_rate", "retry_base_seconds", "timeout_seconds")


def _is_number(value: Any) -> bool:
    # Control bodies are parsed with Decimal for non-integers (jsonio.json_object).
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key in ("drop_rate", "duplicate_rate"):
        if key in values and not (_is_number(values[key]) and 0 <= values[key] <= 1):
            errors[key] = "must be a number between 0 and 1"
    for key in ("drop_next", "duplicate_next"):
        if key in values and not _count(values[key]):
            errors[key] = "must be an integer >= 0"
    if "max_attempts" in values and not (isinstance(values["max_attempts"], int) and values["max_attempts"] >= 1):
        errors["max_attempts"] = "must be an integer >= 1"
    for key in ("retry_base_seconds", "timeout_seconds"):
        if key in values and not (_is_number(values[key]) and values[key] > 0):
            errors[key] = "must be a number > 0"
    if "hold" in values and not isinstance(values["hold"], bool):
        errors["hold"] = "must be true or false"
    if "seed" in values and values["seed"] is not None and not isinstance(values["seed"], int):
        errors["seed"] = "must be an integer or null"
    return errors


@dataclass
class Delivery:
    """One event on its way to one subscription; ``secret`` never leaves this object but as the header."""

    id: str
    event_id: str
    topic: str
    webhook_id: str
    endpoint_url: str
    body: bytes = field(repr=False)
    secret: str | None = field(repr=False)
    attempts: int = 0

    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        if self.secret is not None:
            headers["Authorization"] = f"Bearer {self.secret}"
        return headers

    def describe(self) -> dict[str, Any]:
        return {
            "delivery_id": self.id,
            "event_id": self.event_id,
            "topic": self.topic,
            "webhook_id": self.webhook_id,
            "endpoint_url": self.endpoint_url,
        }


Sender = Callable[[Delivery, float], int]


def post_delivery(delivery: Delivery, timeout: float) -> int:
    """POST the event; the HTTP status, or an exception when there was no answer."""
    response = requests.post(delivery.endpoint_url, data=delivery.body, headers=delivery.headers(), timeout=timeout)
    return response.status_code


class WebhookDeliverer:
    def __init__(self, store: Store, send: Sender = post_delivery) -> None:
        self._store = store
        self._send = send
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._numbers = itertools.count(1)
        self.reset()
        store.listeners.append(self.event_recorded)

    def reset(self) -> None:
        """Forget queued, held and recorded deliveries; the controls go back to their defaults."""
        with self._cond:
            self.controls = DeliveryControls()
            self._random = random.Random(None)
            self._due: list[tuple[float, int, Delivery]] = []
            self._held: list[Delivery] = []
            self._attempts: list[dict[str, Any]] = []
            self._outcomes: Counter[str] = Counter()
            self._sending = 0

    # Controls

    def update_controls(self, changes: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            self.controls.update(changes)
            if "seed" in changes:
                self._random = random.Random(self.controls.seed)
            return asdict(self.controls)

    def release(self, order: str = "reverse") -> int:
        """Send the held deliveries now, in ``order``, and stop holding; how many were released."""
        if order not in RELEASE_ORDERS:
            raise ApiError.validation({"order": f"must be one of {', '.join(RELEASE_ORDERS)}"})
        with self._cond:
            held, self._held = self._held, []
            self.controls.hold = False
            if order == "reverse":
                held.reverse()
            elif order == "shuffle":
                self._random.shuffle(held)
            for delivery in held:
                self._schedule(delivery, 0.0)
            return len(held)

    # What tests read

    def attempts(self) -> list[dict[str, Any]]:
        with self._cond:
            return list(self._attempts)

    def summary(self) -> dict[str, Any]:
        with self._cond:
            return {
                "outcomes": dict(self._outcomes),
                "attempts": len(self._attempts),
                "queued": len(self._due) + self._sending,
                "held": len(self._held),
            }

    def idle(self) -> bool:
        with self._cond:
            return not self._due and not self._sending

    # Events in

    def event_recorded(self, event: dict[str, Any]) -> None:
        """Store listener, called under the store's lock: queue only, never send here."""
        subscriptions = [
            w
            for w in self._store.collections["webhooks"].values()
            if w["status"] == "active" and w["topic"] == event["topic"]
        ]
        if not subscriptions:
            return
        body = json.dumps(to_json(event)).encode()
        with self._cond:
            for webhook in subscriptions:
                self._accept(self._delivery(event, webhook, body))

    def _delivery(self, event: dict[str, Any], webhook: dict[str, Any], body: bytes) -> Delivery:
        return Delivery(
            id=f"dlv_{next(self._numbers)}",
            event_id=event["id"],
            topic=event["topic"],
            webhook_id=webhook["id"],
            endpoint_url=webhook["endpoint_url"],
            body=body,
            secret=webhook.get("_secret_key"),
        )

    def _accept(self, delivery: Delivery) -> None:
        c = self.controls
        if c.drop_next > 0 or self._roll(c.drop_rate):
            c.drop_next = max(0, c.drop_next - 1)
            self._record(delivery, "dropped")
            return
        copies = 1
        if c.duplicate_next > 0 or self._roll(c.duplicate_rate):
            c.duplicate_next = max(0, c.duplicate_next - 1)
            copies = 2
        for copy in range(copies):
            clone = delivery if copy == 0 else Delivery(**{**delivery.__dict__, "id": f"{delivery.id}_dup"})
            if c.hold:
                self._held.append(clone)
            else:
                self._schedule(clone, 0.0)

    def _roll(self, rate: float) -> bool:
        return rate > 0 and self._random.random() < rate

    def _schedule(self, delivery: Delivery, delay: float) -> None:
        heapq.heappush(self._due, (time.monotonic() + delay, next(self._numbers), delivery))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ap-webhook-deliveries", daemon=True)
            self._thread.start()
        self._cond.notify()

    # The worker

    def _run(self) -> None:
        while True:
            delivery, timeout = self._next_due()
            delivery.attempts += 1
            try:
                status: int | None = self._send(delivery, timeout)
                error = None
            except Exception as exc:  # any failure to get an answer is a failed attempt
                status, error = None, type(exc).__name__
            self._finish(delivery, status, error)

    def _next_due(self) -> tuple[Delivery, float]:
        with self._cond:
            while True:
                wait = self._due[0][0] - time.monotonic() if self._due else None
                if wait is not None and wait <= 0:
                    _, _, delivery = heapq.heappop(self._due)
                    self._sending += 1
                    return delivery, self.controls.timeout_seconds
                self._cond.wait(timeout=wait)

    def _finish(self, delivery: Delivery, status: int | None, error: str | None) -> None:
        with self._cond:
            self._sending = max(0, self._sending - 1)  # a reset may have come in between
            if status is not None and 200 <= status < 300:
                self._record(delivery, "delivered", status)
            elif delivery.attempts < self.controls.max_attempts:
                self._record(delivery, "failed", status, error)
                self._schedule(delivery, self.controls.retry_base_seconds * 2 ** (delivery.attempts - 1))
            else:
                self._record(delivery, "gave_up", status, error)

    def _record(self, delivery: Delivery, outcome: str, status: int | None = None, error: str | None = None) -> None:
        self._outcomes[outcome] += 1
        self._attempts.append(
            {
                **delivery.describe(),
                "attempt": delivery.attempts,
                "outcome": outcome,
                "status_code": status,
                "error": error,
                "at": rfc3339(self._store.clock.now()),
            }
        )
