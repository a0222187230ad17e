"""
### Payments sync every five minutes, Alternative Payments → NetSuite

For every partner past the 12-month phase of its initial sync that has work
(**plan_probes**: one warehouse read; **probe**, one task per slice of the
partners that look idle: one small request per source for each; **find_work**:
longest-waiting first, at most `SYNC_MAX_PARTNERS_PER_RUN`), one task group
labelled with the partner:

- **deleted payments** (F7): customer payments the partner deleted in
  NetSuite are never posted again, and the AP balance reopens;
- **payments** (F3, S1, S2, S7): each succeeded AP payment becomes one NetSuite
  customer payment (`PUT customerpayment/eid:apay-…`); one on an invoice
  created in AP waits for its payout; failures after posting are listed to
  revert by hand;
- **payouts** (F4): each succeeded payout becomes one deposit into the bank
  account for the payout's total, with payments on AP-created invoices as
  other-deposits lines and its fees as cash-back lines, once all its
  customer payments are in.

Until the partner has chosen its accounts (C3, `netsuite_account_setup`),
payments and payouts are held, never dropped. A backlog posts at most
`SYNC_PAYMENTS_PER_RUN` payments a run; the rest follow in the next runs.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag

from netsuite_ap_sync.orchestration.dag_defaults import scheduled_dag_args
from netsuite_ap_sync.orchestration.dag_steps import for_partners_with_work


@dag(
    dag_id="netsuite_payments_sync",
    schedule="*/5 * * * *",
    tags=["netsuite", "alternative-payments", "payments"],
    doc_md=__doc__,
    **scheduled_dag_args(retry_delay=pendulum.duration(seconds=30), execution_timeout=pendulum.duration(minutes=10)),
)
def netsuite_payments_sync():
    for_partners_with_work("payments", find_work_timeout=pendulum.duration(minutes=3))


netsuite_payments_sync()
