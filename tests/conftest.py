"""Test session set-up: a throw-away Airflow home and the shared fixtures.

Airflow reads its configuration when first imported, so the environment is
set here, before any test module imports it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="airflow-home-"))
os.environ.update(
    {
        "AIRFLOW_HOME": str(_AIRFLOW_HOME),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
    }
)

pytest_plugins = [
    "tests.fixtures.warehouse",
    "tests.fixtures.netsuite",
    "tests.fixtures.alternative_payments",
    "tests.fixtures.pipeline",
]


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """Airflow's metadata DB (SQLite in the temporary home), migrated once per session."""
    airflow = Path(sys.executable).with_name("airflow")
    subprocess.run([str(airflow), "db", "migrate"], check=True, capture_output=True, env=os.environ.copy())
    return _AIRFLOW_HOME


def pytest_unconfigure(config) -> None:
    shutil.rmtree(_AIRFLOW_HOME, ignore_errors=True)


# Files that take minutes (Airflow started for real, the demo, the quick bench) are collected
# first, so that under `make test`'s processes they start at once instead of closing the run.
# The sort is stable: tests keep their order within a file.
LONG_FILES = (
    "tests/ui/test_airflow_ui.py",
    "tests/deployment/test_celery_engine.py",
    "tests/demo/test_demo.py",
    "tests/dags/test_dag_runs.py",
    "tests/pipeline/test_initial_sync.py",
    "tests/bench/test_bench_harness.py",
    "tests/reliability/test_chaos.py",
    "tests/reliability/test_state_machine.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return LONG_FILES.index(path) if path in LONG_FILES else len(LONG_FILES)

    items.sort(key=rank)
