"""``make up``: the Airflow UI on this machine, with both sandboxes and the demo partner.

Everything listens on 127.0.0.1 only. The NetSuite and AP sandboxes run in this
process; Airflow's api-server, scheduler, dag-processor and triggerer run as
subprocesses, each in a session of its own so that stopping one also stops
the task processes it started. The login is ``admin`` with a random
password, printed once everything is up. Ctrl-C or SIGTERM stops it all.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
AIRFLOW = str(Path(sys.executable).with_name("airflow"))
PARTNER, PARTNER_NAME, NETSUITE_CONN, AP_CONN = "demo", "Demo IT Services", "netsuite_demo", "ap_demo"
USER = "admin"
# A file in dags/ that holds no DAG never shows up; wait this long, then go on without it.
PARSE_TIMEOUT = 300.0
COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
# What runs tasks stops first, while the api-server can still record how they ended.
SHUTDOWN_ORDER = (("scheduler", "triggerer", "dag-processor"), ("api-server",))
SIMPLE_AUTH_MANAGER = "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager"
# What the Makefile exports, so ``python -m demo.up`` also runs without make.
DEFAULTS = {
    "AIRFLOW_HOME": str(ROOT / ".airflow"),
    "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
    "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
    "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
    "AIRFLOW__CORE__PARALLELISM": "4",
    "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG": "4",
    "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
    "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}",
    "AIRFLOW_CONN_WAREHOUSE_DEFAULT": json.dumps(
        {"conn_type": "sqlite", "host": str(ROOT / ".warehouse" / "warehouse.db")}
    ),
}


class Stopped(Exception):
    """Ctrl-C or SIGTERM arrived: unwind, stopping everything on the way."""


def say(message: str) -> None:
    print(f"[up {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the warehouse and the partner ------------------------------------------------------


def prepare_warehouse(fresh: bool) -> None:
    """Migrate the warehouse and register the demo partner (idempotent)."""
    from netsuite_ap_sync.warehouse import engine_for, migrate, partners

    if fresh:
        _remove_sqlite_warehouse()
    engine = engine_for()
    if engine.dialect.name == "sqlite":
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    migrate(engine)
    before = {p.partner_id: p for p in partners.all_partners(engine)}.get(PARTNER)
    partners.register(engine, PARTNER, PARTNER_NAME, NETSUITE_CONN, AP_CONN)
    say(f"warehouse {engine.url.render_as_string()}: migrated; partner {PARTNER!r} registered")
    if before is not None and before.initial_phase != "not_started":
        # The sandboxes start empty on every run; what the warehouse remembers
        # of an earlier run points at AP records that no longer exist.
        say(
            f"note: partner {PARTNER!r} was synced by an earlier run against sandboxes that are gone, so a new "
            "initial sync finds nothing left to post and AP stays empty; start clean with `make up UP_ARGS=--fresh`"
        )


def _remove_sqlite_warehouse() -> None:
    from airflow.sdk import BaseHook

    from netsuite_ap_sync.warehouse import DEFAULT_CONN_ID, url_from_connection

    url = url_from_connection(BaseHook.get_connection(DEFAULT_CONN_ID))
    if url.get_backend_name() != "sqlite":
        raise SystemExit("--fresh only resets the embedded SQLite warehouse; reset a PostgreSQL one yourself")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{url.database}{suffix}").unlink(missing_ok=True)
    say(f"--fresh: removed the warehouse {url.database}")


# --- Airflow --------------------------------------------------------------------------


def airflow_env(port: int, passwords_file: Path) -> dict[str, str]:
    base_url = f"http://127.0.0.1:{port}"
    return {
        **os.environ,
        # The connections' Test button (Admin → Connections); the hooks' test_connection makes one request.
        "AIRFLOW__CORE__TEST_CONNECTION": "Enabled",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": base_url,
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{base_url}/execution/",
        "AIRFLOW__CORE__AUTH_MANAGER": SIMPLE_AUTH_MANAGER,
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "False",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords_file),
    }


def write_password(path: Path) -> str:
    """A fresh random password for the one UI user, in SimpleAuthManager's file format."""
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps({USER: password}) + "\n")
    return password


