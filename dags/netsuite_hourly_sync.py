"""
### Hourly sync, NetSuite → Alternative Payments

For every partner with work (**plan_probes**: one warehouse read; **probe**, one
task per slice of the partners that look idle: AP and NetSuite counts of what
changed after the watermarks; **find_work**: longest-waiting first, at most
`SYNC_MAX_PARTNERS_PER_RUN`), or the one named,
one task group labelled with the partner: customers (F1, F6, S6), invoices (F2,
S1, S3, S4, S5), archived invoices (F5, S8) and invoice PDFs (F8).

Each object is **staged** in the warehouse, **validated** with Great
Expectations (failing records go to quarantine with the reason), and only
then **posted** to AP under ledger keys. Partners run side by side: one
partner's failure, bad data or revoked credentials never stops another's.

Backfill one partner: trigger with **partner** set.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag

from netsuite_ap_sync.orchestration.dag_defaults import scheduled_dag_args
from netsuite_ap_sync.orchestration.dag_steps import for_partners_with_work


@dag(
    dag_id="netsuite_hourly_sync",
    schedule="@hourly",
    tags=["netsuite", "alternative-payments", "hourly"],
    doc_md=__doc__,
    **scheduled_dag_args(retry_delay=pendulum.duration(minutes=2), execution_timeout=pendulum.duration(minutes=50)),
)
def netsuite_hourly_sync():
    for_partners_with_work("hourly", find_work_timeout=pendulum.duration(minutes=10))


netsuite_hourly_sync()
