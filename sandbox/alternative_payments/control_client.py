"""A small Python client for a running sandbox's ``/_sandbox`` controls (tests, demos)."""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import requests


class SandboxControlError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"sandbox control answered {status}: {body}")
        self.status = status
        self.body = body


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class SandboxControl:
    """What customers and the partner do in AP, plus stats, settings, clock and reset."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = requests.Session()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps({k: v for k, v in body.items() if v is not None}, default=_default) if body else None
        response = self._session.request(
            method,
            f"{self.base_url}/_sandbox{path}",
            data=data,
            headers={"Content-Type": "application/json"},
            timeout=self.timeout,
        )
        answer = response.json(parse_float=Decimal)
        if response.status_code >= 400:
            raise SandboxControlError(response.status_code, answer)
        return answer

    # Inspection and set-up

    def state(self) -> dict[str, Any]:
        return self._call("GET", "/state")

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/stats")

    def reset_stats(self) -> None:
        self._call("POST", "/stats/reset")

    def reset(self) -> None:
        self._call("POST", "/reset")

    def load_demo_data(self) -> dict[str, str]:
        return self._call("POST", "/demo-data")

    def settings(self, **changes: Any) -> dict[str, Any]:
        """Read the settings, or change some (``rate_limit_per_second=50``, ``fault_500_rate=0.2``...)."""
        return self._call("POST", "/settings", changes) if changes else self._call("GET", "/settings")

    def clock(self) -> dict[str, Any]:
        return self._call("GET", "/clock")

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        return self._call("POST", "/clock", {"advance_seconds": seconds})

    # Webhook deliveries

    def webhook_controls(self, **changes: Any) -> dict[str, Any]:
        """Read the delivery controls, or change some (``drop_next=1``, ``hold=True``...)."""
        return self._call("POST", "/webhooks/controls", changes) if changes else self._call("GET", "/webhooks/controls")

    def release_webhooks(self, order: str = "reverse") -> int:
        return self._call("POST", "/webhooks/release", {"order": order})["released"]

    def webhook_deliveries(self) -> dict[str, Any]:
        """``{"idle": bool, "data": [attempt, ...]}``."""
        return self._call("GET", "/webhooks/deliveries")

    def wait_for_deliveries(self, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Every attempt, once nothing is queued or in flight (retries included)."""
        deadline = time.monotonic() + timeout
        while True:
            answer = self.webhook_deliveries()
            if answer["idle"] or time.monotonic() > deadline:
                return answer["data"]
            time.sleep(0.02)

    # The partner, in AP

    def create_customer(self, **fields: Any) -> dict[str, Any]:
        return self._call("POST", "/customers", fields)

    def add_payment_method(self, customer_id: str, kind: str = "card") -> dict[str, Any]:
        return self._call("POST", f"/customers/{customer_id}/payment-method", {"type": kind})

    def create_invoice(self, **fields: Any) -> dict[str, Any]:
        return self._call("POST", "/invoices", fields)

    def edit_invoice(self, invoice_id: str, **changes: Any) -> dict[str, Any]:
        return self._call("PATCH", f"/invoices/{invoice_id}", changes)

    # The end customer, and what happens to payments afterwards

    def pay_invoice(
        self,
        invoice_id: str,
        amount: Decimal | None = None,
        payment_method: str = "card",
        surcharge: Decimal | None = None,
        status: str | None = None,
    ) -> dict[str, Any]:
        body = {"amount": amount, "payment_method": payment_method, "surcharge": surcharge, "status": status}
        return self._call("POST", f"/invoices/{invoice_id}/pay", body)

    def settle_payment(self, payment_id: str) -> dict[str, Any]:
        return self._call("POST", f"/payments/{payment_id}/succeed")

    def fail_payment(self, payment_id: str, reason: str | None = None) -> dict[str, Any]:
        return self._call("POST", f"/payments/{payment_id}/fail", {"reason": reason})

    def refund_payment(self, payment_id: str) -> dict[str, Any]:
        return self._call("POST", f"/payments/{payment_id}/refund")

    def chargeback_payment(self, payment_id: str) -> dict[str, Any]:
        return self._call("POST", f"/payments/{payment_id}/chargeback")

    # AP pays the partner out

    def create_payout(
        self,
        payment_ids: list[str] | None = None,
        fee_percent: Decimal | None = None,
        fee_fixed: Decimal | None = None,
        status: str | None = None,
        arrival_date: date | None = None,
        fees: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        body = {
            "payment_ids": payment_ids,
            "fee_percent": fee_percent,
            "fee_fixed": fee_fixed,
            "status": status,
            "arrival_date": arrival_date,
            "fees": fees,
        }
        return self._call("POST", "/payouts", body)

    def set_payout_status(self, payout_id: str, status: str) -> dict[str, Any]:
        return self._call("POST", f"/payouts/{payout_id}/status", {"status": status})
