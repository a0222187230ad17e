"""latency: from a payment succeeding in AP to its customer payment in NetSuite, through a real
Airflow deployment (api-server with the webhook receiver, scheduler, dag-processor, triggerer with
``WebhookEventTrigger``, LocalExecutor).

P partners (NetSuite accounts and AP API keys served by ``bench.many_sandboxes``, a PostgreSQL
warehouse), each seeded by a real initial sync. Then N payments of 1.00 succeed in AP at seeded
random moments over a window, in three modes, one after the other in the same deployment:

- ``webhooks``: each partner's AP account subscribed to ``/webhooks/ap/<partner>`` on the
  api-server; ``netsuite_payments_on_event`` on, the poll DAG off.
- ``dropped``: the same with 20% of AP's deliveries dropped (the sandbox's seeded control), and
  ``netsuite_payments_sync`` on its real ``*/5`` schedule: the replay and the poll must bring every
  payment (``missing`` must be 0).
- ``poll``: subscriptions removed and the event DAG paused: the ``*/5`` poll alone, the payments
  spread over one cadence (300 s) whatever ``--latency-window`` says.

The triggerer's timed replay (``SYNC_WEBHOOK_REPLAY_MINUTES``) keeps its default of 10 minutes, so
in ``dropped`` a payment whose webhook was lost comes either with the partner's next delivered
webhook (its run replays the log) or with the next poll.

A payment's start is the moment AP answered the request that made it succeed; its end is the ledger
``posted_at`` of its ``create_customer_payment`` (written when NetSuite answered the create), and
the NetSuite record is then read back from the sandbox to prove it exists.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import text

from bench.airflow_deployment import Deployment
from bench.latency import Summary, schedule, summarize
from bench.results import Figure
from bench.sizes import Sizes

EVENT_DAG, POLL_DAG = "netsuite_payments_on_event", "netsuite_payments_sync"
CADENCE = 300.0
TARGET_P95 = 60.0
DROP_RATE = 0.2
SEED = 20261207
# After its window, how long a mode may take to post what is left: the event path a few runs,
# the modes with the poll one more cadence.
DRAIN = {"webhooks": 180.0, "dropped": CADENCE + 120.0, "poll": CADENCE + 120.0}
MODES = ("webhooks", "dropped", "poll")


def run(sizes: Sizes, workdir: Path) -> list[Figure]:
    from bench.scenarios import partners as many

    started = time.monotonic()
    load_start = os.getloadavg()
    count = sizes.latency_partners
    ns_state, ap_state = workdir / "netsuite.json", workdir / "ap.json"
    sandboxes = [
        many._start(
            ["--kind=netsuite", f"--customers={sizes.latency_customers}", f"--invoices={sizes.latency_invoices}"],
            count,
            ns_state,
            workdir,
        ),
        many._start(["--kind=ap"], count, ap_state, workdir),
    ]
    warehouse = None
    summaries: dict[str, Summary] = {}
    notes: list[str] = []
    try:
        ns, ap = many._wait_state(ns_state, sandboxes[0]), many._wait_state(ap_state, sandboxes[1])
        warehouse = _warehouse(workdir).migrate()
        connections = many._wire(warehouse, count, ns, ap)
        seeded = time.monotonic()
        many._seed(list(range(count)), range(count), sizes.parallel_seeds)
        notes.append(f"seeding {count} partners by initial sync: {time.monotonic() - seeded:.0f} s")
        engine = many._engine(workdir)
        payer = Payer(ap, count)
        # The schedule must create the asset-triggered runs (and, in two modes, the */5 poll).
        env = {"AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "True"}
        deployment = Deployment(workdir, connections, sizes.parallelism, extra_env=env)
        # Subscriptions are managed (the triggerer's timed replays need to know), at the api-server's receiver.
        os.environ["SYNC_WEBHOOK_BASE_URL"] = deployment.env["SYNC_WEBHOOK_BASE_URL"] = deployment.base_url
        with deployment as airflow:
            _subscribe(count, connections)
            airflow.unpause(EVENT_DAG)
            notes.append(_warm_up(payer, engine))
            for mode in [m for m in MODES if m in sizes.latency_modes]:
                _prepare(mode, airflow, ap, count)
                window = CADENCE if mode == "poll" else sizes.latency_window
                succeeded = payer.pay_over(window, sizes.latency_payments, seed=SEED + MODES.index(mode))
                posted = _wait_posted(engine, succeeded, DRAIN[mode])
                summaries[mode] = summarize(mode, succeeded, posted)
                absent = _absent_in_netsuite(engine, ns, posted)
                notes.append(f"{summaries[mode].line()}; window {window:.0f} s; not found in NetSuite: {absent}")
                print(f"bench: latency: {notes[-1]}", flush=True)
            runs = {dag_id: _run_states(airflow, dag_id) for dag_id in (EVENT_DAG, POLL_DAG)}
            notes.append(f"run states: {runs}")
    finally:
        os.environ.pop("SYNC_WEBHOOK_BASE_URL", None)
        for process in sandboxes:
            process.terminate()
            process.wait(30)
        if warehouse:
            many._drop_warehouse(warehouse)
    detail = {
        "command": 'make bench BENCH_ARGS="--only latency ' + " ".join(_knobs(sizes)) + '"',
        "load_average_start": [round(v, 2) for v in load_start],
        "load_average_end": [round(v, 2) for v in os.getloadavg()],
        "measured": "seconds from the AP request that made a payment succeed to the ledger posted_at of its "
        "NetSuite customer payment (the record then read back from the NetSuite sandbox)",
        "deployment": "real Airflow: api-server (webhook receiver), scheduler, dag-processor, triggerer, "
        f"LocalExecutor parallelism {sizes.parallelism}; PostgreSQL warehouse",
        "partners": count,
        "scenario_seconds": round(time.monotonic() - started),
        "modes": {mode: s.as_dict() for mode, s in summaries.items()},
    }
    return figures(summaries, notes, detail)


def _knobs(sizes: Sizes) -> list[str]:
    return [
        f"--latency-payments {sizes.latency_payments}",
        f"--latency-partners {sizes.latency_partners}",
        f"--latency-window {sizes.latency_window:g}",
    ]


def _warehouse(workdir: Path):
    from harness.warehouses import postgres_warehouse, sqlite_warehouse

    if os.environ.get("BENCH_WAREHOUSE") == "sqlite":
        return sqlite_warehouse(workdir / "warehouse.db")
    return postgres_warehouse(f"bench_latency_{uuid.uuid4().hex[:10]}", create=True)


# --- Modes ------------------------------------------------------------------------------------


def _subscribe(count: int, connections: dict[str, dict]) -> None:
    from bench.scenarios.partners import partner_id
    from netsuite_ap_sync.webhooks.subscriptions import subscribe_partner

    for n in range(count):
        outcome = subscribe_partner(partner_id(n), f"ap_{partner_id(n)}")
        if outcome.get("error") or not outcome.get("managed"):
            raise RuntimeError(f"could not subscribe {partner_id(n)}: {outcome}")


def _unsubscribe(count: int) -> None:
    from bench.scenarios.partners import partner_id
    from netsuite_ap_sync.webhooks.subscriptions import unsubscribe_partner

    for n in range(count):
        unsubscribe_partner(partner_id(n), f"ap_{partner_id(n)}")


def _prepare(mode: str, airflow: Deployment, ap: dict, count: int) -> None:
    from bench.scenarios.partners import _ap

    if mode == "dropped":
        for n in range(count):
            _ap(ap, n).webhook_controls(drop_rate=DROP_RATE, seed=SEED + n)
        airflow.unpause(POLL_DAG)
    elif mode == "poll":
        _unsubscribe(count)
        _pause(airflow, EVENT_DAG)
        airflow.unpause(POLL_DAG)


def _pause(airflow: Deployment, dag_id: str) -> None:
    response = airflow.api.session.patch(
        f"{airflow.base_url}/api/v2/dags/{dag_id}", json={"is_paused": True}, timeout=10
    )
    response.raise_for_status()


def _warm_up(payer: Payer, engine) -> str:
    """One payment through the event path before measuring: the watcher registered, the task code warm."""
    succeeded = payer.pay_over(0, 1, seed=SEED - 1)
    posted = _wait_posted(engine, succeeded, 600)
    summary = summarize("warm-up payment (not counted)", succeeded, posted)
    return summary.line()


class Payer:
    """The partners' customers paying 1.00 at a time on their open AP invoices."""

    def __init__(self, ap: dict, count: int):
        from bench.scenarios.partners import _ap, _open_invoices, partner_id

        self.controls = {n: _ap(ap, n) for n in range(count)}
        self.ids = {n: partner_id(n) for n in range(count)}
        self.room = {n: self._room(_open_invoices(ap, n)) for n in range(count)}
        self.partners = count

    @staticmethod
    def _room(invoices: list[dict]) -> dict[str, int]:
        return {i["id"]: int(Decimal(str(i["amount_due"]))) - 1 for i in invoices}

    def pay(self, n: int) -> tuple[tuple[str, str], datetime]:
        invoice = max(self.room[n], key=self.room[n].get, default=None)
        if invoice is None or self.room[n][invoice] <= 0:
            raise RuntimeError(f"partner {self.ids[n]} has no open invoice left to pay 1.00 on")
        self.room[n][invoice] -= 1
        payment = self.controls[n].pay_invoice(invoice, amount=Decimal("1.00"))
        return (self.ids[n], payment["id"]), datetime.now(UTC)

    def pay_over(self, window: float, payments: int, seed: int) -> dict[tuple[str, str], datetime]:
        """``payments`` payments at the seeded moments of ``window``; (partner, payment id) -> success time."""
        start = time.monotonic()
        succeeded = {}
        for moment, n in schedule(payments, self.partners, window, seed):
            time.sleep(max(0.0, start + moment - time.monotonic()))
            key, at = self.pay(n)
            succeeded[key] = at
        return succeeded


