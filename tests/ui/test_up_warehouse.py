"""``demo.up``'s warehouse step: migrate, register the demo partner, and say
when an earlier run's sync would leave the new, empty AP sandbox empty."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.ui.airflow_up import ROOT


def prepare(warehouse_env: dict[str, str], fresh: bool) -> str:
    """``prepare_warehouse`` in a process of its own, as each ``make up`` is; returns what it printed."""
    code = (
        f"from demo import up; up.prepare_warehouse({fresh})\n"
        "from netsuite_ap_sync.warehouse import engine_for, partners\n"
        "print('phase', partners.get(engine_for(), 'demo').initial_phase)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **warehouse_env}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_demo_partner_synced_before_is_pointed_out_and_fresh_starts_over(tmp_path):
    env = {"AIRFLOW_CONN_WAREHOUSE_DEFAULT": json.dumps({"conn_type": "sqlite", "host": str(tmp_path / "wh.db")})}
    first = prepare(env, fresh=False)
    assert "partner 'demo' registered" in first
    assert "phase not_started" in first
    assert "earlier run" not in first

    from netsuite_ap_sync.warehouse import partners
    from netsuite_ap_sync.warehouse.engine import create_engine_from_url

    engine = create_engine_from_url(f"sqlite:///{tmp_path / 'wh.db'}")
    partners.set_phase(engine, "demo", "done", done=120, left=0)
    engine.dispose()

    again = prepare(env, fresh=False)
    assert "was synced by an earlier run" in again
    assert "--fresh" in again
    assert "phase done" in again

    fresh = prepare(env, fresh=True)
    assert "removed the warehouse" in fresh
    assert "phase not_started" in fresh
    assert "earlier run" not in fresh
