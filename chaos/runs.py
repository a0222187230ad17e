"""Chaos runs: the demo scenario under injected faults and killed task processes,
each run in a fresh world, checked afterwards (I1-I5, duplicates, missing)."""

from __future__ import annotations

import logging
import random
import shutil
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import MetaData, Table, select

from chaos import faults
from chaos.checks import check_world
from chaos.faults import FaultRates
from chaos.kill_points import KillPolicy
from chaos.report import ChaosReport, RunReport
from chaos.scenario import Scenario
from chaos.tasks import StepFailed, TaskRunner
from chaos.world import WorldSpec, world


@dataclass
class ChaosConfig:
    runs: int = 25
    seed: int = 1
    customers: int = 12
    invoices: int = 60
    years: float = 0.5
    warehouse: str = "sqlite"
    kills: KillPolicy = field(default_factory=KillPolicy)
    rates: FaultRates = field(default_factory=FaultRates)
    # Waits between the hooks' retries, scaled (1.0: as in production); the retries themselves are unchanged.
    backoff_scale: float = 1.0
    work_dir: Path | None = None


def release_dead_slots(engine, partner_id: str) -> None:
    """A killed task's NetSuite slots: let their lease run out now instead of in a minute.

    Only called between attempts, when no task of the partner is alive.
    """
    from netsuite_ap_sync.warehouse import slots

    table = Table("partner_slot", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        holders = {row[0] for row in conn.execute(select(table.c.holder).where(table.c.partner_id == partner_id))}
    for holder in holders:
        slots.release(engine, holder)


def warm_up() -> None:
    """Import every step and load Great Expectations once in the parent, so forked task processes start warm."""
    import pandas as pd

    from alternative_payments_hook.hook import AlternativePaymentsHook
    from netsuite_ap_sync.engine.validation import validate
    from netsuite_ap_sync.orchestration.registry import STEPS, resolve
    from netsuite_hook.hook import NetSuiteHook

    for step in STEPS:
        resolve(step)
    del AlternativePaymentsHook, NetSuiteHook

    frame = pd.DataFrame([{"id": 1, "source_id": "p1", "total": "1.00", "status": "succeeded", "sub_total": "1.00"}])
    validate("ap_payment", frame)


def run_one(config: ChaosConfig, number: int, seed: int, work_dir: Path) -> RunReport:
    rng = random.Random(seed)
    spec = WorldSpec(
        customers=config.customers,
        invoices=config.invoices,
        years=config.years,
        seed=seed % 1000,
        warehouse=config.warehouse,
        partner_id=f"chaos{number}",
    )
    started = time.monotonic()
    with world(spec, work_dir / f"run-{number}") as w:
        spikes = faults.ApSpikes(w, config.rates, rng)
        runner = TaskRunner(
            w.partner_id,
            w.work_dir / "logs",
            rng,
            config.kills,
            after_kill=lambda: release_dead_slots(w.engine, w.partner_id),
            before_attempt=spikes.maybe,
        )
        scenario = Scenario(w, runner, f"run{number}")
        faults.arm(w, config.rates, seed)
        error = None
        try:
            scenario.play()
        except StepFailed as exc:
            error = str(exc)
        except Exception as exc:  # the scenario's own set-up failed: report it, go on with the next run
            error = "".join(traceback.format_exception_only(exc)).strip()
        finally:
            spikes.stop()
            faults.disarm(w)
        try:
            check = check_world(w)
        except Exception as exc:  # the audit itself failed: the run cannot count as checked
            check, error = None, f"{error + '; ' if error else ''}checks failed: {type(exc).__name__}: {exc}"
        stats = runner.stats
        return RunReport(
            number=number,
            seed=seed,
            check=check,
            faults=faults.injected(w) + Counter({"ap:latency_spike": spikes.count}),
            kills=stats.kills,
            kills_by_point=stats.kills_by_point(),
            attempts=len(stats.attempts),
            failed_attempts=stats.failures,
            seconds=time.monotonic() - started,
            error=error,
            step_results=scenario.results,
            attempt_errors=stats.errors(),
        )


@contextmanager
def scaled_backoff(scale: float) -> Iterator[None]:
    """Both hooks' retry waits times ``scale``, in this process and the task processes it forks."""
    from alternative_payments_hook.retry import RetryPolicy as ApRetryPolicy
    from netsuite_hook.transport import RetryPolicy as NsRetryPolicy

    originals = (NsRetryPolicy.backoff, ApRetryPolicy.delay)
    if scale != 1.0:
        NsRetryPolicy.backoff = lambda self, attempt: originals[0](self, attempt) * scale
        ApRetryPolicy.delay = lambda self, attempt, retry_after=None: originals[1](self, attempt, retry_after) * scale
    try:
        yield
    finally:
        NsRetryPolicy.backoff, ApRetryPolicy.delay = originals


@contextmanager
def sandbox_logs(path: Path) -> Iterator[None]:
    """The sandboxes' own logs (a killed client's half-sent request, ...) go to a file, not the console."""
    handler = logging.FileHandler(path)
    loggers = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.error", "sandbox")]
    saved = [(lg, lg.handlers[:], lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.handlers = [handler]
        lg.propagate = False
    try:
        yield
    finally:
        for lg, handlers, propagate in saved:
            lg.handlers = handlers
            lg.propagate = propagate
        handler.close()


def run_chaos(config: ChaosConfig, echo=print) -> ChaosReport:
    """``config.runs`` runs, seeds ``seed``, ``seed + 1``, ...; each run's line goes to ``echo``.

    Without ``work_dir`` the worlds live in a temporary directory, removed afterwards
    unless a run failed (its task logs are kept for a look).
    """
    work_dir = config.work_dir or Path(tempfile.mkdtemp(prefix="chaos-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    warm_up()
    reports: list[RunReport] = []
    with sandbox_logs(work_dir / "sandboxes.log"), scaled_backoff(config.backoff_scale):
        for number in range(1, config.runs + 1):
            report = run_one(config, number, config.seed + number - 1, work_dir)
            reports.append(report)
            echo(report.line(config.runs))
    chaos = ChaosReport(reports)
    if config.work_dir is None and chaos.ok:
        shutil.rmtree(work_dir, ignore_errors=True)
    elif not chaos.ok:
        echo(f"worlds and task logs kept in {work_dir}")
    return chaos