# --- Reading what arrived -----------------------------------------------------------------------


def _posted(engine) -> dict[tuple[str, str], tuple[datetime, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT partner_id, source_id, posted_at, remote_id FROM ledger WHERE object_type = 'payment' "
                "AND status = 'posted' AND action = 'create_customer_payment'"
            )
        ).all()
    return {(r.partner_id, r.source_id): (_aware(r.posted_at), r.remote_id) for r in rows if r.posted_at}


def _wait_posted(engine, succeeded: dict, drain: float) -> dict[tuple[str, str], datetime]:
    deadline = time.monotonic() + drain
    while True:
        posted = {k: v[0] for k, v in _posted(engine).items() if k in succeeded}
        if len(posted) == len(succeeded) or time.monotonic() > deadline:
            return posted
        time.sleep(2)


def _absent_in_netsuite(engine, ns: dict, posted: dict) -> int:
    """How many posted payments the NetSuite sandbox does not hold as a customer payment."""
    from bench.scenarios.partners import partner_id

    index = {partner_id(n): n for n in ns}
    remote = _posted(engine)
    absent = 0
    for key in posted:
        record = requests.get(
            f"{ns[index[key[0]]]['base_url']}/_sandbox/records/customerpayment/{remote[key][1]}", timeout=30
        )
        absent += record.status_code != 200
    return absent


