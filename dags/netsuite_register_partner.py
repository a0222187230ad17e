"""
### Register a partner

Adds a partner (one NetSuite account and its Alternative Payments account) to
the warehouse, or updates the connections of one already registered.

Create the two Airflow connections first (types **NetSuite** and
**Alternative Payments**), then trigger this DAG with their ids. A connection
that does not exist, is of the wrong type, or is already used by another
partner (each partner has its own NetSuite account and AP API key) fails the
run at once with what to change. Next step: trigger `netsuite_initial_sync`
for the partner.

The same from a shell: `python -m netsuite_ap_sync.tools.partners_cli register ...`.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task


@dag(
    dag_id="netsuite_register_partner",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["netsuite", "alternative-payments", "set-up"],
    default_args={"owner": "data-engineering", "execution_timeout": pendulum.duration(minutes=15)},
    doc_md=__doc__,
    params={
        "partner": Param("", type="string", pattern="^[a-z0-9][a-z0-9_-]{0,62}$", title="Partner id"),
        "name": Param("", type="string", minLength=1, title="Partner name"),
        "netsuite_conn_id": Param("", type="string", minLength=1, title="NetSuite connection id"),
        "ap_conn_id": Param("", type="string", minLength=1, title="Alternative Payments connection id"),
        "concurrency": Param(
            5,
            type="integer",
            minimum=1,
            maximum=200,
            title="NetSuite concurrency limit",
            description="Standard 5, Premium 15, Enterprise 20, plus 10 per SuiteCloud Plus licence.",
        ),
    },
)
def netsuite_register_partner():
    @task
    def register(params=None) -> dict:
        from netsuite_ap_sync.engine.errors import fail_at_once
        from netsuite_ap_sync.partners.registration import register_partner
        from netsuite_ap_sync.warehouse import engine_for

        with fail_at_once():
            partner = register_partner(
                engine_for(),
                params["partner"],
                params["name"],
                params["netsuite_conn_id"],
                params["ap_conn_id"],
                params["concurrency"],
            )
        return {"partner": partner.partner_id, "status": partner.status}

    register()


netsuite_register_partner()
