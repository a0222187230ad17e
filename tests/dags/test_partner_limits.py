"""One partner never holds every worker slot: the tasks a partner's run maps over its own work are
capped per run, and a partner's group in the scheduled DAGs runs at most as many tasks at once as
its step list's widest point, far fewer than the deployment's slots."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from netsuite_ap_sync.orchestration.dag_defaults import PARTNER_TASKS_AT_ONCE

DAGS = Path(__file__).resolve().parents[2] / "dags"
PARALLELISM = 4  # the smallest deployment: `make up`'s LocalExecutor


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def _serialized(dag):
    """The DAG as the scheduler reads it."""
    from airflow.serialization.serialized_objects import DagSerialization

    return DagSerialization.from_dict(DagSerialization.to_dict(dag))


def test_a_partner_s_mapped_chunks_run_at_most_its_share_of_the_slots_at_once(dagbag):
    dag = _serialized(dagbag.dags["netsuite_initial_sync"])
    chunks = [t for t in dag.tasks if t.task_id.startswith("chunks_")]
    assert {t.task_id for t in chunks} == {"chunks_last_12_months", "chunks_history"}
    for task in chunks:
        assert task.max_active_tis_per_dagrun == PARTNER_TASKS_AT_ONCE, task.task_id
    assert 1 <= PARTNER_TASKS_AT_ONCE < PARALLELISM, "the other partners keep slots while one partner's phase runs"


def _widest(tasks) -> int:
    """The most tasks of ``tasks`` that can run at once: none of them waits, directly or not, for another."""
    later = {t.task_id: {d.task_id for d in t.get_flat_relatives(upstream=False)} for t in tasks}
    ids = list(later)
    for size in range(len(ids), 0, -1):
        for group in itertools.combinations(ids, size):
            if all(b not in later[a] and a not in later[b] for a, b in itertools.combinations(group, 2)):
                return size
    return 0


@pytest.mark.parametrize("dag_id", ["netsuite_payments_sync", "netsuite_hourly_sync"])
def test_a_partner_s_group_in_a_scheduled_run_holds_at_most_its_share_of_the_slots(dagbag, dag_id):
    dag = _serialized(dagbag.dags[dag_id])
    group = [t for t in dag.tasks if t.task_id.startswith("partner.")]
    assert len(group) > 1, "the partners' mapped group"
    # Mapped over partners: one instance per partner of each task, so a partner's share is the width.
    assert 1 <= _widest(group) <= PARTNER_TASKS_AT_ONCE


def test_the_event_path_holds_one_slot_per_partner(dagbag):
    dag = _serialized(dagbag.dags["netsuite_payments_on_event"])
    per_partner = [t for t in dag.tasks if t.upstream_task_ids]
    # One mapped task per partner with events, after the one task that takes the events.
    assert [t.task_id for t in per_partner] == ["payments"]
    assert _widest(per_partner) == 1


def test_width_counts_only_tasks_that_wait_for_none_of_the_others(dagbag):
    hourly = _serialized(dagbag.dags["netsuite_hourly_sync"])
    tasks = {t.task_id.removeprefix("partner."): t for t in hourly.tasks}
    assert _widest([tasks["stage_customers"], tasks["validate_customers"], tasks["post_invoices"]]) == 1
    assert _widest([tasks["find_work"], tasks["sync_pdfs"], tasks["stage_deletions"]]) == 2, "PDFs beside deletions"
