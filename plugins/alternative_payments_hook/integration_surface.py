"""Part B: what this integration needs and AP's public API does not offer (yet).

The sandbox serves these endpoints; when AP publishes its own integration endpoints, only
this module changes. Every method here is a single request.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from alternative_payments_hook.client import ApiCalls
from alternative_payments_hook.encoding import segment
from alternative_payments_hook.errors import NotFoundError

INTEGRATION_STATUSES = ("pending", "connected", "reconnect_required", "error")
_UNSET: Any = object()


class IntegrationSurfaceMixin(ApiCalls):
    def update_invoice(
        self,
        invoice_id: str,
        *,
        due_date: date | str | None = None,
        line_items: list[dict[str, Any]] | None = None,
        total: Decimal | None = None,
        amount_due: Decimal | None = None,
        memo: str | None = _UNSET,
    ) -> dict[str, Any]:
        """Change an unpaid invoice; only the arguments given are sent (``memo=None`` clears it)."""
        changes: dict[str, Any] = {
            key: value
            for key, value in (
                ("due_date", due_date),
                ("line_items", line_items),
                ("total", total),
                ("amount_due", amount_due),
            )
            if value is not None
        }
        if memo is not _UNSET:
            changes["memo"] = memo
        if not changes:
            raise ValueError("update_invoice needs at least one field to change")
        return self.call("PATCH", f"/invoices/{segment(invoice_id)}", body=changes)

    def mark_invoice_paid_externally(self, invoice_id: str) -> dict[str, Any]:
        """Paid in full outside AP (in NetSuite): status paid, ``paid_via`` external."""
        return self.call("PATCH", f"/invoices/{segment(invoice_id)}", body={"status": "paid"})

    def set_invoice_balance(self, invoice_id: str, amount_due: Decimal) -> dict[str, Any]:
        """Set the open balance (partial payments and credits applied outside AP)."""
        return self.call("PATCH", f"/invoices/{segment(invoice_id)}", body={"amount_due": amount_due})

    def upload_invoice_pdf(self, invoice_id: str, pdf: bytes) -> dict[str, Any]:
        """Attach (or replace) the invoice PDF; returns the invoice with its ``pdf`` summary."""
        if not isinstance(pdf, bytes | bytearray):
            raise TypeError("the PDF must be bytes")
        response = self.transport.request(
            "PUT",
            f"/invoices/{segment(invoice_id)}/pdf",
            data=bytes(pdf),
            headers={"Content-Type": "application/pdf"},
        )
        return response.json(parse_float=Decimal)

    def get_invoice_pdf(self, invoice_id: str) -> bytes:
        """The attached PDF; ``NotFoundError`` when there is none."""
        return self.transport.request("GET", f"/invoices/{segment(invoice_id)}/pdf").content

    def put_integration_status(
        self,
        status: str,
        *,
        progress: dict[str, Any] | None = None,
        message: str | None = None,
        system: str = "netsuite",
    ) -> dict[str, Any]:
        """Report the partner's connection status (pending, connected, reconnect_required, error)."""
        if status not in INTEGRATION_STATUSES:
            raise ValueError(f"status must be one of {', '.join(INTEGRATION_STATUSES)}")
        body = {"status": status, "progress": progress or {}, "message": message}
        return self.call("PUT", f"/integrations/{segment(system)}", body=body)

    def get_integration_status(self, system: str = "netsuite") -> dict[str, Any] | None:
        """The last status reported, or None if none was."""
        try:
            return self.call("GET", f"/integrations/{segment(system)}")
        except NotFoundError:
            return None
