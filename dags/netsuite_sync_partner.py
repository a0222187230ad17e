"""
### Sync one partner now

Runs the hourly steps (customers, invoices, archived invoices, PDFs, NetSuite →
AP) and the payments steps (deleted payments, payments, payouts, AP → NetSuite)
for the one partner named, side by side, as the scheduled DAGs would.

Unlike triggering `netsuite_hourly_sync` or `netsuite_payments_sync` from the
UI, which unpauses a paused scheduled DAG and so switches its schedule on,
this DAG has no schedule: a manual run never starts scheduled ones. The
operations pages' **Sync now** and **Retry now** buttons trigger it.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task_group

from netsuite_ap_sync.orchestration.dag_steps import readiness_check, wire_steps

PARTNER = "{{ params.partner }}"
DRY_RUN = "{{ params.dry_run }}"


@dag(
    dag_id="netsuite_sync_partner",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    render_template_as_native_obj=True,
    tags=["netsuite", "alternative-payments", "manual"],
    default_args={
        "owner": "data-engineering",
        "retries": 1,
        "retry_delay": pendulum.duration(seconds=30),
        "execution_timeout": pendulum.duration(minutes=50),
    },
    doc_md=__doc__,
    params={
        "partner": Param("", type="string", minLength=1, title="Partner id", description="e.g. demo"),
        "dry_run": Param(False, type="boolean", title="Dry run: show the mutations, post nothing"),
    },
)
def netsuite_sync_partner():
    @task_group(group_id="hourly")
    def hourly():
        readiness_check(PARTNER) >> wire_steps("hourly", PARTNER, DRY_RUN)

    @task_group(group_id="payments")
    def payments():
        readiness_check(PARTNER, need_twelve_months=True) >> wire_steps("payments", PARTNER, DRY_RUN)

    hourly()
    payments()


netsuite_sync_partner()
