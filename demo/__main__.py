"""``make demo``: run the main job end to end on the embedded defaults.

SQLite warehouse, both sandboxes on loopback, every DAG run through Airflow
itself (``airflow dags test``), then the invariants checked and summarised.
Steps whose pieces are not built yet say so plainly.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def say(message: str) -> None:
    print(f"[demo {time.strftime('%H:%M:%S')}] {message}", flush=True)


def airflow_dags_test(dag_id: str, conf: str | None = None) -> None:
    """Run one DAG through Airflow, in this process's environment."""
    cmd = [str(Path(sys.executable).with_name("airflow")), "dags", "test", dag_id]
    if conf:
        cmd += ["--conf", conf]
    started = time.monotonic()
    result = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy(), check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"DAG {dag_id} failed (exit {result.returncode})")
    say(f"DAG {dag_id} succeeded in {time.monotonic() - started:.1f}s")


NOT_BUILT = [
    "start the NetSuite and Alternative Payments sandboxes and register a demo partner",
    "initial sync (last 12 months, then history), status pending -> connected",
    "account set-up (Undeposited Funds, bank, fee accounts)",
    "AP customers pay invoices and AP makes payouts",
    "payments sync, NetSuite edits, hourly sync",
    "invariants I1-I5 and the reconciliation summary",
    "HTML report",
]


def main() -> int:
    say("warehouse schema through Airflow")
    airflow_dags_test("warehouse_migrate")
    for step in NOT_BUILT:
        say(f"not built yet: {step}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
