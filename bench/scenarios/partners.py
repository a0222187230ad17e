"""partners: many partners in one deployment, through Airflow's own scheduler and LocalExecutor.

P partners, each with its own NetSuite account and its own AP API key (two sandbox processes
serve all the accounts and all the keys, see ``bench.many_sandboxes``), and a PostgreSQL
warehouse in a database of its own. The partners that get work in the measured cycles (5%,
each paid in AP and editing an invoice in NetSuite every cycle, and one that carries a payment
backlog) are seeded with a real initial sync in this process; the others are seeded as an
initial sync leaves a partner with nothing new: connected, past its phases, its watermarks at
NetSuite's newest record. Every partner's NetSuite deletions so far are read once, as the first
scheduled runs after an initial sync do. All partners are then marked as taken by both
scheduled DAGs, as in a deployment that has been running. The measured cycles are DAG runs
triggered through the REST API and run by a real ``airflow scheduler`` + ``dag-processor`` +
``api-server`` (+ triggerer) with the LocalExecutor; CPU is every process of those
components, task processes included (``bench.airflow_deployment``).

Figures: CPU seconds per idle partner in a payments and an hourly cycle where nothing
changed; the payments cycle's wall time with 5% of partners paid; the largest P that holds
the five-minute cadence, extrapolated linearly from the measured P (CPU and wall time); p50
and p95 of the time from an AP payment succeeding to its NetSuite customer payment posted
(payments made just before the run; at the ``*/5`` schedule add the wait for the next run);
the same while one partner works through a backlog in slices of ``SYNC_PAYMENTS_PER_RUN``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import requests
from sqlalchemy import text

from bench.airflow_deployment import Deployment
from bench.results import Figure
from bench.sandboxes import ROOT, child_env
from bench.sizes import Sizes
from harness.connections import WAREHOUSE_CONN_ID, AirflowConnections
from harness.partner import choose_accounts, register_partner
from harness.warehouses import Warehouse, postgres_warehouse, sqlite_warehouse

PAYMENTS_DAG, HOURLY_DAG = "netsuite_payments_sync", "netsuite_hourly_sync"
CADENCE = 300.0
IDLE_CPU_TARGET = 0.5
CAPACITY_TARGET = 500
ACTIVE_EVERY = 20  # 5%
# Another checkout's dags/ and plugins/ run in Airflow instead of this one's (the shape before).
CODE_ROOT = Path(os.environ["BENCH_AIRFLOW_CODE"]) if os.environ.get("BENCH_AIRFLOW_CODE") else None


def partner_id(n: int) -> str:
    return f"p{n:05d}"


def run(sizes: Sizes, workdir: Path) -> list[Figure]:
    count = sizes.partners
    started = time.monotonic()
    ns_state, ap_state = workdir / "netsuite.json", workdir / "ap.json"
    sandboxes = [
        _start(
            ["--kind=netsuite", f"--customers={sizes.partner_customers}", f"--invoices={sizes.partner_invoices}"],
            count,
            ns_state,
            workdir,
        ),
        _start(["--kind=ap"], count, ap_state, workdir),
    ]
    warehouse = None
    try:
        ns, ap = _wait_state(ns_state, sandboxes[0]), _wait_state(ap_state, sandboxes[1])
        warehouse = _warehouse(workdir).migrate()
        connections = _wire(warehouse, count, ns, ap)
        # The same 5% of partners are paid in AP and edit an invoice in NetSuite in every cycle.
        payers = editors = [n for n in range(0, count, ACTIVE_EVERY)]
        backlog = 1
        idle_only = bool(os.environ.get("BENCH_PARTNERS_IDLE_ONLY"))
        seeded = time.monotonic()
        _seed([] if idle_only else sorted({*payers, *editors, backlog}), range(count), sizes.parallel_seeds)
        seed_seconds = time.monotonic() - seeded
        env = {"SYNC_PAYMENTS_PER_RUN": str(sizes.backlog_slice)}
        with Deployment(workdir, connections, sizes.parallelism, extra_env=env, code_root=CODE_ROOT) as airflow:
            airflow.unpause(PAYMENTS_DAG, HOURLY_DAG)
            # The first run of each after start-up loads what later runs reuse.
            airflow.run(PAYMENTS_DAG)
            airflow.run(HOURLY_DAG)
            idle_payments = _checked(airflow.run(PAYMENTS_DAG))
            idle_hourly = _checked(airflow.run(HOURLY_DAG))
            if idle_only:
                return _idle_figures(count, sizes, idle_payments, idle_hourly, seed_seconds, started)
            engine = _engine(workdir)
            cycles, latencies = [], []
            for _ in range(sizes.partner_cycles):
                made = _pay(ap, payers, engine)
                _edit(ns, editors, engine)
                cycles.append(_checked(airflow.run(PAYMENTS_DAG)))
                latencies += _latencies(engine, made)
            hourly = _checked(airflow.run(HOURLY_DAG))
            backlog_made = _backlog(ap, backlog, sizes.backlog)
            backlog_cycles, backlog_latencies, posted = [], [], []
            for _ in range(min(sizes.backlog // sizes.backlog_slice + 2, sizes.backlog_runs)):
                made = _pay(ap, payers, engine)
                backlog_cycles.append(_checked(airflow.run(PAYMENTS_DAG)))
                backlog_latencies += _latencies(engine, made)
                posted.append(_posted(engine, [p["id"] for p in backlog_made]))
                if posted[-1] >= len(backlog_made):
                    break
    finally:
        for process in sandboxes:
            process.terminate()
            process.wait(30)
        if warehouse:
            _drop_warehouse(warehouse)
    return _figures(
        count=count,
        sizes=sizes,
        idle_payments=idle_payments,
        idle_hourly=idle_hourly,
        cycles=cycles,
        hourly=hourly,
        latencies=latencies,
        backlog_cycles=backlog_cycles,
        backlog_latencies=backlog_latencies,
        backlog_posted=posted,
        backlog_total=len(backlog_made),
        seed_seconds=seed_seconds,
        total_seconds=time.monotonic() - started,
        active=(len(payers), len(editors)),
    )


# --- Sandboxes and wiring -----------------------------------------------------------------


def _start(options: list[str], count: int, state: Path, workdir: Path) -> subprocess.Popen:
    log = open(workdir / f"{state.stem}-sandboxes.log", "wb")  # noqa: SIM115 - lives as long as the process
    command = [sys.executable, "-m", "bench.many_sandboxes", *options, f"--count={count}", f"--state={state}"]
    return subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=log, stderr=subprocess.STDOUT)


def _wait_state(state: Path, process: subprocess.Popen, timeout: float = 1800) -> dict[int, dict]:
    deadline = time.monotonic() + timeout
    while not state.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"sandboxes did not start; see {state.parent}/{state.stem}-sandboxes.log")
        time.sleep(0.5)
    return {int(n): entry for n, entry in json.loads(state.read_text()).items()}


def _warehouse(workdir: Path) -> Warehouse:
    """A PostgreSQL warehouse in a database of its own (many writers at once, as in production),
    or, with ``BENCH_WAREHOUSE=sqlite``, a SQLite file."""
    if os.environ.get("BENCH_WAREHOUSE") == "sqlite":
        return sqlite_warehouse(workdir / "warehouse.db")
    return postgres_warehouse(f"bench_partners_{uuid.uuid4().hex[:10]}", create=True)


def _drop_warehouse(warehouse: Warehouse) -> None:
    from netsuite_ap_sync.warehouse.engine import engine_for

    engine_for("warehouse_default").dispose()
    warehouse.close()


def _wire(warehouse: Warehouse, count: int, ns: dict, ap: dict) -> dict[str, dict]:
    """Every partner registered in ``warehouse``; the connections, for this process and Airflow."""
    connections = AirflowConnections()
    connections.set(WAREHOUSE_CONN_ID, warehouse.connection)
    for n in range(count):
        register_partner(
            warehouse, connections, partner_id(n), f"Partner {n}", ns[n]["connection"], ap[n]["connection"]
        )
    return connections.specs


def _engine(workdir: Path):
    from netsuite_ap_sync.warehouse.engine import engine_for

    return engine_for("warehouse_default")


# --- Seeding --------------------------------------------------------------------------------


def _seed(synced: list[int], everyone: range, processes: int) -> None:
    """A real initial sync (and the accounts chosen) for the partners that get work; the rest
    as a finished initial sync leaves a partner with nothing new. Then both DAGs have taken them."""
    from netsuite_ap_sync.warehouse import work
    from netsuite_ap_sync.warehouse.engine import engine_for

    with ProcessPoolExecutor(max_workers=processes) as pool:
        list(pool.map(_quiet, [n for n in everyone if n not in synced], chunksize=16))
        list(pool.map(_initial_sync, synced))
    engine = engine_for("warehouse_default")
    for dag_id in (PAYMENTS_DAG, HOURLY_DAG):
        work.mark_taken(engine, dag_id, [partner_id(n) for n in everyone], "bench-seed")


def _context(n: int, dag_id: str):
    from netsuite_ap_sync.engine.context import context_for

    return context_for(partner_id(n), f"bench-seed-{n}", dag_id)


def _initial_sync(n: int) -> None:
    from netsuite_ap_sync.orchestration.run_steps import run_in_order

    run_in_order(_context(n, "netsuite_initial_sync"), "initial")
    choose_accounts(_context(n, "netsuite_account_setup"))
    _deletions_read(n)


def _deletions_read(n: int) -> None:
    """What the first scheduled runs after an initial sync do once: read NetSuite's deletions so far."""
    from netsuite_ap_sync.flows.ap_to_netsuite import sync_deleted_payments
    from netsuite_ap_sync.flows.netsuite_to_ap import post_archives, stage_deletions

    ctx = _context(n, HOURLY_DAG)
    stage_deletions(ctx)
    post_archives(ctx)
    sync_deleted_payments(_context(n, PAYMENTS_DAG))