class Airflow:
    """Airflow's components as subprocesses, their output in ``log_dir``; ``extra`` adds
    commands of their own (Celery workers): name -> (argv, environment added to ``env``)."""

    def __init__(
        self,
        env: dict[str, str],
        log_dir: Path,
        connections: dict[str, dict] | None = None,
        extra: dict[str, tuple[list[str], dict]] | None = None,
    ):
        self.env, self.log_dir = env, log_dir
        self.connections = connections or {}
        self.commands = {name: ([AIRFLOW, name], {}) for name in COMPONENTS} | (extra or {})
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        say("airflow db migrate")
        self._run("db-migrate", [AIRFLOW, "db", "migrate"])
        if self.connections:
            self.store_connections()
        for name, (argv, env) in self.commands.items():
            with (self.log_dir / f"{name}.log").open("w") as log:
                self.processes[name] = subprocess.Popen(
                    argv, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
        say(f"started {', '.join(self.commands)}; their logs are in {self.log_dir}")

    def store_connections(self) -> None:
        """The demo's connections in Airflow's metadata database, replacing those of an earlier start:
        listed, editable and testable on the Connections page, and read by every process."""
        path = Path(self.env["AIRFLOW_HOME"]) / "up-connections.json"
        path.touch(mode=0o600)
        specs = {
            conn_id: {**spec, "extra": json.dumps(spec.get("extra") or {})}
            for conn_id, spec in self.connections.items()
        }
        path.write_text(json.dumps(specs))
        try:
            self._run("connections-import", [AIRFLOW, "connections", "import", str(path), "--overwrite"])
        finally:
            path.unlink(missing_ok=True)
        say(f"connections {', '.join(self.connections)} stored in Airflow (Admin → Connections, with a Test button)")

    def _run(self, name: str, command: list[str]) -> None:
        log_path = self.log_dir / f"{name}.log"
        with log_path.open("w") as log:
            done = subprocess.run(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command[1:3])} failed; see {log_path}")

    def check_running(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"airflow {name} exited ({process.returncode}); see {self.log_dir / name}.log")

    def wait_for(self, ready: Callable[[], bool], timeout: float) -> bool:
        """Poll ``ready`` until it holds (True) or time runs out (False); raise if a component dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_running()
            try:
                if ready():
                    return True
            except requests.RequestException:
                pass  # the api-server is still starting
            time.sleep(2)
        return False

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the components that run tasks, then the api-server; each gets SIGTERM, then SIGKILL."""
        for names in SHUTDOWN_ORDER:
            if "scheduler" in names:  # the workers run tasks too
                names = (*names, *(name for name in self.processes if name not in COMPONENTS))
            self._terminate([self.processes.pop(name) for name in names if name in self.processes], timeout)
        say("airflow stopped")

    @staticmethod
    def _terminate(processes: list[subprocess.Popen], timeout: float) -> None:
        # A component's task processes sit in process groups of their own but
        # stay in its session, so the session is what gets signalled.
        sessions = [process.pid for process in processes]
        for sid in sessions:
            _signal_session(sid, signal.SIGTERM)
        started, nudged = time.monotonic(), False
        while any(_session_members(sid) for sid in sessions) and time.monotonic() - started < timeout:
            if not nudged and time.monotonic() - started > timeout / 3:
                # A SIGTERM that lands in a garbage-collector callback is swallowed
                # ("Exception ignored"); a component still up gets one more.
                for process in processes:
                    if process.poll() is None:
                        process.terminate()
                nudged = True
            for process in processes:
                process.poll()  # reap the leaders, which are this process's children
            time.sleep(0.2)
        for sid in sessions:
            _signal_session(sid, signal.SIGKILL)
        for process in processes:
            process.wait()


