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
from airflow.sdk import dag, task_group

from sync_pipeline.dag_defaults import DRY_RUN, ONLY_PARTNER, scheduled_dag_args
from sync_pipeline.dag_steps import hourly_steps
from sync_pipeline.operators import ScheduledPartnersOperator


@dag(
    dag_id="netsuite_hourly_sync",
    schedule="@hourly",
    tags=["netsuite", "alternative-payments", "hourly"],
    doc_md=__doc__,
    **scheduled_dag_args(retry_delay=pendulum.duration(minutes=2)),
)
def netsuite_hourly_sync():
    partners = ScheduledPartnersOperator(task_id="partners", only=ONLY_PARTNER)

    @task_group(group_id="partner")
    def partner_sync(partner_id: str):
        hourly_steps(partner_id, DRY_RUN)

    partner_sync.expand(partner_id=partners.output)


netsuite_hourly_sync()
