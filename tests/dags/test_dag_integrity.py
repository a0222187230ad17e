"""Every DAG file imports cleanly and stays thin at parse time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"
HEAVY_MODULES = ("pandas", "great_expectations", "requests_oauthlib", "sqlglot", "warehouse", "sync_rules")


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