def _quiet(n: int) -> None:
    from netsuite_ap_sync.flows import initial_sync as init
    from netsuite_ap_sync.warehouse import partners
    from netsuite_ap_sync.warehouse.sync_state import advance_watermark

    ctx = _context(n, "netsuite_initial_sync")
    for obj, query in init.SIGNPOSTS.items():
        signpost = init._signpost(ctx, query)
        if signpost:
            advance_watermark(ctx.engine, ctx.partner_id, obj, signpost, ctx.run_id)
    partners.set_phase(ctx.engine, ctx.partner_id, "done", done=0, left=0)
    partners.set_status(ctx.engine, ctx.partner_id, "connected", "initial sync complete")
    _deletions_read(n)


# --- What partners do between runs ------------------------------------------------------------


def _ap(ap: dict, n: int):
    from sandbox.alternative_payments.control_client import SandboxControl

    return SandboxControl(ap[n]["base_url"], timeout=60)


def _open_invoices(ap: dict, n: int) -> list[dict]:
    invoices = _ap(ap, n).state()["invoices"]
    return [i for i in invoices if i.get("external_id") and Decimal(str(i["amount_due"])) >= 5]


def _pay(ap: dict, payers: list[int], engine) -> list[tuple[str, datetime]]:
    """Each payer's customer pays 1.00 on one open invoice; (payment id, when it succeeded)."""
    made = []
    for n in payers:
        invoices = _open_invoices(ap, n)
        if invoices:
            payment = _ap(ap, n).pay_invoice(invoices[0]["id"], amount=Decimal("1.00"))
            made.append((payment["id"], datetime.now(UTC)))
    return made


