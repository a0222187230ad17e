"""``python -m bench --quick`` runs every scenario end to end and writes well-formed results.

Only the shape is checked: the quick sizes measure nothing, and the machine is noisy.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {
    "extract_vs_bound",
    "extract_vs_peer",
    "ap_push_utilisation",
    "local_processing",
    "memory_flat",
    "noop_hourly",
    "payments_post",
    "partners_idle_payments_cpu",
    "partners_idle_hourly_cpu",
    "partners_payments_wall",
    "partners_capacity",
    "partners_latency_p95",
    "partners_backlog_latency_p95",
    "latency_webhook_p95",  # --quick runs the webhooks mode only
}
KEYS = {"name", "value", "unit", "bound", "ratio", "target", "ok"}
OPTIONAL_KEYS = {"detail"}
TARGET = re.compile(r"^(<=|>=) (\d+(?:\.\d+)?)$")


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _meets(ratio: float, target: str) -> bool:
    op, threshold = TARGET.match(target).groups()
    return ratio <= float(threshold) if op == "<=" else ratio >= float(threshold)


def test_quick_bench_writes_one_well_formed_figure_per_scenario(tmp_path):
    output, details = tmp_path / "results.json", tmp_path / "details.json"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}"}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", f"--output={output}", f"--details={details}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-5000:]

    figures = json.loads(output.read_text())
    assert isinstance(figures, list)
    assert {f["name"] for f in figures} == FIGURES and len(figures) == len(FIGURES)
    for figure in figures:
        assert KEYS <= set(figure) <= KEYS | OPTIONAL_KEYS, figure
        assert _number(figure["value"]) and figure["value"] >= 0, figure
        assert _number(figure["ratio"]) and figure["ratio"] >= 0, figure
        assert figure["bound"] is None or _number(figure["bound"]), figure
        assert isinstance(figure["unit"], str) and figure["unit"], figure
        assert TARGET.match(figure["target"]), figure
        assert isinstance(figure["ok"], bool), figure
        if figure["ok"]:
            assert _meets(figure["ratio"], figure["target"]), figure
    for name in FIGURES:
        assert name in done.stdout, f"the printed table misses {name}"
    machine = json.loads(details.read_text())["machine"]
    assert machine["cpus"] >= 1 and machine["ram_gib"] > 0
