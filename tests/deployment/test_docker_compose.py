"""docker-compose.yaml is valid and wires every service the DAGs need by name.

No Docker engine runs here: Debian's docker-compose validates and renders the
file (``config``), and the rendered model is checked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
AIRFLOW_SERVICES = {
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-worker",
    "airflow-triggerer",
    "airflow-init",
}


@pytest.fixture(scope="module")
def compose() -> dict:
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.skip("docker-compose is not installed (the Makefile installs Debian's package)")
    result = subprocess.run(
        [tool, "-f", str(ROOT / "docker-compose.yaml"), "config"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_official_airflow_shape_with_celery(compose):
    services = compose["services"]
    assert AIRFLOW_SERVICES | {"postgres", "redis", "warehouse", "netsuite-sandbox", "ap-sandbox"} <= set(services)
    for name in AIRFLOW_SERVICES:
        env = services[name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert "@postgres/" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"], name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://:@redis:"), name
        assert "airflow-apiserver" in env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"], name


def test_warehouse_connection_names_the_warehouse_service(compose):
    services = compose["services"]
    for name in AIRFLOW_SERVICES:
        conn = json.loads(services[name]["environment"]["AIRFLOW_CONN_WAREHOUSE_DEFAULT"])
        assert conn["conn_type"] == "postgres" and conn["host"] in services, name
        assert services[conn["host"]]["environment"]["POSTGRES_DB"] == conn["schema"]


def test_every_airflow_service_shares_the_ap_rate_limit_in_redis_apart_from_the_broker(compose):
    services = compose["services"]
    for name in AIRFLOW_SERVICES:
        env = services[name]["environment"]
        store = json.loads(env["AIRFLOW_CONN_RATE_LIMIT_STORE"])
        assert store["conn_type"] == "redis" and store["host"] == "redis" and "redis" in services, name
        assert f"/{store['extra']['db']}" != env["AIRFLOW__CELERY__BROKER_URL"][-2:], name


def test_every_dependency_is_a_defined_service(compose):
    services = compose["services"]
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on undefined {dependency}"
        mode = service.get("network_mode", "")
        if mode.startswith("service:"):
            assert mode.split(":", 1)[1] in services, name


def test_init_migrates_airflow_and_the_warehouse(compose):
    command = " ".join(compose["services"]["airflow-init"]["command"])
    assert "airflow db migrate" in command and "python -m netsuite_ap_sync.warehouse migrate" in command


def test_sandboxes_stay_on_the_workers_loopback(compose):
    # The hooks allow plain HTTP to loopback only, so the sandboxes share the worker's network.
    for name in ("netsuite-sandbox", "ap-sandbox"):
        assert compose["services"][name]["network_mode"] == "service:airflow-worker"


def test_image_is_built_from_the_official_airflow_image():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM apache/airflow:3.3." in dockerfile
    assert "-r ${PROJECT}/requirements.txt -c ${PROJECT}/constraints.txt" in dockerfile


def test_airflow_image_holds_runtime_only_and_the_sandboxes_their_own_target(compose):
    # The default (last) stage is the runtime one: no sandbox code, no sandbox or dev set.
    stages = (ROOT / "Dockerfile").read_text().split("\nFROM ")[1:]
    runtime, sandboxes, default = stages[0], stages[1], stages[-1]
    assert "AS runtime" in runtime and "sandbox" not in runtime.split("AS runtime", 1)[1]
    assert sandboxes.startswith("runtime AS sandboxes") and '"${PROJECT}[sandbox]"' in sandboxes
    assert default.strip().splitlines()[0] == "runtime"
    services = compose["services"]
    for name in AIRFLOW_SERVICES:
        assert "target" not in services[name]["build"], name
    for name in ("netsuite-sandbox", "ap-sandbox"):
        assert services[name]["build"]["target"] == "sandboxes", name
        assert services[name]["image"] != services["airflow-worker"]["image"], name