def _edit(ns: dict, editors: list[int], engine) -> None:
    """Each editor changes one synced invoice's due date in NetSuite."""
    for n in editors:
        with engine.connect() as conn:
            invoice = conn.execute(
                text("SELECT source_id FROM stg_ns_invoice WHERE partner_id = :p AND outcome = 'applied' LIMIT 1"),
                {"p": partner_id(n)},
            ).scalar()
        if invoice:
            day = 1 + int(time.time()) % 27
            requests.patch(
                f"{ns[n]['base_url']}/_sandbox/invoices/{invoice}", json={"duedate": f"2027-02-{day:02d}"}, timeout=60
            ).raise_for_status()


def _backlog(ap: dict, n: int, size: int) -> list[dict]:
    """``size`` payments of 1.00 spread over the partner's open invoices."""
    control = _ap(ap, n)
    invoices = _open_invoices(ap, n)
    room = {i["id"]: int(Decimal(str(i["amount_due"]))) - 1 for i in invoices}
    made = []
    while len(made) < size and any(room.values()):
        for invoice_id in list(room):
            if len(made) >= size:
                break
            if room[invoice_id] > 0:
                made.append(control.pay_invoice(invoice_id, amount=Decimal("1.00")))
                room[invoice_id] -= 1
    return made


def _latencies(engine, made: list[tuple[str, datetime]]) -> list[float]:
    """Seconds from each payment succeeding in AP to its NetSuite customer payment (ledger posted_at)."""
    if not made:
        return []
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT source_id, posted_at FROM ledger WHERE object_type = 'payment' AND status = 'posted' "
                "AND action = 'create_customer_payment'"
            )
        ).all()
    posted = {r.source_id: _aware(r.posted_at) for r in rows if r.posted_at}
    return [(posted[pid] - at).total_seconds() for pid, at in made if pid in posted]


