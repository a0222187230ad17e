"""Every DAG file imports cleanly and stays thin at parse time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"
HEAVY_MODULES = (
    "pandas",
    "great_expectations",
    "requests_oauthlib",
    "sqlglot",
    "netsuite_ap_sync.warehouse",
    "netsuite_ap_sync.rules",
)


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_every_dag_file_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert dagbag.dags, "no DAG found"


def test_every_dag_has_docs_tags_and_owner(dagbag):
    for dag_id, dag in dagbag.dags.items():
        assert dag.doc_md and dag.doc_md.strip(), dag_id
        assert dag.tags, dag_id
        assert all(t.owner and t.owner != "airflow" for t in dag.tasks), dag_id


@pytest.mark.parametrize("dag_file", sorted(DAGS.glob("*.py")), ids=lambda p: p.name)
def test_dag_file_parses_without_heavy_imports(dag_file: Path):
    # Parsing runs often in the DAG processor: no network, database or heavy
    # libraries at import time. Checked in a fresh interpreter.
    probe = (
        "import runpy, sys; "
        f"runpy.run_path({str(dag_file)!r}); "
        f"print(','.join(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1:] in ([], [""]), f"heavy imports: {result.stdout}"


def test_every_task_has_an_execution_timeout(dagbag):
    # A task stuck on a slow API fails alone (and retries) instead of holding its run.
    for dag_id, dag in dagbag.dags.items():
        assert all(t.execution_timeout for t in dag.tasks), dag_id


@pytest.mark.parametrize("dag_id", ["netsuite_payments_sync", "netsuite_hourly_sync"])
def test_scheduled_dags_map_only_the_partners_with_work_labelled_by_partner(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    roots = [t.task_id for t in dag.roots]
    assert roots == ["plan_probes"]
    probe = dag.get_task("probe")
    assert probe.downstream_task_ids == {"find_work"} and "task.partner_ids[0]" in probe.map_index_template
    assert dag.get_task("find_work").trigger_rule == "all_done", "a probe that failed holds back no other partner"
    mapped = [t for t in dag.tasks if t.task_id.startswith("partner.")]
    assert mapped and all(t.map_index_template == "{{ task.partner_id }}" for t in mapped)
    stages = {t.task_id.split(".", 1)[1].split("_", 1)[0] for t in mapped}
    assert {"stage", "validate", "post"} <= stages, "stage, validate and post stay tasks of their own"


def test_drift_audit_maps_the_connected_partners_labelled_by_partner(dagbag):
    dag = dagbag.dags["netsuite_drift_audit"]
    assert [t.task_id for t in dag.roots] == ["connected_partners"]
    [audit] = [t for t in dag.tasks if t.task_id.startswith("partner.")]
    assert audit.task_id == "partner.drift_audit" and audit.map_index_template == "{{ task.partner_id }}"
    assert audit.step == "drift_audit"
