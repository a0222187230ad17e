"""Each DAG runs exactly the steps its list in the registry declares, in the declared order,
and the one-process runs (tests, chaos, the bench) walk the same lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from netsuite_ap_sync.orchestration.registry import STEP_LISTS, UnknownStep, resolve
from netsuite_ap_sync.orchestration.run_steps import in_order

DAGS = Path(__file__).resolve().parents[2] / "dags"
# Per DAG: (task group prefix, the list it runs there, the task in front of the list's first steps,
# the task whose output the group is mapped over, if it is: then every task of the group waits for it).
LAYOUT = {
    "netsuite_initial_sync": [("", "initial", None, None)],
    "netsuite_account_setup": [("", "account_setup", None, None)],
    "netsuite_hourly_sync": [("partner.", "hourly", "find_work", "find_work")],
    "netsuite_payments_sync": [("partner.", "payments", "find_work", "find_work")],
    "netsuite_sync_partner": [
        ("hourly.", "hourly", "hourly.check_partner", None),
        ("payments.", "payments", "payments.check_partner", None),
    ],
    # Runs the payments list in one task per partner (``event_runs.payments_for_partner``).
    "netsuite_payments_on_event": [],
    "netsuite_register_partner": [],
    "warehouse_migrate": [],
    "netsuite_drift_audit": [("partner.", "drift_audit", "connected_partners", "connected_partners")],
}
# Tasks that are no list's: the gates, and the DAGs that run no sync step.
OTHER_TASKS = {
    "netsuite_hourly_sync": {"plan_probes", "probe", "find_work"},
    "netsuite_payments_sync": {"plan_probes", "probe", "find_work"},
    "netsuite_sync_partner": {"hourly.check_partner", "payments.check_partner"},
    "netsuite_payments_on_event": {"take_events", "payments"},
    "netsuite_register_partner": {"register"},
    "warehouse_migrate": {"apply_migrations"},
    "netsuite_drift_audit": {"connected_partners"},
}


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


@pytest.mark.parametrize("name", sorted(STEP_LISTS))
def test_every_step_of_every_list_resolves_and_waits_only_for_its_own_tasks(name):
    steps = STEP_LISTS[name]
    task_ids = [planned.task_id for planned in steps]
    assert len(set(task_ids)) == len(task_ids), "task ids are unique within a list"
    for planned in steps:
        assert callable(resolve(planned.step)), planned.step
        assert set(planned.after) <= set(task_ids) and planned.task_id not in planned.after
        assert planned.over is None or planned.over in planned.after
    assert [planned.task_id for planned in in_order(steps)] == task_ids, "declared in the order they run"


def _declared(prefix: str, name: str, gate: str | None, mapped_over: str | None) -> dict[str, tuple]:
    """Task id -> (step, upstream task ids, trigger rule, mapped), as the list declares them."""
    gated = {gate} if gate else set()
    over = {mapped_over} if mapped_over else set()
    return {
        prefix + planned.task_id: (
            planned.step,
            {prefix + upstream for upstream in planned.after} | (set() if planned.after else gated) | over,
            planned.trigger_rule,
            planned.over is not None,
        )
        for planned in STEP_LISTS[name]
    }


def _built(task) -> tuple:
    mapped = hasattr(task, "partial_kwargs")
    step = task.partial_kwargs["step"] if mapped else task.step
    # TriggerRule is a str enum: equal to the list's plain name.
    return step, set(task.upstream_task_ids), task.trigger_rule, mapped


def test_dagbag_holds_the_dags_laid_out_here(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == set(LAYOUT)


@pytest.mark.parametrize("dag_id", sorted(LAYOUT))
def test_every_dag_has_exactly_the_tasks_and_dependencies_its_lists_declare(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    declared = {}
    for layout in LAYOUT[dag_id]:
        declared |= _declared(*layout)
    assert set(dag.task_ids) == set(declared) | OTHER_TASKS.get(dag_id, set())
    assert {task_id: _built(dag.get_task(task_id)) for task_id in declared} == declared


def test_an_unknown_step_fails_when_the_dag_is_parsed_naming_the_known_ones():
    from netsuite_ap_sync.orchestration.operators import PartnerSyncOperator

    with pytest.raises(UnknownStep, match=r"unknown sync step 'post_invoice'; known: .*post_invoices"):
        PartnerSyncOperator(task_id="typo", step="post_invoice", partner_id="p")
    with pytest.raises(UnknownStep, match="unknown sync step 'run_chunks'"):
        PartnerSyncOperator.partial(task_id="typo", step="run_chunks", partner_id="p")


def test_an_object_steps_resolve_from_its_spec_without_an_entry_of_their_own():
    from netsuite_ap_sync.orchestration.registry import _object_step

    for verb in ("stage", "validate", "post"):
        assert callable(_object_step(f"{verb}_payouts")), verb
    assert _object_step("post_nothing") is None
    assert _object_step("sync_payouts") is None
