"""extract_vs_bound and extract_vs_peer: all invoices of a large account, staged.

The pipeline's own extract (``netsuite_ap_sync.extract.netsuite.extract_invoices``)
against the fewest full SuiteQL pages that can carry the rows it stages
(invoice rows and their line rows, 1,000 a page), each taking the sandbox's
latency, ``concurrency`` at a time; and against the peer (``bench.peer``) on
the same data in the same benchmark run. Every run stages into a new warehouse.
"""

from __future__ import annotations

import math
from pathlib import Path

from bench import peer
from bench.partner import wire_partner
from bench.results import Figure, median
from bench.sandboxes import AlternativePaymentsProcess, NetSuiteDataSet, NetSuiteProcess
from bench.sizes import Sizes
from bench.timing import load_average, timed


def data_set(invoices: int) -> NetSuiteDataSet:
    return NetSuiteDataSet(invoices=invoices, customers=max(25, invoices // 100))


def run(sizes: Sizes, workdir: Path) -> list[Figure]:
    data = data_set(sizes.extract_invoices)
    latency, limit = sizes.extract_latency, sizes.concurrency
    with (
        NetSuiteProcess(data, workdir, latency=latency, concurrency_limit=limit) as ns,
        AlternativePaymentsProcess(workdir) as ap,
    ):
        ours = [_one_run(ns, ap, workdir / f"ours-{n}.db", "ours") for n in range(sizes.runs)]
        peers = [_one_run(ns, ap, workdir / f"peer-{n}.db", "peer") for n in range(sizes.big_runs)]
    read, lines = ours[0]["read"], ours[0]["lines"]
    pages = math.ceil(read / 1000) + math.ceil(lines / 1000)
    bound = pages * latency / limit
    our_time = median(r["seconds"] for r in ours)
    peer_time = median(r["seconds"] for r in peers)
    data_note = (
        f"{data.invoices:,} invoices generated ({read:,} live, {lines:,} item lines), latency {latency:g} s, "
        f"concurrency limit {limit}"
    )
    same = all((r["read"], r["lines"]) == (read, lines) for r in ours + peers)
    return [
        Figure(
            "extract_vs_bound",
            our_time,
            "s",
            bound,
            our_time / bound,
            "<= 1.25",
            extra_ok=same,
            notes=[f"bound = {pages} full pages x {latency:g} s / {limit}", data_note, "ours: " + _describe(ours)],
        ),
        Figure(
            "extract_vs_peer",
            our_time,
            "s",
            peer_time,
            peer_time / our_time,
            ">= 4",
            extra_ok=same,
            notes=["bound column = the peer's time; ratio = peer / ours", "peer: " + _describe(peers)],
        ),
    ]


def _one_run(ns: NetSuiteProcess, ap: AlternativePaymentsProcess, warehouse: Path, who: str) -> dict:
    from netsuite_ap_sync.extract.netsuite import extract_invoices
    from netsuite_ap_sync.flows.objects import INVOICES

    partner = wire_partner(warehouse, ns.connection(), ap.connection())
    ctx = partner.ctx("bench_extract")
    ns.reset_stats()
    load = load_average()
    if who == "ours":
        out, seconds = timed(lambda: extract_invoices(ctx, INVOICES))
    else:
        out, seconds = timed(lambda: peer.extract_invoices(ctx, ctx.run_id))
    stats = ns.stats()
    return {
        "seconds": seconds,
        "read": out.read,
        "lines": out.lines,
        "requests": stats["requests"].get("suiteql", 0),
        "throttled": stats["throttled_total"],
        "peak_in_flight": stats["peak_in_flight"],
        "load": load,
    }


def _describe(runs: list[dict]) -> str:
    parts = [
        f"{r['seconds']:.1f} s ({r['requests']} SuiteQL requests, {r['throttled']} throttled, "
        f"peak {r['peak_in_flight']} in flight, load {r['load']:.1f})"
        for r in runs
    ]
    return f"{len(runs)} run(s): " + "; ".join(parts)
