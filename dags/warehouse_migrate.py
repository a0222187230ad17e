"""
### Warehouse schema

Applies the versioned schema in `include/sql/migrations/` to the warehouse
reached through the `warehouse_default` connection. Safe to run at any time:
only migrations not yet applied run, each in one transaction, under a lock.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="warehouse_migrate",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["netsuite", "warehouse"],
    default_args={"owner": "data-engineering", "retries": 2, "execution_timeout": pendulum.duration(minutes=30)},
    doc_md=__doc__,
)
def warehouse_migrate():
    @task
    def apply_migrations() -> list[int]:
        from netsuite_ap_sync.warehouse import engine_for, migrate

        return migrate(engine_for())

    apply_migrations()


warehouse_migrate()
