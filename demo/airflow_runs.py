"""Run DAGs through Airflow itself (``airflow dags test``), timing each and
showing the partner's progress while it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

AIRFLOW = str(Path(sys.executable).with_name("airflow"))


class DagFailed(RuntimeError):
    pass


def dags_test(
    dag_id: str,
    env: dict[str, str],
    log_dir: Path,
    conf: dict | None = None,
    on_tick: Callable[[], None] | None = None,
) -> float:
    """Run one DAG to the end; return its duration. The full Airflow log goes to ``log_dir``."""
    cmd = [AIRFLOW, "dags", "test", dag_id]
    if conf:
        cmd += ["--conf", json.dumps(conf)]
    log_path = log_dir / f"{dag_id}-{time.strftime('%H%M%S')}.log"
    started = time.monotonic()
    with log_path.open("w") as log:
        process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env})
        while process.poll() is None:
            if on_tick:
                on_tick()
            time.sleep(1.0)
    elapsed = time.monotonic() - started
    text = log_path.read_text(errors="replace")
    if process.returncode != 0 or "state=success" not in text.split("DagRun Finished")[-1]:
        raise DagFailed(f"DAG {dag_id} did not succeed; its log: {log_path}")
    return elapsed
