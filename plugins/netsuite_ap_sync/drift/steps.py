"""The ``drift_audit`` step: read both systems, compare, repair what is safe, store the findings."""

from __future__ import annotations

from collections import Counter

from netsuite_ap_sync.drift import compare
from netsuite_ap_sync.drift.read import DriftInputs, read_inputs
from netsuite_ap_sync.drift.repair import repair
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.warehouse import drift_findings, engine_for, partners
from netsuite_ap_sync.warehouse.engine import DEFAULT_CONN_ID


def findings_of(inputs: DriftInputs) -> list[compare.Finding]:
    systems = inputs.systems
    return compare.drift_findings(
        payment=compare.payment_findings(
            systems.payments, inputs.on_ns_invoices, systems.ns_payments, inputs.exempt_payments
        ),
        payout=compare.payout_findings(systems.payouts, systems.ns_deposits, inputs.exempt_payouts),
        invoice=compare.invoice_findings(
            inputs.ns_invoices, systems.ap_invoices.values(), inputs.unposted, inputs.with_pdf
        ),
        posted=compare.posted_record_findings(inputs.posted, inputs.deleted, inputs.voided, inputs.edited_deposits),
    )


def audit_partner(ctx: RunContext) -> dict:
    """The partner's drift: stored (replacing its last audit's) and summed up for the task's XCom."""
    findings = findings_of(read_inputs(ctx))
    outcomes = repair(ctx, findings)
    rows = [
        {
            "check_name": f.check,
            "object_type": f.object_type,
            "record_id": f.record_id,
            "difference": f.difference,
            "to_do": f.to_do,
            "repair": f.repair,
            "repair_outcome": outcomes.get((f.repair, f.record_id, f.mutation.key)) if f.mutation else None,
        }
        for f in findings
    ]
    if not ctx.dry_run:
        drift_findings.replace(ctx.engine, ctx.partner_id, ctx.run_id, rows)
    return {
        "findings": len(findings),
        "repaired": sum(1 for r in rows if r["repair_outcome"] == "applied"),
        "for_a_person": sum(1 for f in findings if f.repair is None),
        "by_check": dict(Counter(f.check for f in findings)),
    }


def connected_partners(warehouse_conn_id: str = DEFAULT_CONN_ID, only: str | None = None) -> list[str]:
    """The partners the audit runs for: connected ones (or the one named, if connected)."""
    engine = engine_for(warehouse_conn_id)
    return [
        p.partner_id
        for p in partners.all_partners(engine)
        if p.status == "connected" and only in (None, "", p.partner_id)
    ]
