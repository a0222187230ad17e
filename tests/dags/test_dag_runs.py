"""The DAGs themselves, run with dag.test() against both sandboxes: the same
rules hold when Airflow drives the steps (mapped partner groups, templated
Params, XCom between tasks)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from airflow.dag_processing.dagbag import DagBag

from tests.fixtures.dags import DAGS_FOLDER


@pytest.fixture(scope="module")
def dags():
    return DagBag(dag_folder=str(DAGS_FOLDER)).dags


def _run(dags, dag_id: str, **conf):
    run = dags[dag_id].test(run_conf=conf or None)
    assert run.state == "success", f"{dag_id} ended {run.state}"
    return run


def test_C2_F2_S5_F5_F3_C3_through_the_dags(airflow_db, partner_world, dags):
    world = partner_world(customers=10, invoices=60)
    records = world.ns_records("customers", "currencies")
    usd = next(c["id"] for c in records["currencies"] if c["symbol"] == "USD")
    customer = next(c for c in records["customers"] if c["isinactive"] == "F" and c["currency"] == usd)
    for _ in range(3):
        world.ns_controls.create_invoice(customer=customer["id"], lines=[{"item": 1, "quantity": 2, "rate": 150.0}])
    _run(dags, "netsuite_initial_sync", partner=world.partner_id)
    partner = world.partner()
    assert (partner.status, partner.initial_phase) == ("connected", "done")
    synced = [i for i in world.ap_state()["invoices"] if i.get("external_id") and i["status"] == "open"]
    assert synced, "F2: open invoices reached AP"

    edited, deleted = synced[0], synced[1]
    world.ns_controls.edit_invoice(int(edited["external_id"]), duedate="2027-03-31")
    world.ns_controls.delete("invoice", int(deleted["external_id"]))
    _run(dags, "netsuite_hourly_sync")
    after = {i["id"]: i for i in world.ap_state()["invoices"]}
    assert after[edited["id"]]["due_date"] == "2027-03-31", "S5: the due date flowed"
    assert after[deleted["id"]]["status"] == "archived", "F5: the deleted invoice is archived"

    payment = world.ap_controls.pay_invoice(synced[2]["id"], amount=Decimal("10.00"))
    _run(dags, "netsuite_payments_sync", partner=world.partner_id)
    assert not _ns_payment(world, payment["id"]), "C3: held until the accounts are chosen"
    accounts = _accounts(world)
    _run(dags, "netsuite_account_setup", partner=world.partner_id, **accounts)
    run = _run(dags, "netsuite_payments_sync")
    assert _ns_payment(world, payment["id"]), "F3: posted once the accounts are set"
    assert _map_labels(run) == {world.partner_id}, "each mapped task instance is labelled with its partner"
    assert world.audit()["violations"] == []


def test_dry_run_posts_nothing(airflow_db, partner_world, dags):
    world = partner_world(customers=6, invoices=30)
    _run(dags, "netsuite_initial_sync", partner=world.partner_id, dry_run=True)
    assert world.ap_state()["invoices"] == []
    assert world.partner().status == "pending" and world.partner().initial_phase == "not_started"


def _map_labels(run) -> set[str]:
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        instances = session.query(TaskInstance).filter_by(dag_id=run.dag_id, run_id=run.run_id).all()
        return {ti.rendered_map_index for ti in instances if ti.map_index >= 0}


def _ns_payment(world, ap_payment_id: str) -> list[dict]:
    payments = world.ns_records("payments")["payments"]
    return [p for p in payments if p.get("externalid") == f"apay-{ap_payment_id}"]


def _accounts(world) -> dict[str, str]:
    accounts = world.ns_records("accounts")["accounts"]
    first = {a["accttype"]: str(a["id"]) for a in reversed(accounts)}
    return {
        "undeposited_funds": first["UndepFunds"],
        "bank": first["Bank"],
        "fee": first["Expense"],
        "other_deposits": first["Income"],
    }
