"""memory_flat: peak resident memory of the extract, large data set against one ten times smaller.

Each extract runs in a child process (``bench.extract_child``) against the
NetSuite sandbox with no latency, so its peak RSS (the kernel's ``VmHWM``) is
the extract's alone: imports, the client, pages in flight and staging. The peak
must stay flat as the account grows, and under 1 GiB.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.results import Figure
from bench.sandboxes import ROOT, AlternativePaymentsProcess, NetSuiteDataSet, NetSuiteProcess, child_env
from bench.sizes import Sizes

GIB_KIB = 1024 * 1024


def data_set(invoices: int) -> NetSuiteDataSet:
    return NetSuiteDataSet(invoices=invoices, customers=max(25, invoices // 100))


def extract_in_child(invoices: int, workdir: Path, warehouse: Path, concurrency: int) -> dict:
    """Run the pipeline's extract of a whole data set in a child process; its own report back."""
    with (
        NetSuiteProcess(data_set(invoices), workdir, concurrency_limit=concurrency) as ns,
        AlternativePaymentsProcess(workdir) as ap,
    ):
        command = [
            sys.executable,
            "-m",
            "bench.extract_child",
            f"--netsuite={json.dumps(ns.connection())}",
            f"--ap={json.dumps(ap.connection())}",
            f"--warehouse={warehouse}",
        ]
        done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"the extract child failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(sizes: Sizes, workdir: Path) -> list[Figure]:
    small = extract_in_child(sizes.memory_small, workdir, workdir / "small.db", sizes.concurrency)
    large = extract_in_child(sizes.memory_large, workdir, workdir / "large.db", sizes.concurrency)
    ratio = large["peak_rss_kib"] / small["peak_rss_kib"]
    notes = [
        f"{label}: {r['read']:,} invoices + {r['lines']:,} lines in {r['seconds']:.1f} s, RSS after imports "
        f"{r['baseline_rss_kib'] / 1024:.0f} MiB, peak {r['peak_rss_kib'] / 1024:.0f} MiB"
        for label, r in (("small", small), ("large", large))
    ]
    notes.append("one run each (the large extract takes minutes)")
    return [
        Figure(
            "memory_flat",
            large["peak_rss_kib"] / 1024,
            "MiB",
            small["peak_rss_kib"] / 1024,
            ratio,
            "<= 1.3",
            extra_ok=large["peak_rss_kib"] <= GIB_KIB,
            notes=notes,
        )
    ]
