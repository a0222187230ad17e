"""Run pipeline steps the way Airflow's task processes do, and kill them.

Each attempt of a step runs in a forked child (Airflow's task runner forks
too): it builds its own run context from the ``AIRFLOW_CONN_*`` variables,
runs the named step from ``netsuite_ap_sync.orchestration.registry`` and sends the step's
return value back (what would be its XCom). The parent may arm a kill plan for
the attempt; a killed or failed attempt is retried with the same run id, as an
Airflow retry would be, until it succeeds or the attempts run out.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import random
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chaos import kill_points
from chaos.kill_points import KillPlan, KillPolicy

FORK = multiprocessing.get_context("fork")


class StepFailed(RuntimeError):
    """A step that failed on every attempt."""


class StepSkipped(Exception):
    """The step raised AirflowSkipException (the partner gate)."""


@dataclass
class Attempt:
    dag_id: str
    run_id: str
    step: str
    number: int
    outcome: str  # "success", "killed", "failed", "skipped", "hung"
    seconds: float
    kill: KillPlan | None = None
    error: str | None = None
    result: Any = None


@dataclass
class TaskStats:
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def kills(self) -> int:
        return sum(a.outcome == "killed" for a in self.attempts)

    @property
    def failures(self) -> int:
        """Attempts that raised, or never answered (and were killed by the runner)."""
        return sum(a.outcome in ("failed", "hung") for a in self.attempts)

    def kills_by_point(self) -> dict[str, int]:
        return dict(Counter(a.kill.point for a in self.attempts if a.outcome == "killed" and a.kill))

    def errors(self) -> list[str]:
        return [a.error for a in self.attempts if a.error]

    def results(self) -> list[Any]:
        return [a.result for a in self.attempts if a.outcome == "success"]


def _child(conn, partner_id: str, dag_id: str, run_id: str, step: str, arguments: dict, plan, log_path: str) -> None:
    """The task process: log to its own file, arm the kill plan, run the step, send back the outcome."""
    _log_to(log_path)
    log = logging.getLogger("chaos.task")
    log.info("task %s %s %s attempt, kill plan %s", dag_id, run_id, step, plan.describe() if plan else "none")
    kill_points.install(plan, lambda where: log.warning("killing the task process at %s", where))
    try:
        from airflow.sdk.exceptions import AirflowSkipException

        from netsuite_ap_sync.engine.context import context_for
        from netsuite_ap_sync.orchestration.registry import resolve
        from netsuite_ap_sync.partners.status import partner_guard

        ctx = context_for(partner_id, run_id, dag_id)
        try:
            with partner_guard(ctx):
                result = resolve(step)(ctx, **arguments)
        except AirflowSkipException as exc:
            conn.send(("skipped", str(exc), None))
            return
        conn.send(("success", None, result))
    except BaseException as exc:
        log.error("task failed: %s", "".join(traceback.format_exception(exc)))
        conn.send(("failed", f"{type(exc).__name__}: {exc}", None))
    finally:
        conn.close()
        logging.shutdown()


def _log_to(path: str) -> None:
    """Everything the task says (logging, stdout, stderr) goes to its own log file, as in Airflow."""
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.disable(logging.NOTSET)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


class TaskRunner:
    """Runs steps for one partner in task processes, with kills and Airflow-style retries."""

    def __init__(
        self,
        partner_id: str,
        log_dir: Path,
        rng: random.Random,
        kills: KillPolicy | None = None,
        max_attempts: int = 8,
        timeout_seconds: float = 600.0,
        after_kill: Callable[[], None] | None = None,
        before_attempt: Callable[[str], None] | None = None,
    ) -> None:
        self.partner_id = partner_id
        self.log_dir = log_dir
        self.rng = rng
        self.kills = kills or KillPolicy(rate=0.0)
        self.max_attempts = max_attempts
        self.timeout_seconds = timeout_seconds
        self.after_kill = after_kill
        self.before_attempt = before_attempt
        self.stats = TaskStats()
        self._durations: dict[str, float] = {}
        self._sequence = 0
        log_dir.mkdir(parents=True, exist_ok=True)

    def run(self, dag_id: str, run_id: str, step: str, **arguments: Any) -> Any:
        """Run ``step`` until an attempt succeeds; return its result (None when skipped)."""
        killed = 0
        last_error = None
        for number in range(1, self.max_attempts + 1):
            plan = self.kills.plan(self.rng, step, killed, self._durations.get(step, 1.0))
            if self.before_attempt:
                self.before_attempt(step)
            attempt = self._attempt(dag_id, run_id, step, arguments, number, plan)
            self.stats.attempts.append(attempt)
            if attempt.outcome == "success":
                self._durations[step] = attempt.seconds
                return attempt.result
            if attempt.outcome == "skipped":
                raise StepSkipped(attempt.error)
            if attempt.outcome == "killed":
                killed += 1
                if self.after_kill:
                    self.after_kill()
            last_error = attempt.error
        raise StepFailed(f"{dag_id} {step}: no attempt of {self.max_attempts} succeeded; last error: {last_error}")

    def _attempt(
        self, dag_id: str, run_id: str, step: str, arguments: dict, number: int, plan: KillPlan | None
    ) -> Attempt:
        self._sequence += 1
        log_path = self.log_dir / f"{self._sequence:04d}.{run_id}.{step}.{number}.log"
        receiver, sender = FORK.Pipe(duplex=False)
        process = FORK.Process(
            target=_child,
            args=(sender, self.partner_id, dag_id, run_id, step, arguments, plan, str(log_path)),
            daemon=True,
        )
        started = time.monotonic()
        process.start()
        sender.close()
        message = None
        try:
            if receiver.poll(self.timeout_seconds):
                message = receiver.recv()
        except EOFError:
            message = None  # the child died before answering
        finally:
            receiver.close()
        process.join(5 if message else self.timeout_seconds)
        if process.is_alive():
            process.kill()
            process.join()
            return Attempt(dag_id, run_id, step, number, "hung", time.monotonic() - started, plan, "no answer in time")
        seconds = time.monotonic() - started
        if message is None:
            outcome = "killed" if process.exitcode == -9 else "failed"
            error = None if outcome == "killed" else f"task process exited with code {process.exitcode}"
            return Attempt(dag_id, run_id, step, number, outcome, seconds, plan, error)
        status, error, result = message
        if process.exitcode == -9:
            # Killed after the step returned but before the task process ended: Airflow retries it.
            return Attempt(dag_id, run_id, step, number, "killed", seconds, plan)
        return Attempt(dag_id, run_id, step, number, status, seconds, plan, error, result)
