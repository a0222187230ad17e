"""
### Payments sync every five minutes, Alternative Payments → NetSuite

For every partner past the 12-month phase of its initial sync:

- **deleted payments** (F7): customer payments the partner deleted in
  NetSuite are never posted again, and the AP balance reopens;
- **payments** (F3, S1, S2, S7): each succeeded AP payment becomes one NetSuite
  customer payment (`PUT customerpayment/eid:apay-…`), or a stand-alone
  deposit for invoices created in AP; failures after posting are listed to
  revert by hand;
- **payouts** (F4): each succeeded payout becomes one deposit into the bank
  account with its fees as cash-back lines, once all its payments are in.

Until the partner has chosen its accounts (C3, `netsuite_account_setup`),
payments and payouts are held, never dropped.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task, task_group

from sync_pipeline.operators import PartnerSyncOperator

DRY_RUN = "{{ params.dry_run }}"


@dag(
    dag_id="netsuite_payments_sync",
    schedule="*/5 * * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    render_template_as_native_obj=True,
    tags=["netsuite", "alternative-payments", "payments"],
    default_args={"owner": "data-engineering", "retries": 2, "retry_delay": pendulum.duration(seconds=30)},
    doc_md=__doc__,
    params={
        "partner": Param(None, type=["null", "string"], title="Only this partner (empty: all)"),
        "dry_run": Param(False, type="boolean", title="Dry run: show the mutations, post nothing"),
    },
)
def netsuite_payments_sync():
    @task
    def partners(params=None) -> list[str]:
        from sync_pipeline.partner_gate import scheduled_partners

        return scheduled_partners(params.get("partner"))

    @task_group(group_id="partner")
    def partner_sync(partner_id: str):
        def step(name: str):
            return PartnerSyncOperator(task_id=name, step=name, partner_id=partner_id, dry_run=DRY_RUN)

        gate = PartnerSyncOperator(
            task_id="gate", step="partner_gate", partner_id=partner_id, arguments={"need_twelve_months": True}
        )
        mirror = step("refresh_ap_mirror")
        deleted = step("sync_deleted_payments")
        payments = [step("stage_payments"), step("validate_payments"), step("post_payments")]
        payouts = [step("stage_payouts"), step("validate_payouts"), step("post_payouts")]
        gate >> mirror >> deleted >> payments[0] >> payments[1] >> payments[2]
        payments[2] >> payouts[0] >> payouts[1] >> payouts[2]

    partner_sync.expand(partner_id=partners())


netsuite_payments_sync()