def _posted(engine, payment_ids: list[str]) -> int:
    wanted = set(payment_ids)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT source_id FROM ledger WHERE object_type = 'payment' AND status = 'posted'")
        ).all()
    return len({r.source_id for r in rows} & wanted)


def _aware(value) -> datetime:
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _checked(run: dict) -> dict:
    mapped = _mapped(run)
    print(
        f"bench: partners: {run['run_id']} {run['state']}: {run['wall']:.1f} s wall, {run['cpu']:.1f} CPU-s, "
        f"{len(run['tasks'])} task instances, {_probes(run)} probe tasks, {len(mapped)} partners mapped",
        flush=True,
    )
    if run["state"] != "success":
        failed = [f"{t['task_id']}[{t.get('rendered_map_index')}]" for t in run["tasks"] if t["state"] == "failed"]
        print(f"bench: partners: run {run['run_id']} ended {run['state']}; failed: {failed[:10]}", flush=True)
    return run


# --- Figures --------------------------------------------------------------------------------


def _mapped(run: dict) -> set[str]:
    """The partners a run mapped task groups over (the probe tasks are labelled by slice)."""
    return {
        t.get("rendered_map_index")
        for t in run["tasks"]
        if t.get("map_index", -1) >= 0 and t["task_id"].startswith("partner.")
    }


def _probes(run: dict) -> int:
    return sum(1 for t in run["tasks"] if t["task_id"] == "probe" and t.get("map_index", -1) >= 0)


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0  # nothing measured: the figure says so by not being ok
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def _idle_figures(count, sizes, idle_p, idle_h, seed_seconds, started) -> list[Figure]:
    """Only the idle figures (``BENCH_PARTNERS_IDLE_ONLY``), e.g. for the shape before find_work."""
    notes = [
        f"P={count} idle partners; code {CODE_ROOT or ROOT}; seeding {seed_seconds:.0f} s, "
        f"scenario {time.monotonic() - started:.0f} s",
        f"payments run: {idle_p['state']}, {idle_p['cpu']:.1f} CPU-s, {idle_p['wall']:.1f} s wall, "
        f"{len(idle_p['tasks'])} task instances; hourly run: {idle_h['state']}, {idle_h['cpu']:.1f} CPU-s, "
        f"{idle_h['wall']:.1f} s wall, {len(idle_h['tasks'])} task instances",
    ]
    return [
        Figure(
            name,
            run["cpu"] / count,
            "CPU-s/idle partner",
            IDLE_CPU_TARGET,
            run["cpu"] / count / IDLE_CPU_TARGET,
            "<= 1",
            notes=notes if name.endswith("payments_cpu") else [],
        )
        for name, run in (("partners_idle_payments_cpu", idle_p), ("partners_idle_hourly_cpu", idle_h))
    ]


