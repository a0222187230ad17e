"""netsuite_drift_audit run with dag.test(): one mapped audit per connected partner, labelled
with it, repairing a drifted AP balance and storing what it found."""

from __future__ import annotations

from decimal import Decimal

from airflow.dag_processing.dagbag import DagBag

from netsuite_ap_sync.warehouse import drift_findings
from tests.fixtures.dags import DAGS_FOLDER
from tests.pipeline.outbound_support import ap_invoice_of, money, world_with_invoices


def _labels(run) -> set[str]:
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        instances = session.query(TaskInstance).filter_by(dag_id=run.dag_id, run_id=run.run_id).all()
        return {ti.rendered_map_index for ti in instances if ti.map_index >= 0}


def test_drift_audit_dag_audits_each_connected_partner_and_repairs_a_drifted_balance(airflow_db, partner_world):
    world, ids = world_with_invoices(partner_world, [120.0])
    world.hourly()
    world.set_up_accounts()
    drifted = ap_invoice_of(world, ids[0])
    world.ctx("elsewhere").ap.update_invoice(drifted["id"], amount_due=Decimal("20.00"))

    dag = DagBag(dag_folder=str(DAGS_FOLDER)).dags["netsuite_drift_audit"]
    run = dag.test(run_conf={"partner": world.partner_id})

    assert run.state == "success"
    assert _labels(run) == {world.partner_id}
    [finding] = drift_findings.listing(world.engine, world.partner_id)
    assert (finding["check_name"], finding["repair_outcome"], finding["run_id"]) == ("I3", "applied", run.run_id)
    assert money(ap_invoice_of(world, ids[0])["amount_due"]) == Decimal("120.00")