def _run_states(airflow: Deployment, dag_id: str) -> dict[str, Any]:
    runs = airflow.api._get(f"/api/v2/dags/{dag_id}/dagRuns", limit=1000)["dag_runs"]
    states = [r["state"] for r in runs]
    return {s: states.count(s) for s in sorted(set(states))}


def _aware(value) -> datetime:
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


# --- Figures --------------------------------------------------------------------------------------


def figures(summaries: dict[str, Summary], notes: list[str], detail: dict[str, Any]) -> list[Figure]:
    """p95 with webhooks against 60 s, p95 by poll alone against the cadence plus a minute, and the
    payments missing with 20% of the webhooks dropped (must be none)."""
    out = []
    hooks, dropped, poll = (summaries.get(m) for m in MODES)
    if hooks:
        out.append(_p95("latency_webhook_p95", hooks, TARGET_P95))
    if poll:
        out.append(_p95("latency_poll_p95", poll, CADENCE + 60))
    if dropped:
        out.append(
            Figure("latency_dropped_missing", dropped.missing, "payments", 0, dropped.missing, "<= 0", dropped.made > 0)
        )
    if out:
        out[0].notes.extend(notes)
        out[0].detail = detail
    return out


def _p95(name: str, summary: Summary, bound: float) -> Figure:
    p95 = summary.p95 if summary.p95 is not None else float("inf")
    return Figure(name, p95, "s", bound, p95 / bound, "<= 1", extra_ok=summary.missing == 0)
