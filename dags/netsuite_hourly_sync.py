"""
### Hourly sync, NetSuite → Alternative Payments

For every partner (or the one named): customers (F1, F6, S6), invoices (F2,
S1, S3, S4, S5), archived invoices (F5, S8) and invoice PDFs (F8).

Each object is **staged** in the warehouse, **validated** with Great
Expectations (failing records go to quarantine with the reason), and only
then **posted** to AP under ledger keys. Partners run side by side: one
partner's failure, bad data or revoked credentials never stops another's.

Backfill one partner: trigger with **partner** set.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task, task_group

from sync_pipeline.operators import PartnerSyncOperator

DRY_RUN = "{{ params.dry_run }}"


@dag(
    dag_id="netsuite_hourly_sync",
    schedule="@hourly",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    render_template_as_native_obj=True,
    tags=["netsuite", "alternative-payments", "hourly"],
    default_args={"owner": "data-engineering", "retries": 2, "retry_delay": pendulum.duration(minutes=2)},
    doc_md=__doc__,
    params={
        "partner": Param(None, type=["null", "string"], title="Only this partner (empty: all)"),
        "dry_run": Param(False, type="boolean", title="Dry run: show the mutations, post nothing"),
    },
)
def netsuite_hourly_sync():
    @task
    def partners(params=None) -> list[str]:
        from sync_pipeline.partner_gate import scheduled_partners

        return scheduled_partners(params.get("partner"))

    @task_group(group_id="partner")
    def partner_sync(partner_id: str):
        def step(name: str):
            return PartnerSyncOperator(task_id=name, step=name, partner_id=partner_id, dry_run=DRY_RUN)

        gate = PartnerSyncOperator(task_id="gate", step="partner_gate", partner_id=partner_id)
        mirror = step("refresh_ap_mirror")
        customers = [step("stage_customers"), step("validate_customers"), step("post_customers")]
        invoices = [step("stage_invoices"), step("validate_invoices"), step("post_invoices")]
        archives = [step("stage_deletions"), step("post_archives")]
        pdfs = step("sync_pdfs")
        gate >> mirror >> customers[0] >> customers[1] >> customers[2]
        customers[2] >> invoices[0] >> invoices[1] >> invoices[2] >> [archives[0], pdfs]
        archives[0] >> archives[1]

    partner_sync.expand(partner_id=partners())


netsuite_hourly_sync()
