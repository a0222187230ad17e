"""payments_post: new AP payments posted to NetSuite as customer payments.

The partner is brought to the state after a complete sync (initial sync, then
C3 accounts chosen) with NetSuite answering at once. Each run, customers pay
``payments`` open invoices in full in AP; then NetSuite's latency is set and
the pipeline's five-minute cycle (the payments list run in order: AP mirror,
F7 deletions, payments staged, validated and posted, payouts) runs, timed.
The bound is the posting alone: payments x latency / concurrency limit.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

from bench.complete_sync import initial_sync
from bench.partner import Partner, wire_partner
from bench.results import Figure, median
from bench.sandboxes import AlternativePaymentsProcess, NetSuiteDataSet, NetSuiteProcess
from bench.sizes import Sizes
from bench.timing import load_average, timed
from harness.partner import choose_accounts

# Open USD invoices are about half of a young data set; keep spares.
GENERATED_PER_PAYMENT = 2.4
OPEN = ("open", "partially_paid")


def run(sizes: Sizes, workdir: Path) -> list[Figure]:
    wanted = sizes.payments * sizes.runs
    data = NetSuiteDataSet(
        invoices=math.ceil(wanted * GENERATED_PER_PAYMENT), customers=max(40, wanted // 40), years=0.1
    )
    latency, limit = sizes.payments_latency, sizes.concurrency
    with (
        NetSuiteProcess(data, workdir, concurrency_limit=limit, writable=True) as ns,
        AlternativePaymentsProcess(workdir, rate_limit=0) as ap,
    ):
        partner = wire_partner(workdir / "warehouse.db", ns.connection(), ap.connection(), concurrency=limit)
        initial_sync(partner)
        choose_accounts(partner.ctx("netsuite_account_setup"))
        runs = [_one_run(partner, ns, ap, sizes.payments, latency) for _ in range(sizes.runs)]
    bound = sizes.payments * latency / limit
    seconds = median(r["seconds"] for r in runs)
    notes = [
        f"bound = {sizes.payments} payments x {latency:g} s / {limit}; AP not rate limited here",
        f"{len(runs)} run(s): "
        + "; ".join(
            f"{r['seconds']:.1f} s ({r['posted']} posted, {r['record_requests']} NetSuite record requests, "
            f"{r['throttled']} throttled, load {r['load']:.1f})"
            for r in runs
        ),
    ]
    all_posted = all(r["posted"] == sizes.payments for r in runs)
    return [Figure("payments_post", seconds, "s", bound, seconds / bound, "<= 1.3", extra_ok=all_posted, notes=notes)]


def _open_invoices(partner: Partner) -> list[str]:
    from netsuite_ap_sync.warehouse import ap_mirror

    rows = ap_mirror.all_invoices(partner.engine, partner.partner_id)
    return [
        row["ap_id"]
        for row in rows
        if row["external_id"] and row["status"] in OPEN and Decimal(str(row["amount_due"] or 0)) > 0
    ]


def _one_run(partner: Partner, ns: NetSuiteProcess, ap: AlternativePaymentsProcess, count: int, latency: float):
    from netsuite_ap_sync.orchestration.run_steps import run_in_order

    invoices = _open_invoices(partner)
    if len(invoices) < count:
        raise RuntimeError(f"only {len(invoices)} open AP invoices left for {count} payments")
    for invoice_id in invoices[:count]:
        ap.control("POST", f"/invoices/{invoice_id}/pay", {"payment_method": "card"})
    ctx = partner.ctx("netsuite_payments_sync")
    ns.settings(latency_seconds=latency)
    ns.reset_stats()
    load = load_average()
    try:
        result, seconds = timed(lambda: run_in_order(ctx, "payments"))
    finally:
        ns.settings(latency_seconds=0.0)
    stats = ns.stats()
    return {
        "seconds": seconds,
        "posted": result["payments"]["posted"],
        "record_requests": stats["requests"].get("record", 0),
        "throttled": stats["throttled_total"],
        "load": load,
    }
