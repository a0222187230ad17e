"""A real Airflow deployment for a scenario: api-server, scheduler, dag-processor and triggerer
with the LocalExecutor, in a throw-away Airflow home, started and stopped the way ``make up`` does; and
the CPU time its processes (task processes included) spend, read from /proc."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from demo.up import USER, Airflow, Api, _session_members, unparsed_files, write_password

ROOT = Path(__file__).resolve().parent.parent
_TICK = os.sysconf("SC_CLK_TCK")


class Deployment:
    """``with Deployment(workdir, connections, parallelism=4) as airflow: airflow.run(dag_id)``."""

    def __init__(
        self,
        workdir: Path,
        connections: dict[str, dict],
        parallelism: int,
        extra_env: dict | None = None,
        code_root: Path | None = None,
    ):
        from bench.sandboxes import free_port

        code = code_root or ROOT
        home = workdir / "airflow"
        home.mkdir(parents=True, exist_ok=True)
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        self.password = write_password(home / "passwords.json")
        self.env = {
            **os.environ,
            # In the environment, a task reads a connection in its own process: through the
            # api-server, each look-up waits its turn on the task's one channel to its supervisor.
            **{f"AIRFLOW_CONN_{cid.upper()}": json.dumps(c) for cid, c in connections.items()},
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(code / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(code / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": str(parallelism),
            "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG": str(parallelism),
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            # Runs come from the benchmark's triggers only, never from the cron schedule.
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "600",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__API__BASE_URL": self.base_url,
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base_url}/execution/",
            "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager."
            "SimpleAuthManager",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "False",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "passwords.json"),
            "PYTHONPATH": f"{code}{os.pathsep}{code / 'plugins'}",
            # Last, so a scenario may change any of the above (the latency one needs the schedule).
            **(extra_env or {}),
        }
        self.dags_folder = code / "dags"
        self.airflow = Airflow(self.env, home / "logs")
        self.api = Api(self.base_url, self.password)

    def __enter__(self) -> Deployment:
        self.airflow.start()
        if not self.airflow.wait_for(self._ready, timeout=300):
            raise RuntimeError(f"Airflow did not come up; see {self.airflow.log_dir}")
        return self

    def _ready(self) -> bool:
        health = self.api.session.get(f"{self.base_url}/api/v2/monitor/health", timeout=10).json()
        if any((health.get(p) or {}).get("status") != "healthy" for p in ("metadatabase", "scheduler")):
            return False
        self.api.log_in()
        return not unparsed_files(self.api, self.dags_folder)

    def __exit__(self, *exc: object) -> None:
        self.airflow.stop()

    def unpause(self, *dag_ids: str) -> None:
        for dag_id in dag_ids:
            self.api.unpause(dag_id)

    def run(self, dag_id: str, conf: dict | None = None, timeout: float = 3600) -> dict[str, Any]:
        """Trigger a run and wait for its end: its state, wall seconds, CPU seconds and task instances."""
        cpu_before, started = self.cpu_seconds(), time.monotonic()
        response = self.api.session.post(
            f"{self.base_url}/api/v2/dags/{dag_id}/dagRuns", json={"logical_date": None, "conf": conf or {}}, timeout=30
        )
        response.raise_for_status()
        run_id = response.json()["dag_run_id"]
        state = None
        while time.monotonic() - started < timeout:
            self.airflow.check_running()
            state = self.api._get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}")["state"]
            if state in ("success", "failed"):
                break
            time.sleep(0.5)
        wall = time.monotonic() - started
        cpu = self.cpu_seconds() - cpu_before
        tasks = self.task_instances(dag_id, run_id)
        return {"run_id": run_id, "state": state, "wall": wall, "cpu": cpu, "tasks": tasks}

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        """Every task instance of the run, page by page (the API serves at most 100 a page)."""
        tasks: list[dict] = []
        while True:
            page = self.api._get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances", limit=100, offset=len(tasks))
            tasks += page["task_instances"]
            if not page["task_instances"] or len(tasks) >= page["total_entries"]:
                return tasks

    def cpu_seconds(self) -> float:
        """User and system CPU of every live process of the components' sessions, plus what their
        ended children (task processes) spent: each ended process is counted once, by its parent."""
        total = 0
        for process in self.airflow.processes.values():
            for pid in _session_members(process.pid):
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                total += sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
        return total / _TICK
