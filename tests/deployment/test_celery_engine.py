"""The distributed engine, run for real: ``make up-celery``'s shape (CeleryExecutor, two Celery
workers, the local Redis as broker and rate limit store, PostgreSQL as metadata database and
warehouse) runs the payments and hourly syncs of several partners.

Each partner has its own NetSuite account and AP key (a sandbox each), synced once beforehand
in this process; then NetSuite gets a new invoice and AP a payment per partner, the sandboxes'
counters are reset, and both scheduled DAGs run once through Airflow. Checked, by DAG id and
outcome only (not task ids): every run succeeded, tasks ran on both workers, no account saw more
NetSuite requests in flight than its limit nor any AP key more than 5 requests in one second,
and I1-I5 hold for every partner.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from chaos.checks import check_world
from demo import celery_up
from demo import up as demo_up
from harness.connections import AirflowConnections
from harness.partner import register_partner
from harness.sandboxes import start_sandboxes
from harness.warehouses import Warehouse
from sandbox.alternative_payments import AlternativePaymentsSettings
from sandbox.netsuite import NetSuiteSettings
from sandbox.start_time import SANDBOX_NOW
from tests.fixtures.pipeline import PartnerWorld

DAGS = ("netsuite_payments_sync", "netsuite_hourly_sync")
AP_RATE = 5
NS_CONCURRENCY = 2
# Its own Redis database: the broker's queues and the rate limit buckets of this test only.
ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = int(os.environ.get("TEST_CELERY_REDIS_DB", "13"))


def _services_up() -> bool:
    import redis
    from sqlalchemy import create_engine

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
        engine = create_engine(celery_up.pg_url("postgres"))
        with engine.connect():
            pass
        engine.dispose()
    except Exception:
        return False
    return True


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.timeout(1800),
    pytest.mark.skipif(not _services_up(), reason="needs Redis and PostgreSQL on 127.0.0.1"),
]


def start_partner(number: int, warehouse: Warehouse, customers: int, invoices: int) -> PartnerWorld:
    boxes = start_sandboxes(
        NetSuiteSettings.from_options(
            customers=customers,
            invoices=invoices,
            years=1.0,
            seed=100 + number,
            now=SANDBOX_NOW,
            concurrency_limit=NS_CONCURRENCY,
            latency_seconds=0.02,
        ),
        AlternativePaymentsSettings(client_id=f"celery-key-{number}", rate_limit_per_second=AP_RATE),
    )
    return PartnerWorld(**vars(boxes), partner_id=f"p{number:02d}", warehouse=warehouse)


def prepare(partner: PartnerWorld, connections: AirflowConnections, dags: tuple[str, ...]) -> None:
    """Registered, initial sync done, accounts chosen; then work for the DAGs: a payment in AP,
    a new invoice in NetSuite."""
    pid = partner.partner_id
    register_partner(
        partner.warehouse,
        connections,
        pid,
        f"Partner {pid}",
        partner.netsuite_connection(),
        partner.ap_connection(rate_limit_per_second=AP_RATE),
        NS_CONCURRENCY,
    )
    customer = partner.ns_controls.create_customer(f"Client of {pid}", email=f"billing@{pid}.example.com")
    to_pay = partner.ns_controls.create_invoice(customer["id"], lines=[{"item": 1, "quantity": 1, "rate": 120.0}])
    partner.initial_sync()
    partner.set_up_accounts()
    if "netsuite_hourly_sync" in dags:
        partner.ns_controls.create_invoice(customer["id"], lines=[{"item": 1, "quantity": 2, "rate": 75.0}])
    (ap_invoice,) = [i for i in partner.ap_controls.state()["invoices"] if i["external_id"] == str(to_pay["id"])]
    partner.ap_controls.pay_invoice(ap_invoice["id"])


class Deployment:
    """``demo.up``'s components with Celery workers, in an Airflow home and databases of its own."""

    def __init__(self, home: Path, connections: dict[str, str], queue: str, dags: tuple[str, ...]) -> None:
        self.dags = dags
        port = demo_up_free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        password_file = home / "passwords.json"
        password = demo_up.write_password(password_file)
        env = {**demo_up.airflow_env(port, password_file), **connections}
        env.update(
            {
                "AIRFLOW_HOME": str(home),
                "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}",
                "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
                "AIRFLOW__OPERATORS__DEFAULT_QUEUE": queue,
                "AIRFLOW__CORE__PARALLELISM": "8",
                "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG": "8",
                "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            }
        )
        self.airflow = demo_up.Airflow(env, home / "logs" / "up", extra=celery_up.worker_commands(queue=queue))
        self.api = demo_up.Api(self.base_url, password)

    def start(self, timeout: float = 600.0) -> None:
        self.airflow.start()
        assert self.airflow.wait_for(self.api.healthy, timeout), "Airflow did not become healthy"
        self.api.log_in()
        assert self.airflow.wait_for(lambda: set(self.dags) <= {d["dag_id"] for d in self.api.dags()}, timeout)

    def runs(self, dag_id: str) -> list[dict]:
        return self.api._get(f"/api/v2/dags/{dag_id}/dagRuns", limit=100)["dag_runs"]

    def set_paused(self, dag_id: str, paused: bool) -> None:
        response = self.api.session.patch(
            f"{self.base_url}/api/v2/dags/{dag_id}", json={"is_paused": paused}, timeout=30
        )
        response.raise_for_status()

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        path = f"/api/v2/dags/{dag_id}/dagRuns/{requests.utils.quote(run_id, safe='')}/taskInstances"
        return self.api._get(path, limit=1000)["task_instances"]

    def run_each_dag_once(self, timeout: float) -> dict[str, list[dict]]:
        """Unpause the DAGs; the scheduler starts each one run. Pause each when its first run ends;
        return those first runs."""
        for dag_id in self.dags:
            self.set_paused(dag_id, False)
        finished: dict[str, list[dict]] = {}

        def done() -> bool:
            for dag_id in self.dags:
                ended = [r for r in self.runs(dag_id) if r["state"] in ("success", "failed")]
                if ended and dag_id not in finished:
                    self.set_paused(dag_id, True)
                    finished[dag_id] = ended
            return len(finished) == len(self.dags)

        assert self.airflow.wait_for(done, timeout), f"runs not finished in {timeout:.0f}s: {finished}"
        # A run that started meanwhile stays put while its DAG is paused: the tasks it already
        # has in flight finish (nothing is cut off mid-post), the others do not start.
        assert self.airflow.wait_for(lambda: not self._tasks_in_flight(), timeout)
        return finished

    def _tasks_in_flight(self) -> bool:
        for dag_id in self.dags:
            for run in self.runs(dag_id):
                if run["state"] not in ("success", "failed"):
                    states = {ti["state"] for ti in self.task_instances(dag_id, run["dag_run_id"])}
                    if states & {"running", "queued", "restarting"}:
                        return True
        return False

    def stop(self) -> None:
        if self.airflow.processes:
            self.airflow.stop()


def demo_up_free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_partners(
    partner_count: int, customers: int, invoices: int, tmp_path: Path, monkeypatch, dags: tuple[str, ...] = DAGS
) -> None:
    from netsuite_ap_sync.warehouse import engine_for

    tag = uuid.uuid4().hex[:8]
    metadata_db, warehouse_db = celery_up.database_names(f"test_{tag}")
    celery_up.ensure_databases(metadata_db, warehouse_db)
    started: list[PartnerWorld] = []
    deployment = None
    try:
        shared = celery_up.celery_env(metadata_db, warehouse_db, REDIS_DB)
        for name, value in shared.items():
            monkeypatch.setenv(name, value)
        warehouse = Warehouse(engine_for(), celery_up.warehouse_connection(warehouse_db)).migrate()
        with ThreadPoolExecutor(max_workers=4) as pool:
            started += list(pool.map(lambda n: start_partner(n, warehouse, customers, invoices), range(partner_count)))
        connections = AirflowConnections(setenv=monkeypatch.setenv)
        for partner in started:
            prepare(partner, connections, dags)
        for partner in started:
            partner.netsuite.stats.reset()
            partner.ap_controls.reset_stats()

        home = tmp_path / "airflow"
        home.mkdir()
        deployment = Deployment(home, {**os.environ, **shared, **connections.env()}, f"q_{tag}", dags)
        deployment.start()
        runs = deployment.run_each_dag_once(timeout=1200)

        hosts: Counter[str] = Counter()
        for dag_id, dag_runs in runs.items():
            assert dag_runs and all(r["state"] == "success" for r in dag_runs), (dag_id, dag_runs)
            for run in dag_runs:
                for ti in deployment.task_instances(dag_id, run["dag_run_id"]):
                    if ti["state"] == "success":
                        hosts[ti["hostname"]] += 1
        print(f"task instances per worker: {dict(hosts)}")
        assert set(hosts) == {"worker-1", "worker-2"}, hosts

        for partner in started:
            ns = partner.netsuite.stats_snapshot()
            ap = partner.ap_controls.stats()
            key = partner.ap.settings.client_id
            print(
                f"{partner.partner_id}: NetSuite peak in flight {ns['peak_in_flight']} of {NS_CONCURRENCY}, "
                f"{ns['requests_total']} requests; AP most in one second {ap['max_per_second_by_key'].get(key)} "
                f"of {AP_RATE}, {ap['requests_total']} requests"
            )
            assert ns["requests_total"] > 0 and ap["by_key"].get(key, 0) > 0
            assert ns["peak_in_flight"] <= NS_CONCURRENCY
            assert ns["throttled_total"] == 0
            assert ap["max_per_second_by_key"][key] <= AP_RATE
            assert ap["rate_limited_429"] == 0
            paid = [p for p in partner.ns_controls.records({"payments"})["payments"] if p.get("externalid")]
            assert paid, f"{partner.partner_id}: the AP payment reached NetSuite"
            check = check_world(partner)
            assert check.ok, (partner.partner_id, check)
    finally:
        if deployment:
            deployment.stop()
        for partner in started:
            partner.stop()
        celery_up.drop_databases(metadata_db, warehouse_db)


def test_celery_workers_share_the_limits_of_a_few_partners(tmp_path, monkeypatch):
    run_partners(3, customers=3, invoices=10, tmp_path=tmp_path, monkeypatch=monkeypatch)


@pytest.mark.slow
def test_celery_workers_share_the_limits_of_twenty_partners(tmp_path, monkeypatch):
    run_partners(20, customers=5, invoices=12, tmp_path=tmp_path, monkeypatch=monkeypatch)
