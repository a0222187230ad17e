"""F8: the PDF NetSuite renders (through the bundle's RESTlet) is attached to the AP invoice.

The AP invoice remembers which NetSuite version its PDF was rendered from
(``pdf_source_version``); a newer NetSuite ``last_modified`` re-renders it.
"""

from __future__ import annotations

from netsuite_ap_sync.rules.decisions import AP, Decision, Hold, Mutation, Quarantine, Skip
from netsuite_ap_sync.rules.invoices import invoice_problem, is_frozen, is_voided
from netsuite_ap_sync.rules.keys import idempotency_key
from netsuite_ap_sync.rules.records import AP_ARCHIVED, NS_NOT_APPROVED, ApInvoice, NsInvoice

OBJECT = "invoice_pdf"


def plan_invoice_pdf(ns: NsInvoice, ap: ApInvoice | None) -> list[Decision]:
    """Decisions for the PDF of one NetSuite invoice; ``ap`` is the AP invoice carrying its id."""
    if is_voided(ns):
        return [Skip("F8", OBJECT, ns.id, "voided in NetSuite; no PDF is sent")]
    if ns.status in NS_NOT_APPROVED:
        return [Skip("F8", OBJECT, ns.id, f"status {ns.status!r} in NetSuite; not sent to AP")]
    if ap is not None and is_frozen(ap):
        return [Skip("S4", OBJECT, ns.id, f"AP invoice {ap.id} was paid in AP; its PDF stays as it was")]
    problem = invoice_problem(ns)
    if problem is not None:
        return [Quarantine(problem[0], OBJECT, ns.id, f"invoice itself is quarantined: {problem[1]}")]
    if ap is None:
        return [Hold("F8", OBJECT, ns.id, "waiting for the AP invoice to be created (F2)")]
    if ap.status == AP_ARCHIVED:
        return [Skip("F8", OBJECT, ns.id, f"AP invoice {ap.id} is archived")]
    return [f8_attach_pdf(ns, ap)]


def f8_attach_pdf(ns: NsInvoice, ap: ApInvoice) -> Decision:
    """F8: attach when AP has no PDF or one rendered from an older NetSuite version."""
    rendered = ap.pdf_source_version
    if rendered is not None and rendered >= ns.last_modified:
        return Skip("F8", OBJECT, ns.id, f"PDF of AP invoice {ap.id} is rendered from this or a later NetSuite version")
    return Mutation(
        rules=("F8",),
        target=AP,
        action="attach_pdf",
        object_type=OBJECT,
        source_id=ns.id,
        key=idempotency_key(AP, "attach_pdf", OBJECT, ns.id, ns.last_modified),
        payload={"ns_invoice_id": ns.id, "invoice_number": ns.tran_id, "source_version": ns.last_modified},
        target_id=ap.id,
    )