def _session_members(sid: int) -> list[int]:
    """Live processes of session ``sid`` (Linux /proc; a zombie has already exited)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError):  # gone meanwhile
            state, _ppid, _pgrp, session = stat.read_text().rsplit(")", 1)[1].split()[:4]
            if int(session) == sid and state != "Z":
                members.append(int(stat.parent.name))
    return members


def _signal_session(sid: int, sig: int) -> None:
    for pid in _session_members(sid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


class Api:
    """The few REST calls start-up needs, as the UI user."""

    def __init__(self, base_url: str, password: str):
        self.base_url, self.password = base_url, password
        self.session = requests.Session()

    def healthy(self) -> bool:
        health = self.session.get(f"{self.base_url}/api/v2/monitor/health", timeout=10).json()
        parts = ("metadatabase", "scheduler", "dag_processor", "triggerer")
        return all((health.get(part) or {}).get("status") == "healthy" for part in parts)

    def log_in(self) -> None:
        response = self.session.post(
            f"{self.base_url}/auth/token", json={"username": USER, "password": self.password}, timeout=10
        )
        response.raise_for_status()
        self.session.headers["Authorization"] = f"Bearer {response.json()['access_token']}"

    def dags(self) -> list[dict]:
        return self._get("/api/v2/dags", limit=1000)["dags"]

    def import_errors(self) -> list[dict]:
        return self._get("/api/v2/importErrors", limit=1000)["import_errors"]

    def unpause(self, dag_id: str) -> None:
        response = self.session.patch(f"{self.base_url}/api/v2/dags/{dag_id}", json={"is_paused": False}, timeout=10)
        response.raise_for_status()

    def _get(self, path: str, **params) -> dict:
        response = self.session.get(f"{self.base_url}{path}", params=params, timeout=30)
        response.raise_for_status()
        return response.json()


def unparsed_files(api: Api, dags_folder: Path) -> set[str]:
    """DAG files that have become neither a DAG nor an import error yet."""
    seen = {Path(d["relative_fileloc"] or d["fileloc"]).name for d in api.dags()}
    seen |= {Path(e["filename"]).name for e in api.import_errors()}
    return {p.name for p in dags_folder.glob("*.py")} - seen


def unpause_manual_dags(api: Api) -> list[str]:
    """Unpause the DAGs without a schedule, so a manual trigger runs; scheduled ones stay paused."""
    manual = [d["dag_id"] for d in api.dags() if d["timetable_summary"] is None]
    for dag_id in manual:
        api.unpause(dag_id)
    for error in api.import_errors():
        say(f"import error in {error['filename']}:\n{error['stack_trace']}")
    return manual


# --- putting it together ----------------------------------------------------------------


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        # As the api-server does, so connections lingering in TIME_WAIT do not count.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demo.up", description=__doc__)
    parser.add_argument("--port", type=int, default=8080, help="the Airflow UI's port on 127.0.0.1")
    parser.add_argument("--customers", type=int, default=50, help="customers in the NetSuite sandbox")
    parser.add_argument("--invoices", type=int, default=500, help="invoices in the NetSuite sandbox")
    parser.add_argument("--fresh", action="store_true", help="start from an empty (SQLite) warehouse")
    parser.add_argument("--startup-timeout", type=float, default=600.0, help="seconds to wait for Airflow")
    parser.add_argument(
        "--executor",
        choices=("local", "celery"),
        default="local",
        help="celery: docker-compose.yaml's shape without Docker (two Celery workers, Redis broker, PostgreSQL)",
    )
    parser.add_argument("--redis-db", type=int, default=None, help="Redis database number of the Celery deployment")
    return parser.parse_args(argv)


def celery_deployment(args: argparse.Namespace) -> dict[str, tuple[list[str], dict]]:
    """Point this process and Airflow's at PostgreSQL and Redis; return the Celery workers to start."""
    from demo import celery_up

    metadata_db, warehouse_db = celery_up.database_names()
    if args.fresh:
        celery_up.drop_databases(metadata_db, warehouse_db)
        args.fresh = False  # done: prepare_warehouse only resets SQLite
    celery_up.ensure_databases(metadata_db, warehouse_db)
    redis_db = celery_up.DEFAULT_REDIS_DB if args.redis_db is None else args.redis_db
    os.environ.update(celery_up.celery_env(metadata_db, warehouse_db, redis_db))
    say(
        f"CeleryExecutor: broker redis {celery_up.REDIS_HOST}:{celery_up.REDIS_PORT}/{redis_db} (also the shared AP "
        f"rate limit), metadata and warehouse in PostgreSQL databases {metadata_db} and {warehouse_db}"
    )
    return celery_up.worker_commands()


