"""
### Drift audit, daily: NetSuite and Alternative Payments compared record by record

For every **connected** partner (one mapped task labelled with the partner), both
systems are read through their APIs, not the warehouse:

- **I1**: each succeeded AP payment on a NetSuite invoice stands once in NetSuite
  as a customer payment with the amount applied;
- **I2**: each succeeded payout stands once as a deposit with the payout's total;
- **I3**: each unpaid NetSuite invoice has one AP invoice with the same number,
  total, due date and open balance, and its PDF;
- the customer payments and deposits this integration posted (its ledger) that a
  person later **deleted or voided in NetSuite**.

Each difference is stored with what to do and shown on the operations pages
(Partners → drift). The safe ones are repaired through the normal ledger: an AP
invoice whose open balance or due date drifted gets the invoice update, a missing
PDF is uploaded again. The rest are left for a person, e.g. "deposit for payout X
deleted in NetSuite: re-post or confirm".
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, task, task_group

from netsuite_ap_sync.orchestration.dag_defaults import BY_PARTNER, DRY_RUN, ONLY_PARTNER, scheduled_dag_args
from netsuite_ap_sync.orchestration.dag_steps import wire_steps


@task(execution_timeout=pendulum.duration(minutes=2))
def connected_partners(only: str | None = None) -> list[str]:
    from netsuite_ap_sync.drift.steps import connected_partners as connected

    return connected(only=only)


@dag(
    dag_id="netsuite_drift_audit",
    schedule="@daily",
    tags=["netsuite", "alternative-payments", "audit"],
    doc_md=__doc__,
    **scheduled_dag_args(retry_delay=pendulum.duration(minutes=5), execution_timeout=pendulum.duration(minutes=30)),
)
def netsuite_drift_audit():
    @task_group(group_id="partner")
    def partner_audit(partner_id: str):
        wire_steps("drift_audit", partner_id, DRY_RUN, map_index_template=BY_PARTNER)

    partner_audit.expand(partner_id=connected_partners(ONLY_PARTNER))


netsuite_drift_audit()
