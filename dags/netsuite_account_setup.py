"""
### Account set-up (C3)

Choose where a partner's money is recorded in NetSuite, once the 12-month
phase of its initial sync is done:

- **Undeposited Funds** account: customer payments land here (type UndepFunds);
- **bank** account: payouts are deposited here (type Bank);
- **fee** account: payout fees, as cash-back lines (Expense), optional;
- **income** account for stand-alone deposits of invoices created in AP
  (Income), optional.

Each id is checked against the accounts NetSuite really has; a missing
account or a wrong type fails with the reason. Payments and payouts held
until now post on the next five-minute run. List the accounts with
`python -m netsuite_ap_sync.tools.partners_cli accounts --partner ID`.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag

from netsuite_ap_sync.orchestration.dag_steps import wire_steps


@dag(
    dag_id="netsuite_account_setup",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    render_template_as_native_obj=True,
    tags=["netsuite", "alternative-payments", "set-up"],
    default_args={"owner": "data-engineering", "execution_timeout": pendulum.duration(minutes=15)},
    doc_md=__doc__,
    params={
        "partner": Param("", type="string", minLength=1, title="Partner id"),
        "undeposited_funds": Param("", type="string", minLength=1, title="Undeposited Funds account id"),
        "bank": Param("", type="string", minLength=1, title="Bank account id"),
        "fee": Param(None, type=["null", "string"], title="Fee (expense) account id"),
        "other_deposits": Param(None, type=["null", "string"], title="Income account id for stand-alone deposits"),
    },
)
def netsuite_account_setup():
    wire_steps("account_setup", "{{ params.partner }}")


netsuite_account_setup()
