"""``python -m demo.up`` as a subprocess with its own Airflow home and warehouse."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import requests

ROOT = Path(__file__).resolve().parents[2]
AP_SANDBOX = re.compile(r"AP sandbox on (?P<url>http://127\.0\.0\.1:\d+)")
READY = re.compile(r"^Airflow UI: (?P<url>\S+)\nlogin: (?P<user>\S+) / (?P<password>\S+)$", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class RunningUp:
    process: subprocess.Popen
    port: int
    home: Path
    log_path: Path
    base_url: str = ""
    user: str = ""
    password: str = ""
    _token: str = ""

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_ready(self, timeout: float) -> None:
        """Wait for the banner with the URL and the login; fail early if ``demo.up`` exits."""
        deadline = time.monotonic() + timeout
        while (ready := READY.search(self.output())) is None:
            if self.process.poll() is not None:
                raise AssertionError(f"demo.up exited ({self.process.returncode}):\n{self.output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"demo.up not ready after {timeout:.0f}s:\n{self.output()}")
            time.sleep(1)
        self.base_url, self.user, self.password = ready["url"], ready["user"], ready["password"]

    def ap_sandbox_url(self) -> str:
        found = AP_SANDBOX.search(self.output())
        assert found, f"demo.up did not say where the AP sandbox is:\n{self.output()}"
        return found["url"]

    def stop(self, timeout: float = 120.0) -> int:
        """SIGTERM, as a service manager would; return the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"demo.up did not stop within {timeout:.0f}s of SIGTERM") from None
        return self.process.returncode

    def process_tree(self) -> set[tuple[int, str]]:
        """Every process ``demo.up`` runs now, at any depth, as (pid, start time)."""
        return descendants(self.process.pid)

    def api(self, method: str, path: str, **kwargs) -> dict:
        """Airflow's REST API (``/api/v2`` + ``path``) as the UI user."""
        if not self._token:
            response = requests.post(
                f"{self.base_url}/auth/token", json={"username": self.user, "password": self.password}, timeout=30
            )
            response.raise_for_status()
            self._token = response.json()["access_token"]
        response = requests.request(
            method,
            f"{self.base_url}/api/v2{path}",
            headers={"Authorization": f"Bearer {self._token}"},
            timeout=30,
            **kwargs,
        )
        response.raise_for_status()
        return response.json()

    def run_path(self, dag_id: str, run_id: str) -> str:
        return f"/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}"


def _stat(pid: int | str) -> list[str]:
    """/proc/<pid>/stat after the command name: state, ppid, ..., start time at index 19."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def descendants(root: int) -> set[tuple[int, str]]:
    children: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = _stat(entry.name)
        except OSError:
            continue  # exited meanwhile
        children.setdefault(int(fields[1]), []).append((int(entry.name), fields[19]))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child[0])
    return found


def still_running(processes: set[tuple[int, str]]) -> list[int]:
    """Those of ``processes`` alive now; a reused pid has another start time, a zombie has exited."""
    alive = []
    for pid, started in processes:
        try:
            fields = _stat(pid)
        except OSError:
            continue
        if fields[19] == started and fields[0] != "Z":
            alive.append(pid)
    return alive


def start(work_dir: Path, customers: int, invoices: int) -> RunningUp:
    """Start ``demo.up`` on a free port; the Airflow home and the warehouse live in ``work_dir``."""
    port, home, log_path = free_port(), work_dir / "airflow", work_dir / "up.log"
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW_CONN_WAREHOUSE_DEFAULT": json.dumps({"conn_type": "sqlite", "host": str(work_dir / "warehouse.db")}),
    }
    command = [sys.executable, "-m", "demo.up", "--port", str(port)]
    command += ["--customers", str(customers), "--invoices", str(invoices)]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return RunningUp(process, port, home, log_path)
