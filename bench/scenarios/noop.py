"""noop_hourly: the hourly cycle right after a complete sync, with nothing changed.

The steps run in the hourly DAG's order, each with its own run context as an
Airflow task would have; the two sandboxes' stats are read after each step,
so every request is put down to the object the step syncs (AP's mirror refresh
by path: customers, invoices, payments). Token requests are counted apart:
tokens are cached for their hour, so they are a per-hour cost, not a
per-object one.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench.complete_sync import initial_sync
from bench.partner import wire_partner
from bench.results import Figure, median
from bench.sandboxes import AlternativePaymentsProcess, NetSuiteDataSet, NetSuiteProcess
from bench.sizes import Sizes

# The object each step syncs, for the requests it makes; the order is the hourly list's.
OBJECT_OF_STEP = {
    "partner_ready": "gate",
    "refresh_ap_mirror": None,  # split by AP path below
    "stage_customers": "customer",
    "validate_customers": "customer",
    "post_customers": "customer",
    "stage_invoices": "invoice",
    "validate_invoices": "invoice",
    "post_invoices": "invoice",
    "stage_deletions": "deleted_record",
    "post_archives": "deleted_record",
    "sync_pdfs": "invoice_pdf",
}
AP_MIRROR_PATHS = {"GET /customers": "customer", "GET /invoices": "invoice", "GET /payments": "payment"}
AP_AUTH_PATH = "POST /oauth/token"
RUNS = 3


def run(sizes: Sizes, workdir: Path) -> list[Figure]:
    data = NetSuiteDataSet(invoices=sizes.noop_invoices, customers=max(10, sizes.noop_invoices // 40))
    with NetSuiteProcess(data, workdir, writable=True) as ns, AlternativePaymentsProcess(workdir, rate_limit=0) as ap:
        partner = wire_partner(workdir / "warehouse.db", ns.connection(), ap.connection())
        synced = initial_sync(partner)
        runs = [_hourly(partner, ns, ap, n) for n in range(RUNS)]
    worst = [max(r["objects"].values()) for r in runs]
    posted = sum(r["posted"] for r in runs)
    last = runs[-1]
    objects = ", ".join(f"{obj} {count}" for obj, count in sorted(last["objects"].items()))
    notes = [
        f"complete sync first: {sum(c['extracted'] for p in ('last_12_months', 'history') for c in synced[p])} "
        f"invoices of {data.invoices:,} generated; then {RUNS} hourly runs with nothing changed",
        f"requests per object (last run): {objects}; total {sum(last['objects'].values())} "
        f"(NetSuite {last['netsuite']}, AP {last['ap']})",
        f"token requests (cached for their hour, not per object): {[r['tokens'] for r in runs]}",
        f"records posted by the no-op runs: {posted}",
    ]
    value = median(worst)
    return [Figure("noop_hourly", value, "requests/object", None, value, "<= 2", extra_ok=posted == 0, notes=notes)]


def _hourly(partner, ns: NetSuiteProcess, ap: AlternativePaymentsProcess, number: int) -> dict:
    from netsuite_ap_sync.engine.context import context_for
    from netsuite_ap_sync.orchestration.registry import HOURLY, resolve
    from netsuite_ap_sync.orchestration.run_steps import in_order

    run_id = f"bench_noop_hourly-{number}"
    objects: Counter[str] = Counter()
    totals = Counter()
    posted = 0
    # The gate find_work applies, then the hourly DAG's steps.
    for step in ("partner_ready", *(planned.step for planned in in_order(HOURLY))):
        obj = OBJECT_OF_STEP[step]
        ns.reset_stats()
        ap.reset_stats()
        result = resolve(step)(context_for(partner.partner_id, run_id, "netsuite_hourly_sync"))
        if isinstance(result, dict):
            posted += int(result.get("posted") or 0)
        ns_stats, ap_stats = ns.stats()["requests"], ap.stats()["by_path"]
        totals["tokens"] += ns_stats.get("auth", 0) + ap_stats.get(AP_AUTH_PATH, 0)
        ns_data = sum(n for kind, n in ns_stats.items() if kind != "auth")
        ap_data = {path: n for path, n in ap_stats.items() if path != AP_AUTH_PATH}
        totals["netsuite"] += ns_data
        totals["ap"] += sum(ap_data.values())
        if obj is None:
            for path, n in ap_data.items():
                objects[AP_MIRROR_PATHS.get(path, path)] += n
        else:
            objects[obj] += ns_data + sum(ap_data.values())
    for obj in ("customer", "invoice", "payment", "deleted_record", "invoice_pdf"):
        objects.setdefault(obj, 0)
    if not objects["gate"]:
        del objects["gate"]  # a connected partner passes the gate without a request
    return {"objects": dict(objects), "posted": posted, **totals}
