"""The two sandboxes, each in its own process, as the remote APIs would be.

Running them out of process keeps their work off the benchmarked process's
interpreter lock, so a figure measures the sync and not the sandbox beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from sandbox.alternative_payments.settings import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from sandbox.start_time import SANDBOX_NOW

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
START_TIMEOUT = 600.0  # generating a large data set on first use takes minutes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class NetSuiteDataSet:
    invoices: int
    customers: int
    years: float = 3.0
    seed: int = 42
    now: datetime = SANDBOX_NOW  # both sandboxes start here, so a cached data set never goes stale

    @property
    def name(self) -> str:
        until = f"{self.now:%Y%m%dT%H%M}"
        return f"netsuite-{self.invoices}i-{self.customers}c-{self.years:g}y-s{self.seed}-{until}.db"

    def options(self) -> list[str]:
        return [
            f"--invoices={self.invoices}",
            f"--customers={self.customers}",
            f"--years={self.years:g}",
            f"--seed={self.seed}",
            f"--now={self.now.isoformat()}",
        ]


def cache_dir() -> Path:
    """bench/.cache, which keeps itself out of git."""
    CACHE.mkdir(parents=True, exist_ok=True)
    ignore = CACHE / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    return CACHE


def cached_data_set(data: NetSuiteDataSet) -> Path:
    """The generated data set, made once and kept under bench/.cache."""
    cache_dir()
    path = CACHE / data.name
    if not path.exists():
        partial = path.with_suffix(".partial")
        for stale in CACHE.glob(partial.name + "*"):
            stale.unlink()
        command = [sys.executable, "-m", "sandbox.netsuite", "--generate-only", f"--db={partial}", *data.options()]
        subprocess.run(command, check=True, cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL)
        _checkpoint(partial)
        partial.rename(path)
    return path


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file, so the file alone is the data set."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")


def child_env() -> dict[str, str]:
    """The environment of a child process: this one's, with the project on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "plugins"), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    return env


class SandboxProcess:
    """One sandbox server in a child process; ``stop()`` ends it."""

    def __init__(self, command: list[str], port: int, workdir: Path) -> None:
        self.base_url = f"http://127.0.0.1:{port}"
        self.workdir = workdir
        self._log = open(workdir / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sandbox exited: {(self.workdir / 'server.log').read_text()[-2000:]}")
            try:
                if requests.get(f"{self.base_url}/_sandbox/stats", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"sandbox at {self.base_url} did not start within {START_TIMEOUT:.0f}s")

    def control(self, method: str, path: str, body: dict | None = None) -> Any:
        response = requests.request(method, f"{self.base_url}/_sandbox{path}", json=body, timeout=120)
        response.raise_for_status()
        return response.json() if response.content else None

    def stats(self) -> dict[str, Any]:
        return self.control("GET", "/stats")

    def reset_stats(self) -> None:
        self.control("POST", "/stats/reset")

    def settings(self, **changes: Any) -> dict[str, Any]:
        return self.control("POST", "/settings", changes)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class NetSuiteProcess(SandboxProcess):
    def __init__(
        self,
        data: NetSuiteDataSet,
        workdir: Path,
        *,
        latency: float = 0.0,
        concurrency_limit: int = 5,
        writable: bool = False,
    ) -> None:
        source = cached_data_set(data)
        db = source
        if writable:  # the scenario changes NetSuite: work on a copy, keep the cache pristine
            db = workdir / "netsuite.db"
            shutil.copyfile(source, db)
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "sandbox.netsuite",
            f"--port={port}",
            f"--db={db}",
            f"--state-dir={workdir}",
            f"--latency={latency}",
            f"--concurrency-limit={concurrency_limit}",
            *data.options(),
        ]
        super().__init__(command, port, workdir)

    def connection(self, auth_method: str = "oauth2_client_credentials") -> dict[str, Any]:
        return json.loads((self.workdir / "netsuite-sandbox-connections.json").read_text())[auth_method]


class AlternativePaymentsProcess(SandboxProcess):
    def __init__(self, workdir: Path, *, rate_limit: float = 50.0) -> None:
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "sandbox.alternative_payments",
            f"--port={port}",
            f"--rate-limit={rate_limit:g}",
            "--no-demo-data",
        ]
        self.rate_limit = rate_limit
        super().__init__(command, port, workdir)

    def connection(self, rate_limit: float | None = None) -> dict[str, Any]:
        """The Airflow connection; the client keeps to the sandbox's limit (or 1,000/s with none)."""
        return {
            "conn_type": "alternative_payments",
            "host": self.base_url,
            "login": DEMO_CLIENT_ID,
            "password": DEMO_CLIENT_SECRET,
            "extra": {"rate_limit_per_second": rate_limit or self.rate_limit or 1000.0},
        }


def scratch_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix, dir=cache_dir()))