def run(args: argparse.Namespace) -> None:
    from demo import sandboxes

    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    if not port_is_free(args.port):
        raise SystemExit(f"port {args.port} on 127.0.0.1 is in use; pick another with --port")
    workers = celery_deployment(args) if args.executor == "celery" else {}
    home = Path(os.environ["AIRFLOW_HOME"])
    base_url = f"http://127.0.0.1:{args.port}"
    say(f"starting the sandboxes: NetSuite with {args.customers} customers and {args.invoices} invoices, AP empty")
    boxes = sandboxes.start(args.customers, args.invoices, 3.0)
    airflow = None
    try:
        say(f"NetSuite sandbox on {boxes.netsuite_server.base_url}, AP sandbox on {boxes.ap_server.base_url}")
        say(
            f"AP documents {sandboxes.DOCUMENTED_AP_RATE:.0f} requests/second; the AP sandbox and the ap_demo "
            f"connection are raised to {sandboxes.DEMO_AP_RATE:.0f}/s so an initial sync takes minutes"
        )
        prepare_warehouse(args.fresh)
        password = write_password(home / "up-passwords.json")
        env = airflow_env(args.port, home / "up-passwords.json")
        connections = {NETSUITE_CONN: boxes.netsuite_connection(), AP_CONN: boxes.ap_connection()}
        airflow = Airflow(env, home / "logs" / "up", connections, workers)
        airflow.start()
        api = Api(base_url, password)
        if not airflow.wait_for(api.healthy, args.startup_timeout):
            raise RuntimeError(f"Airflow was not healthy within {args.startup_timeout:.0f}s; see {airflow.log_dir}")
        api.log_in()
        dags_folder = Path(os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
        if not airflow.wait_for(lambda: not unparsed_files(api, dags_folder), PARSE_TIMEOUT):
            left = ", ".join(sorted(unparsed_files(api, dags_folder)))
            say(f"still not parsed after {PARSE_TIMEOUT:.0f}s: {left}; unpause their DAGs in the UI if they appear")
        say(f"unpaused the manual DAGs: {', '.join(unpause_manual_dags(api))}; scheduled ones stay paused")
        print_ready(base_url, password)
        while True:
            airflow.check_running()
            time.sleep(2)
    finally:
        # A second Ctrl-C must not cut the clean-up short and leave processes behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if airflow and airflow.processes:
            airflow.stop()
        boxes.stop()
        say("sandboxes stopped")


def print_ready(base_url: str, password: str) -> None:
    print(
        f"\nAirflow UI: {base_url}\nlogin: {USER} / {password}\n"
        f"Partner {PARTNER!r} is registered: open netsuite_initial_sync, Trigger, partner = {PARTNER}.\n"
        "Ctrl-C stops everything.\n",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def stop(_signum, _frame):
        raise Stopped

    # SIGINT too: a shell that starts this in the background has it ignored.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        run(args)
    except Stopped:
        say("stopped")
        return 0
    except RuntimeError as error:
        say(f"failed: {error}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
