"""python -m bench.extract_child: the pipeline's invoice extract in a process of its own.

The parent passes the sandboxes' connections and a warehouse path; the child
prints one JSON line: rows read, seconds, and its resident memory after the
imports and at its peak, so the memory figure holds the extract alone. The
peak is the kernel's high-water mark of this process's memory (``VmHWM``):
``getrusage``'s ``ru_maxrss`` carries the parent's peak across ``exec``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.extract_child", description=__doc__)
    parser.add_argument("--netsuite", required=True, help="Airflow connection of the NetSuite sandbox (JSON)")
    parser.add_argument("--ap", required=True, help="Airflow connection of the AP sandbox (JSON)")
    parser.add_argument("--warehouse", required=True, type=Path)
    args = parser.parse_args(argv)
    logging.disable(logging.INFO)

    from bench.partner import wire_partner
    from netsuite_ap_sync.extract.netsuite import extract_invoices
    from netsuite_ap_sync.flows.objects import INVOICES

    partner = wire_partner(args.warehouse, json.loads(args.netsuite), json.loads(args.ap))
    ctx = partner.ctx("bench_extract")
    ctx.netsuite.client  # noqa: B018 - the client and its libraries count as set-up, not as extract
    baseline = _status_kib("VmRSS")
    started = time.perf_counter()
    out = extract_invoices(ctx, INVOICES)
    seconds = time.perf_counter() - started
    peak = _status_kib("VmHWM")
    print(
        json.dumps(
            {
                "read": out.read,
                "lines": out.lines,
                "seconds": seconds,
                "baseline_rss_kib": baseline,
                "peak_rss_kib": peak,
            }
        )
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
