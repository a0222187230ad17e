"""What the drift audit compares, read through the hooks (NetSuite SuiteQL, AP's API) and,
for which records this integration posted, its ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from netsuite_ap_sync.drift.compare import PostedRecord
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.extract.suiteql_files import keyset_query
from netsuite_ap_sync.rules.records import NsInvoice, PaymentRoute
from netsuite_ap_sync.tools.audit import Systems, exempt_payments, invoice_inputs, quarantined_records, read_systems
from netsuite_ap_sync.warehouse import drift_findings
from netsuite_ap_sync.warehouse.clock import utcnow


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
    ledger = drift_findings.posted_netsuite_records(ctx.engine, ctx.partner_id)
    posted = [PostedRecord(r["object_type"], r["source_id"], str(r["remote_id"])) for r in ledger]
    return DriftInputs(
        systems=systems,
        exempt_payments=frozenset(exempt | {s for o, s in quarantined if o == "payment"}),
        exempt_payouts=frozenset(s for o, s in quarantined if o == "payout"),
        ns_invoices=ns_invoices,
        unposted=unposted,
        with_pdf=frozenset(str(i["id"]) for i in systems.ap_invoices_raw if i.get("pdf")),
        posted=posted,
        deleted=_deleted_since_first_posting(ctx, ledger),
        voided=frozenset(str(r["id"]) for r in _suiteql(ctx, "drift_voided_posted.sql", ["ap%"], "t.id")),
        edited_deposits={
            str(r["id"]): str(r.get("lastmodifieddate") or "")
            for r in _suiteql(ctx, "drift_edited_deposits.sql", ["apo-%"], "t.id")
        },
    )


def _deleted_since_first_posting(ctx: RunContext, ledger: list[dict]) -> frozenset[str]:
    """Ids of customer payments and deposits NetSuite deleted since the first one was posted. The
    ledger's time is the warehouse's clock: moved onto NetSuite's by the gap between the two now, and a
    day early, since NetSuite stamps deletions in the account's time zone."""
    times = [_as_utc(r["posted_at"]) for r in ledger if r.get("posted_at")]
    if not times:
        return frozenset()
    skew = ctx.netsuite.server_time() - utcnow()
    since = (min(times) + skew - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    return frozenset(str(r["recordid"]) for r in _suiteql(ctx, "drift_deleted_posted.sql", [since], "d.recordid"))


def _as_utc(value) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _suiteql(ctx: RunContext, name: str, params: list, key: str) -> list[dict]:
    query = keyset_query(name, params, key=key)
    return [row for page in ctx.netsuite.suiteql.parallel_pages(query, workers=ctx.netsuite_workers(5)) for row in page]
