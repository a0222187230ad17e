"""python -m bench [--quick] [--only NAME ...] [--output PATH]: run, print a table, write results.json."""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import logging
import os
import platform
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.results import Figure, table, write_details, write_results
from bench.sandboxes import CACHE, scratch_dir
from bench.sizes import FULL, QUICK

ROOT = Path(__file__).resolve().parent
# Scenario module -> the figures it produces, in the order they run.
SCENARIOS = {
    "extract": ("extract_vs_bound", "extract_vs_peer"),
    "ap_push": ("ap_push_utilisation",),
    "local_processing": ("local_processing",),
    "memory": ("memory_flat",),
    "noop": ("noop_hourly",),
    "payments": ("payments_post",),
    "partners": (
        "partners_idle_payments_cpu",
        "partners_idle_hourly_cpu",
        "partners_payments_wall",
        "partners_capacity",
        "partners_latency_p95",
        "partners_backlog_latency_p95",
    ),
    "latency": ("latency_webhook_p95", "latency_poll_p95", "latency_dropped_missing"),
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: proves the harness, measures nothing")
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help=f"scenarios or figures to run (of {', '.join(SCENARIOS)})"
    )
    parser.add_argument("--partners", type=int, help="partners in the partners scenario (default 200; --quick: 6)")
    latency = parser.add_argument_group("latency scenario")
    latency.add_argument("--latency-payments", type=int, help="payments per mode (default 200)")
    latency.add_argument("--latency-partners", type=int, help="partners paid (default 10)")
    latency.add_argument(
        "--latency-window", type=float, help="seconds the payments are spread over with webhooks (default 120)"
    )
    latency.add_argument(
        "--latency-modes", nargs="+", choices=("webhooks", "dropped", "poll"), help="modes to run (default all)"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "results.json")
    parser.add_argument(
        "--details", type=Path, default=CACHE / "details.json", help="runs, request counts and the machine, as JSON"
    )
    return parser.parse_args(argv)


def latency_sizes(sizes, args: argparse.Namespace):
    """The latency scenario's knobs given on the command line, over the defaults of ``sizes``."""
    knobs = {
        "latency_payments": args.latency_payments,
        "latency_partners": args.latency_partners,
        "latency_window": args.latency_window,
        "latency_modes": tuple(args.latency_modes) if args.latency_modes else None,
    }
    return dataclasses.replace(sizes, **{k: v for k, v in knobs.items() if v is not None})


def selected(only: list[str] | None) -> list[str]:
    if not only:
        return list(SCENARIOS)
    unknown = [n for n in only if n not in SCENARIOS and not any(n in figs for figs in SCENARIOS.values())]
    if unknown:
        raise SystemExit(f"unknown scenario(s) {unknown}; known: {', '.join(SCENARIOS)}")
    return [s for s, figs in SCENARIOS.items() if s in only or set(figs) & set(only)]


def machine() -> dict:
    meminfo = Path("/proc/meminfo")
    total_kib = int(meminfo.read_text().split()[1]) if meminfo.exists() else 0
    return {
        "cpus": os.cpu_count(),
        "ram_gib": round(total_kib / 1024**2, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_at_start": os.getloadavg(),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _airflow_home() -> None:
    """Connections come from the environment; a throw-away Airflow home keeps the bench off the user's."""
    if "AIRFLOW_HOME" not in os.environ:
        os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="bench-airflow-")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _airflow_home()
    logging.disable(logging.INFO)  # the pipeline's per-step INFO lines would bury the table
    sizes = QUICK if args.quick else FULL
    if args.partners:
        sizes = dataclasses.replace(sizes, partners=args.partners)
    sizes = latency_sizes(sizes, args)
    info = machine()
    print(f"bench: {info['cpus']} CPUs, {info['ram_gib']} GiB RAM, load {info['load_at_start'][0]:.2f}", flush=True)
    figures: list[Figure] = []
    for name in selected(args.only):
        workdir = scratch_dir(f"{name}-")
        try:
            module = importlib.import_module(f"bench.scenarios.{name}")
            print(f"bench: {name} ...", flush=True)
            done = module.run(sizes, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        figures.extend(done)
        print(table(done), flush=True)
        info["load_at_end"] = os.getloadavg()
        write_results(figures, args.output)  # after each scenario: a late failure keeps the earlier figures
        write_details(figures, info, args.details)
    print(table(figures))
    print(f"bench: wrote {args.output} (details: {args.details})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
