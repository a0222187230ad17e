"""ap_push_utilisation: NetSuite invoices created in AP, against AP's rate limit.

Customers are synced and the invoices staged and validated first (not timed);
then the pipeline's own ``post_invoices`` creates them in AP. The achieved rate
is every AP request the task made (creations, and the paid-in-full marks of
invoices already paid in NetSuite) over the task's wall time; the AP sandbox's
stats must show no 429 answered. Each run starts from an empty AP account and
a new warehouse.
"""

from __future__ import annotations

import math
from pathlib import Path

from bench.partner import wire_partner
from bench.results import Figure, median
from bench.sandboxes import AlternativePaymentsProcess, NetSuiteDataSet, NetSuiteProcess
from bench.sizes import Sizes
from bench.timing import load_average, timed

# Invoices of customers paying in other currencies fail validation (AP takes USD
# only), so the data set holds more invoices than the count to create.
EXTRA_SHARE = 0.35


def data_set(invoices: int) -> NetSuiteDataSet:
    generated = math.ceil(invoices * (1 + EXTRA_SHARE))
    return NetSuiteDataSet(invoices=generated, customers=max(20, generated // 50), years=0.25)


def run(sizes: Sizes, workdir: Path) -> list[Figure]:
    limit = sizes.ap_rate
    with (
        NetSuiteProcess(data_set(sizes.ap_invoices), workdir) as ns,
        AlternativePaymentsProcess(workdir, rate_limit=limit) as ap,
    ):
        runs = [_one_run(ns, ap, workdir / f"warehouse-{n}.db", sizes.ap_invoices) for n in range(sizes.runs)]
    rate = median(r["rate"] for r in runs)
    throttled = sum(r["429"] for r in runs)
    created = min(r["created"] for r in runs)
    notes = [
        f"AP limit {limit:g} requests/s; {len(runs)} run(s): "
        + "; ".join(
            f"{r['requests']} requests in {r['seconds']:.1f} s = {r['rate']:.2f}/s "
            f"({r['created']} invoices created, {r['429']} 429s, load {r['load']:.1f})"
            for r in runs
        ),
    ]
    return [
        Figure(
            "ap_push_utilisation",
            rate,
            "requests/s",
            limit,
            rate / limit,
            ">= 0.9",
            extra_ok=throttled == 0 and created >= sizes.ap_invoices,
            notes=notes,
        )
    ]


def _one_run(ns: NetSuiteProcess, ap: AlternativePaymentsProcess, warehouse: Path, wanted: int) -> dict:
    from netsuite_ap_sync.flows import netsuite_to_ap as inbound

    ap.control("POST", "/reset")
    partner = wire_partner(warehouse, ns.connection(), ap.connection())
    ctx = partner.ctx("bench_ap_push")
    inbound.refresh_ap_mirror(ctx)
    inbound.sync_customers(ctx)
    inbound.stage_invoices(ctx)
    inbound.validate_invoices(ctx)
    ap.reset_stats()
    load = load_average()
    _, seconds = timed(lambda: inbound.post_invoices(ctx))
    stats = ap.stats()
    requests = stats["requests_total"]
    return {
        "seconds": seconds,
        "requests": requests,
        "rate": requests / seconds,
        "created": stats["by_path"].get("POST /invoices", 0),
        "429": stats["responses_429"],
        "load": load,
    }
