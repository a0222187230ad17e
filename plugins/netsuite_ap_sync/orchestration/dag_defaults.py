"""What the scheduled DAGs share: start date, one run at a time, time limits, the partner and dry-run form.

Imported at parse time, so it holds constants only.
"""

from __future__ import annotations

import os

import pendulum
from airflow.sdk import Param

DRY_RUN = "{{ params.dry_run }}"
ONLY_PARTNER = "{{ params.partner }}"
# Each mapped task instance is labelled with its partner in the UI and the logs.
BY_PARTNER = "{{ task.partner_id }}"
# A probe task is labelled with the first and last partner of its slice.
BY_PROBED = "{{ task.partner_ids[0] }}…{{ task.partner_ids[-1] }} ({{ task.partner_ids | length }})"
# Worker slots one partner's run may hold with the tasks it maps over its own work (the chunks of an
# initial-sync phase, one run per partner): the rest stay free for every other partner's tasks.
PARTNER_TASKS_AT_ONCE = int(os.environ.get("SYNC_PARTNER_TASKS_AT_ONCE", "2"))


def scheduled_dag_args(retry_delay: pendulum.Duration, execution_timeout: pendulum.Duration) -> dict:
    """``execution_timeout`` bounds every task of the DAG: a partner stuck on a slow API fails its
    own task (and retries) instead of holding the run, and with it every other partner."""
    return {
        "start_date": pendulum.datetime(2026, 1, 1, tz="UTC"),
        "catchup": False,
        "max_active_runs": 1,
        "render_template_as_native_obj": True,
        "default_args": {
            "owner": "data-engineering",
            "retries": 2,
            "retry_delay": retry_delay,
            "execution_timeout": execution_timeout,
        },
        "params": {
            "partner": Param(None, type=["null", "string"], title="Only this partner (empty: all with work)"),
            "dry_run": Param(False, type="boolean", title="Dry run: show the mutations, post nothing"),
        },
    }
