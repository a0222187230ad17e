"""find_work over many idle partners in this process: ``python -m bench.find_work_profile``.

The same wiring as the partners scenario (one sandbox process for every NetSuite account, one for
every AP key, a PostgreSQL warehouse), every partner seeded as an initial sync leaves it with
nothing new and taken by both scheduled DAGs, so each ``find_work`` probes every partner and finds
nothing. Each run starts from what a new task process knows (no access token, no secret
registered with the log masker), as every scheduled run's ``find_work`` does.

Prints this process's CPU seconds (all its threads) per idle partner for each cycle, the median
of ``--runs``. ``--profile PATH`` writes the CPU profile of the last payments run, the probe
pool's threads included (yappi, a development tool: ``pip install yappi``), as a table of
functions by total CPU time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.scenarios import partners as scenario


def measure(cycle: str, runs: int, count: int, profile: Path | None = None) -> float:
    from netsuite_ap_sync.orchestration.find_work import find_work

    spent = []
    for n in range(runs):
        _as_a_new_process()
        profiling = profile is not None and n == runs - 1
        if profiling:
            _start_profile()
        cpu = time.process_time()
        taken = find_work(cycle, f"profile-{cycle}-{n}", dry_run=True)
        spent.append(time.process_time() - cpu)
        if profiling:
            _write_profile(profile)
        if taken:
            raise RuntimeError(f"{cycle}: {len(taken)} partners had work; every partner should be idle")
    return statistics.median(spent) / count


def _as_a_new_process() -> None:
    from airflow.sdk._shared.secrets_masker import _secrets_masker

    from alternative_payments_hook import auth
    from netsuite_hook.tokens import TOKENS

    _secrets_masker().reset_masker()
    TOKENS.clear()
    getattr(auth, "forget_shared_tokens", lambda: None)()  # absent in the code before it


def _start_profile() -> None:
    import yappi

    yappi.clear_stats()
    yappi.set_clock_type("cpu")
    yappi.start(profile_threads=True)


def _write_profile(path: Path) -> None:
    import yappi

    yappi.stop()
    with path.open("w") as out:
        yappi.get_func_stats().sort("ttot").print_all(
            out=out, columns={0: ("name", 90), 1: ("ncall", 10), 2: ("tsub", 8), 3: ("ttot", 8), 4: ("tavg", 8)}
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.find_work_profile", description=__doc__)
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write the CPU profile of the last payments run here")
    args = parser.parse_args(argv)
    os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="bench-airflow-"))
    workdir = Path(tempfile.mkdtemp(prefix="find-work-profile-"))
    ns_state, ap_state = workdir / "netsuite.json", workdir / "ap.json"
    count = args.partners
    sandboxes = [
        scenario._start(["--kind=netsuite", "--customers=5", "--invoices=20"], count, ns_state, workdir),
        scenario._start(["--kind=ap"], count, ap_state, workdir),
    ]
    warehouse = None
    try:
        ns = scenario._wait_state(ns_state, sandboxes[0])
        ap = scenario._wait_state(ap_state, sandboxes[1])
        warehouse = scenario._warehouse(workdir).migrate()
        scenario._wire(warehouse, count, ns, ap)
        scenario._seed([], range(count), 2)
        # The first run of each warms what later runs reuse in a long-lived process, as a task's imports.
        for cycle in ("payments", "hourly"):
            measure(cycle, 1, count)
        for cycle in ("payments", "hourly"):
            per_partner = measure(cycle, args.runs, count, args.profile if cycle == "payments" else None)
            print(f"find_work {cycle}: {per_partner:.4f} CPU-s per idle partner (P={count}, median of {args.runs})")
    finally:
        for process in sandboxes:
            process.terminate()
            process.wait(30)
        if warehouse:
            scenario._drop_warehouse(warehouse)


if __name__ == "__main__":
    main()
