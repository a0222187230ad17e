"""What the scheduled DAGs share: start date, one run at a time, the partner and dry-run form.

Imported at parse time, so it holds constants only.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param

DRY_RUN = "{{ params.dry_run }}"
ONLY_PARTNER = "{{ params.partner }}"


def scheduled_dag_args(retry_delay: pendulum.Duration) -> dict:
    return {
        "start_date": pendulum.datetime(2026, 1, 1, tz="UTC"),
        "catchup": False,
        "max_active_runs": 1,
        "render_template_as_native_obj": True,
        "default_args": {"owner": "data-engineering", "retries": 2, "retry_delay": retry_delay},
        "params": {
            "partner": Param(None, type=["null", "string"], title="Only this partner (empty: all)"),
            "dry_run": Param(False, type="boolean", title="Dry run: show the mutations, post nothing"),
        },
    }
