"""The safe drift repairs, sent through the normal ledger and posters: an AP invoice's balance
or due date through the invoice update (S3/S5), a missing PDF through the PDF upload (F8)."""

from __future__ import annotations

from netsuite_ap_sync.drift.compare import REPAIR_INVOICE, REPAIR_PDF, Finding
from netsuite_ap_sync.engine.apply import apply_all
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.flows.objects import INVOICE_PDFS, INVOICES

POSTERS = {REPAIR_INVOICE: INVOICES.posters, REPAIR_PDF: INVOICE_PDFS.posters}


def repair(ctx: RunContext, findings: list[Finding]) -> dict[tuple[str, str, str], str]:
    """Apply each repairable finding's mutation once; (repair, record, key) -> outcome
    (``applied``, ``quarantined`` with AP's answer kept in the quarantine, ``dry run``)."""
    outcomes: dict[tuple[str, str, str], str] = {}
    for kind, posters in POSTERS.items():
        planned, seen = [], set()
        for finding in findings:
            if finding.repair == kind and finding.mutation and finding.mutation.key not in seen:
                seen.add(finding.mutation.key)
                planned.append((0, finding.record_id, [finding.mutation]))
        for (_, record_id, [mutation]), result in zip(planned, apply_all(ctx, planned, posters), strict=True):
            outcome = "dry run" if ctx.dry_run else str(result.outcome)
            outcomes[(kind, record_id, mutation.key)] = outcome
    return outcomes
