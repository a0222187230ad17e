"""AP's public API (Part A): customers, invoices, payments, payouts, webhooks.

List methods are generators of ``Page`` objects (one request per page). ``updated_at_start``
(inclusive) reads incrementally: records updated exactly at the watermark come again, so
drop those already applied by id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

from alternative_payments_hook.client import ApiCalls
from alternative_payments_hook.encoding import segment
from alternative_payments_hook.errors import ValidationError
from alternative_payments_hook.pagination import DEFAULT_PAGE_SIZE, Page

Timestamp = datetime | str | None


class PublicApiMixin(ApiCalls):
    # Customers

    def iter_customers(self, *, page_size: int = DEFAULT_PAGE_SIZE, **filters: Any) -> Iterator[Page]:
        """Filters: created_at_start, created_at_end, company_name, external_id, updated_at_start, status."""
        return self.pages("/customers", filters, page_size)

    def get_customer(self, customer_id: str) -> dict[str, Any]:
        return self.call("GET", f"/customers/{segment(customer_id)}")

    def create_customer(self, customer: Mapping[str, Any]) -> dict[str, Any]:
        """Create a customer; with ``external_id``, a retried create never makes a duplicate."""
        return self._create("/customers", customer, self.find_customer_by_external_id)

    def update_customer(self, customer_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change name, legal_name, ein or address fields."""
        return self.call("PATCH", f"/customers/{segment(customer_id)}", body=changes)

    def archive_customer(self, customer_id: str) -> dict[str, Any]:
        """``DELETE``: AP archives the customer; it stays readable with status archived."""
        return self.call("DELETE", f"/customers/{segment(customer_id)}")

    # Invoices

    def iter_invoices(
        self, updated_at_start: Timestamp = None, *, page_size: int = DEFAULT_PAGE_SIZE, **filters: Any
    ) -> Iterator[Page]:
        """Filters: created_at_*, due_date_*, customer_id, invoice_number, status, external_id."""
        return self.pages("/invoices", {**filters, "updated_at_start": updated_at_start}, page_size)

    def get_invoice(self, invoice_id: str) -> dict[str, Any]:
        return self.call("GET", f"/invoices/{segment(invoice_id)}")

    def create_invoice(self, invoice: Mapping[str, Any]) -> dict[str, Any]:
        """Create an invoice (customer_id, currency, due_date, line_items, ...; Part B: external_id,
        invoice_number, total, amount_due, memo); a retried create never makes a duplicate."""
        return self._create("/invoices", invoice, self.find_invoice_by_external_id)

    def archive_invoice(self, invoice_id: str) -> dict[str, Any]:
        """``DELETE``: AP archives the invoice (gone for the end customer, still readable here)."""
        return self.call("DELETE", f"/invoices/{segment(invoice_id)}")

    # Payments

    def iter_payments(
        self, updated_at_start: Timestamp = None, *, page_size: int = DEFAULT_PAGE_SIZE, **filters: Any
    ) -> Iterator[Page]:
        """Filters: type, status, customer_id, invoice_id, payment_method, payout_id, created_at_*."""
        return self.pages("/payments", {**filters, "updated_at_start": updated_at_start}, page_size)

    def get_payment(self, payment_id: str) -> dict[str, Any]:
        return self.call("GET", f"/payments/{segment(payment_id)}")

    # Payouts

    def iter_payouts(
        self, updated_at_start: Timestamp = None, *, page_size: int = DEFAULT_PAGE_SIZE, **filters: Any
    ) -> Iterator[Page]:
        """Filters: status, customer_id, invoice_id, start_date, end_date (arrival date)."""
        return self.pages("/payouts", {**filters, "updated_at_start": updated_at_start}, page_size)

    def get_payout(self, payout_id: str) -> dict[str, Any]:
        return self.call("GET", f"/payouts/{segment(payout_id)}")

    def iter_payout_transactions(self, payout_id: str, *, page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[Page]:
        """The payments a payout paid out."""
        return self.pages(f"/payouts/{segment(payout_id)}/transactions", {}, page_size)

    # Webhooks: subscriptions (one topic each) and the event log

    def iter_webhooks(self, *, page_size: int = DEFAULT_PAGE_SIZE, **filters: Any) -> Iterator[Page]:
        """Subscriptions; filters: topic, status (active, deleted). The secret is never listed."""
        return self.pages("/webhooks", filters, page_size)

    def create_webhook(self, endpoint_url: str, topic: str, secret_key: str | None = None) -> dict[str, Any]:
        """Subscribe ``endpoint_url`` to one topic; deliveries carry ``Authorization: Bearer <secret_key>``."""
        body = {"endpoint_url": endpoint_url, "topic": topic}
        if secret_key is not None:
            body["secret_key"] = secret_key
        return self.call("POST", "/webhooks", body=body)

    def delete_webhook(self, webhook_id: str) -> dict[str, Any]:
        return self.call("DELETE", f"/webhooks/{segment(webhook_id)}")

    def iter_webhook_events(
        self, updated_at_start: Timestamp = None, *, page_size: int = DEFAULT_PAGE_SIZE, **filters: Any
    ) -> Iterator[Page]:
        """The event log deliveries are made from; filters: topic, created_at_start, created_at_end."""
        return self.pages("/webhooks/events", {**filters, "updated_at_start": updated_at_start}, page_size)

    # Lookups by the source system's id (the external_id filter is Part B)

    def find_customer_by_external_id(self, external_id: str) -> dict[str, Any] | None:
        return self.first("/customers", {"external_id": external_id})

    def find_invoice_by_external_id(self, external_id: str) -> dict[str, Any] | None:
        return self.first("/invoices", {"external_id": external_id})

    def _create(
        self, path: str, body: Mapping[str, Any], find: Callable[[str], dict[str, Any] | None]
    ) -> dict[str, Any]:
        try:
            return self.call("POST", path, body=body)
        except ValidationError as exc:
            # A create retried after a lost answer may have succeeded the first time: the
            # duplicate external_id is then our own record, not a conflict.
            external_id = body.get("external_id")
            if exc.attempts > 1 and external_id and "external_id" in exc.validation_errors:
                existing = find(external_id)
                if existing is not None:
                    return existing
            raise
