"""NetSuite deletions (``deletedrecord``), routed to the rule that owns each record type."""

from __future__ import annotations

from netsuite_ap_sync.rules.customers import plan_customer_deletion
from netsuite_ap_sync.rules.decisions import Decision, Skip
from netsuite_ap_sync.rules.invoices import plan_invoice_deletion
from netsuite_ap_sync.rules.payments import plan_payment_deletion
from netsuite_ap_sync.rules.records import ApCustomer, ApInvoice, NsDeletion


def plan_deletion(
    deletion: NsDeletion,
    *,
    ap_invoice: ApInvoice | None = None,
    ap_customer: ApCustomer | None = None,
    ap_payment_id: str | None = None,
    archive_reported: bool = False,
) -> list[Decision]:
    """Decisions for one deleted NetSuite record.

    invoice -> F5/S8 archive (``ap_invoice``: the AP invoice carrying its id);
    customer -> F6 report (``ap_customer``, ``archive_reported``);
    customerpayment -> F7 (``ap_payment_id``: the AP payment the ledger posted it for);
    deposit -> F4 never re-posts; anything else is outside every rule.
    """
    kind = deletion.record_type.lower()
    if kind == "invoice":
        return plan_invoice_deletion(deletion, ap_invoice)
    if kind == "customer":
        return plan_customer_deletion(deletion, ap_customer, archive_reported=archive_reported)
    if kind == "customerpayment":
        return plan_payment_deletion(deletion, ap_payment_id=ap_payment_id)
    if kind == "deposit":
        reason = "deleted in NetSuite; a deposit once posted is never posted again (its external id is kept)"
        return [Skip("F4", "deposit", deletion.record_id, reason)]
    return [Skip("I4", kind, deletion.record_id, f"no sync rule covers deleted {kind!r} records")]
