"""The warehouse_migrate DAG applies the schema through the Airflow connection."""

from __future__ import annotations

from sqlalchemy import inspect


def test_warehouse_migrate_dag_creates_the_schema(airflow_db, empty_warehouse, monkeypatch):
    for key, value in empty_warehouse.airflow_env().items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    from tests.fixtures.dags import DAGS_FOLDER

    dag = DagBag(dag_folder=str(DAGS_FOLDER / "warehouse_migrate.py")).get_dag("warehouse_migrate")
    run = dag.test()
    assert run.state == "success"
    assert "ledger" in inspect(empty_warehouse.engine).get_table_names()
