"""``python -m chaos --runs N --seed S``: the demo scenario under faults and kills.

Each run starts both sandboxes and a fresh warehouse, injects 429s, 500s,
dropped connections and latency spikes in both sandboxes, runs every pipeline
step in a task process that may be SIGKILLed (also between a NetSuite call and
the ledger write) and retried, then checks I1-I5 and counts duplicates and
missing records in both systems. Exits 1 on any violation.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m chaos", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1, help="seed of the first run (run i uses seed + i - 1)")
    parser.add_argument("--customers", type=int, default=12)
    parser.add_argument("--invoices", type=int, default=60)
    parser.add_argument("--years", type=float, default=0.5)
    parser.add_argument("--warehouse", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--kill-rate", type=float, default=0.3, help="share of task attempts armed with a kill")
    parser.add_argument("--throttle-rate", type=float, default=0.10, help="429s, both systems")
    parser.add_argument("--error-rate", type=float, default=0.05, help="500s, both systems")
    parser.add_argument("--drop-rate", type=float, default=0.02, help="dropped connections, both systems")
    parser.add_argument(
        "--backoff-scale",
        type=float,
        default=1.0,
        help="scale the hooks' waits between retries (1.0: as in production)",
    )
    parser.add_argument("--work-dir", type=Path, help="keep worlds and task logs here (default: a temporary dir)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Connections come from AIRFLOW_CONN_* variables; Airflow itself needs only a home.
    os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="chaos-airflow-"))
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from chaos.faults import FaultRates
    from chaos.kill_points import KillPolicy
    from chaos.runs import ChaosConfig, run_chaos

    # Task processes log to their own files; here only warnings reach the console.
    logging.disable(logging.INFO)

    rates = FaultRates(throttle=args.throttle_rate, error=args.error_rate, drop=args.drop_rate)
    config = ChaosConfig(
        runs=args.runs,
        seed=args.seed,
        customers=args.customers,
        invoices=args.invoices,
        years=args.years,
        warehouse=args.warehouse,
        kills=KillPolicy(rate=args.kill_rate),
        rates=rates,
        work_dir=args.work_dir,
        backoff_scale=args.backoff_scale,
    )
    report = run_chaos(config, echo=lambda line: print(line, flush=True))
    print(report.summary())
    for problem in report.problems():
        print(f"  {problem}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
