"""What the drift audit compares, read through the hooks (NetSuite SuiteQL, AP's API) and,
for which records this integration posted, its ledger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from netsuite_ap_sync.drift.compare import PostedRecord
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.extract.suiteql_files import keyset_query
from netsuite_ap_sync.rules.records import NsInvoice, PaymentRoute
from netsuite_ap_sync.tools.audit import Systems, exempt_payments, invoice_inputs, quarantined_records, read_systems
from netsuite_ap_sync.warehouse import drift_findings


@dataclass(frozen=True)
class DriftInputs:
    systems: Systems
    exempt_payments: frozenset[str]  # S2, F7 and quarantined payments
    exempt_payouts: frozenset[str]  # quarantined payouts
    ns_invoices: list[NsInvoice]  # unpaid NetSuite invoices, those quarantined left out
    unposted: dict[str, Decimal]  # NetSuite invoice id -> what AP's balance may lawfully differ by
    with_pdf: frozenset[str]  # AP invoices holding a PDF
    posted: list[PostedRecord]
    deleted: frozenset[str]  # NetSuite ids of deleted customer payments and deposits
    voided: frozenset[str]  # NetSuite ids of voided ones this integration posted
    edited_deposits: dict[str, str]  # NetSuite deposit id -> lastmodifieddate, changed after created

    @property
    def on_ns_invoices(self) -> frozenset[str]:
        routes = self.systems.routes
        return frozenset(p for p, route in routes.items() if route is PaymentRoute.CUSTOMER_PAYMENT)


def read_inputs(ctx: RunContext) -> DriftInputs:
    systems = read_systems(ctx)
    exempt = exempt_payments(ctx)
    quarantined = quarantined_records(ctx)
    ns_invoices, _, unposted = invoice_inputs(ctx, systems, exempt, quarantined)
    posted = [
        PostedRecord(r["object_type"], r["source_id"], str(r["remote_id"]))
        for r in drift_findings.posted_netsuite_records(ctx.engine, ctx.partner_id)
    ]
    return DriftInputs(
        systems=systems,
        exempt_payments=frozenset(exempt | {s for o, s in quarantined if o == "payment"}),
        exempt_payouts=frozenset(s for o, s in quarantined if o == "payout"),
        ns_invoices=ns_invoices,
        unposted=unposted,
        with_pdf=frozenset(str(i["id"]) for i in systems.ap_invoices_raw if i.get("pdf")),
        posted=posted,
        deleted=frozenset(str(r["recordid"]) for r in _suiteql(ctx, "drift_deleted_posted.sql", [], "d.recordid")),
        voided=frozenset(str(r["id"]) for r in _suiteql(ctx, "drift_voided_posted.sql", ["ap%"], "t.id")),
        edited_deposits={
            str(r["id"]): str(r.get("lastmodifieddate") or "")
            for r in _suiteql(ctx, "drift_edited_deposits.sql", ["apo-%"], "t.id")
        },
    )


def _suiteql(ctx: RunContext, name: str, params: list, key: str) -> list[dict]:
    query = keyset_query(name, params, key=key)
    return [row for page in ctx.netsuite.suiteql.parallel_pages(query, workers=ctx.netsuite_workers(5)) for row in page]