def _figures(**m) -> list[Figure]:
    count, sizes = m["count"], m["sizes"]
    idle_p, idle_h = m["idle_payments"], m["idle_hourly"]
    idle_p_cpu = idle_p["cpu"] / count
    idle_h_cpu = idle_h["cpu"] / count
    cycle_wall = statistics.median(c["wall"] for c in m["cycles"])
    cycle_cpu = statistics.median(c["cpu"] for c in m["cycles"])
    hourly = m["hourly"]
    # Per five minutes: one payments run and a twelfth of an hourly run; both grow with P.
    cpu_per_cadence = cycle_cpu + hourly["cpu"] / 12
    wall_per_cadence = cycle_wall + hourly["wall"] / 12
    capacity = count * min(CADENCE / wall_per_cadence, 2 * CADENCE / cpu_per_cadence)
    lat = m["latencies"]
    blat = m["backlog_latencies"]
    states = [c["state"] for c in [idle_p, idle_h, *m["cycles"], hourly, *m["backlog_cycles"]]]
    labels = sorted(x for c in m["cycles"] for x in _mapped(c) if x)[:5]
    common = [
        f"P={count} partners ({sizes.partner_customers} customers, {sizes.partner_invoices} invoices each), "
        f"{m['active'][0]} paid and {m['active'][1]} edited in NetSuite per cycle; LocalExecutor, "
        f"parallelism {sizes.parallelism}; seeding {m['seed_seconds']:.0f} s, scenario {m['total_seconds']:.0f} s",
        f"run states: {dict((s, states.count(s)) for s in set(states))}",
    ]
    return [
        Figure(
            "partners_idle_payments_cpu",
            idle_p_cpu,
            "CPU-s/idle partner",
            IDLE_CPU_TARGET,
            idle_p_cpu / IDLE_CPU_TARGET,
            "<= 1",
            notes=[
                *common,
                f"payments run with nothing changed: {idle_p['cpu']:.1f} CPU-s, {idle_p['wall']:.1f} s wall, "
                f"{len(idle_p['tasks'])} task instances ({_probes(idle_p)} probe tasks)",
            ],
        ),
        Figure(
            "partners_idle_hourly_cpu",
            idle_h_cpu,
            "CPU-s/idle partner",
            IDLE_CPU_TARGET,
            idle_h_cpu / IDLE_CPU_TARGET,
            "<= 1",
            notes=[
                f"hourly run with nothing changed: {idle_h['cpu']:.1f} CPU-s, {idle_h['wall']:.1f} s wall, "
                f"{len(idle_h['tasks'])} task instances ({_probes(idle_h)} probe tasks)"
            ],
        ),
        Figure(
            "partners_payments_wall",
            cycle_wall,
            "s",
            CADENCE,
            cycle_wall / CADENCE,
            "<= 1",
            notes=[
                f"payments runs with 5% paid: wall {[round(c['wall'], 1) for c in m['cycles']]} s, "
                f"CPU {[round(c['cpu'], 1) for c in m['cycles']]} s, "
                f"task instances {[len(c['tasks']) for c in m['cycles']]}; mapped instances labelled {labels}",
                f"hourly run with 5% edited: {hourly['wall']:.1f} s wall, {hourly['cpu']:.1f} CPU-s, "
                f"{len(hourly['tasks'])} task instances",
            ],
        ),
        Figure(
            "partners_capacity",
            capacity,
            "partners",
            CAPACITY_TARGET,
            capacity / CAPACITY_TARGET,
            ">= 1",
            notes=[
                f"per five minutes at P={count}: {cpu_per_cadence:.1f} CPU-s of {2 * CADENCE:.0f} (2 cores), "
                f"{wall_per_cadence:.1f} s of {CADENCE:.0f} s wall; extrapolated linearly in P",
                "probes run in slices of SYNC_PROBE_PARTNERS_PER_TASK partners, so an idle partner's probe "
                "costs the same whatever P; the scheduler's work per run grows with the slices",
            ],
        ),
        Figure(
            "partners_latency_p95",
            _quantile(lat, 0.95),
            "s",
            CADENCE,
            _quantile(lat, 0.95) / CADENCE,
            "<= 1",
            extra_ok=bool(lat),
            notes=[
                f"{len(lat)} payments, p50 {_quantile(lat, 0.5):.1f} s, p95 {_quantile(lat, 0.95):.1f} s from AP "
                "success to the NetSuite customer payment, made just before a run (the */5 schedule adds the wait "
                "for the next run, under 300 s)"
            ],
        ),
        Figure(
            "partners_backlog_latency_p95",
            _quantile(blat, 0.95),
            "s",
            CADENCE,
            _quantile(blat, 0.95) / CADENCE,
            "<= 1",
            extra_ok=bool(blat) and m["backlog_posted"] == sorted(m["backlog_posted"]),
            notes=[
                f"one partner with {m['backlog_total']} payments, {sizes.backlog_slice} a run "
                f"(SYNC_PAYMENTS_PER_RUN), at most {sizes.backlog_runs} runs measured: posted after each run "
                f"{m['backlog_posted']}; other partners' {len(blat)} payments p50 {_quantile(blat, 0.5):.1f} s, "
                f"p95 {_quantile(blat, 0.95):.1f} s; runs wall {[round(c['wall'], 1) for c in m['backlog_cycles']]} s"
            ],
        ),
    ]
