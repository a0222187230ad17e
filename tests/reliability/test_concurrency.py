"""Two runs of one partner at once, and the warehouse going away mid-run.

Two payments cycles overlapping in separate task processes cannot post a
payment or a payout twice (ledger keys, PUT by external id). PostgreSQL
restarted while a step runs fails that step; the retry finishes the work with
nothing lost and nothing doubled.
"""

from __future__ import annotations

import gc
import random
import subprocess
import threading
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from chaos.runs import warm_up
from chaos.tasks import TaskRunner
from netsuite_ap_sync.orchestration.registry import PAYMENTS
from netsuite_ap_sync.orchestration.run_steps import in_order
from netsuite_ap_sync.warehouse import partners
from tests.reliability.worlds import ap_invoices, money, synced_world

POSTGRES_ETC = Path("/etc/postgresql")


def by_external_id(world, kind: str) -> Counter:
    return Counter(r["externalid"] for r in world.ns_controls.records({kind})[kind] if r.get("externalid"))


def ledger_rows(world) -> list[dict]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT idempotency_key, object_type, status, attempts FROM ledger WHERE partner_id = :p"),
            {"p": world.partner_id},
        )
        return [dict(r) for r in rows.mappings()]


def overlapping_cycles(world, label: str) -> list[list]:
    """Two payments cycles of the partner at once, step by step, each step in its own task process."""
    start = threading.Barrier(2)
    results: list[list] = [[], []]
    errors: list[BaseException] = []

    def cycle(n: int) -> None:
        runner = TaskRunner(world.partner_id, world.work_dir / f"logs-{label}-{n}", random.Random(n))
        try:
            for step in (planned.step for planned in in_order(PAYMENTS)):
                start.wait(120)  # both runs start each step together
                results[n].append(runner.run("netsuite_payments_sync", f"{label}-run-{n}", step))
        except BaseException as exc:
            start.abort()
            errors.append(exc)

    threads = [threading.Thread(target=cycle, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert errors == []
    return results


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def dialect(request) -> str:
    return request.param


def test_I1_I2_two_overlapping_payments_cycles_post_each_payment_and_payout_once(tmp_path, dialect):
    warm_up()
    with synced_world(tmp_path, invoices=4, partner_id="overlap", warehouse=dialect) as (world, _, ids):
        # Room for both runs to post at the same moment: ten NetSuite slots, each run may take five.
        # Each request takes a second, so a run still posting when the other claims is certain even
        # when a loaded machine starts the two task processes a moment apart.
        world.netsuite.update_settings(concurrency_limit=10, latency_seconds=1.0)
        registered = partners.get(world.engine, world.partner_id)
        partners.register(
            world.engine, world.partner_id, registered.name, registered.netsuite_conn_id, registered.ap_conn_id, 10
        )
        ap = world.ap_controls
        invoices = ap_invoices(world)
        paid = [ap.pay_invoice(invoices[str(i)]["id"])["id"] for i in ids]

        overlapping_cycles(world, "payments")
        payout = ap.create_payout(fee_percent=Decimal("1.0"))
        overlapping_cycles(world, "payouts")

        payments = by_external_id(world, "payments")
        assert {f"apay-{pid}": 1 for pid in paid} == {k: v for k, v in payments.items() if k.startswith("apay-")}
        assert by_external_id(world, "deposits")[f"apo-{payout['id']}"] == 1
        for invoice_id in ids:
            assert money(world.ns_controls.record("invoice", invoice_id)["foreignamountunpaid"]) == 0, "applied once"
        rows = ledger_rows(world)
        assert len(rows) == len({r["idempotency_key"] for r in rows})
        posted = Counter(r["object_type"] for r in rows if r["status"] == "posted")
        assert (posted["payment"], posted["payout"]) == (len(paid), 1)
        claims = [r["attempts"] for r in rows if r["object_type"] == "payment"]
        assert max(claims) == 2, "both runs claimed the same payments at the same moment"
        assert world.audit()["violations"] == []


# --- PostgreSQL restarted in the middle of a step -----------------------------------------------------


def _cluster() -> tuple[str, str]:
    versions = sorted(p.name for p in POSTGRES_ETC.iterdir()) if POSTGRES_ETC.is_dir() else []
    if not versions:
        pytest.skip("no PostgreSQL cluster configured in /etc/postgresql on this machine")
    return versions[-1], "main"


def _pg_ctl(action: str) -> None:
    version, name = _cluster()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action], check=True, capture_output=True
    )


def _pg_ready(timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False).returncode == 0:
            return True
        time.sleep(0.5)
    return False


def _forget_dead_connections() -> None:
    """After the outage every pooled connection of this process is dead; engines made without
    pre-ping (the test session's own admin engine) would hand one out. Empty their pools, as an
    application's failover handling would."""
    for engine in [obj for obj in gc.get_objects() if isinstance(obj, Engine)]:
        if engine.dialect.name == "postgresql":
            engine.dispose()


@pytest.fixture
def postgres_restarts():
    """Restarts the server on demand; whatever happens, it is up again at teardown."""
    _cluster()
    yield lambda: _pg_ctl("restart")
    if not _pg_ready(5):
        _pg_ctl("start")
    assert _pg_ready(), "PostgreSQL did not come back"
    _forget_dead_connections()


class RestartAfterUpsert:
    """NetSuite takes the first customer payment; before it answers, PostgreSQL restarts."""

    def __init__(self, service, restart) -> None:
        self.original = service.upsert
        self.restart = restart
        self.done = False

    def __call__(self, record_type: str, key: str, body, strict: bool):
        answer = self.original(record_type, key, body, strict)
        if record_type == "customerpayment" and not self.done:
            self.done = True
            self.restart()
        return answer


@pytest.mark.postgres
@pytest.mark.slow
def test_I1_postgres_restarted_mid_step_fails_the_step_and_the_retry_loses_nothing(
    tmp_path, monkeypatch, postgres_restarts
):
    with synced_world(tmp_path, invoices=4, partner_id="pgrestart", warehouse="postgres") as (world, _, ids):
        ap = world.ap_controls
        invoices = ap_invoices(world)
        paid = [ap.pay_invoice(invoices[str(i)]["id"])["id"] for i in ids]
        restart = RestartAfterUpsert(world.netsuite.records_service, postgres_restarts)
        monkeypatch.setattr(world.netsuite.records_service, "upsert", restart)

        with pytest.raises(DBAPIError) as failed:
            world.payments()
        assert restart.done
        assert "terminat" in str(failed.value) or "closed" in str(failed.value)
        assert _pg_ready()

        world.payments()  # the retry
        payments = by_external_id(world, "payments")
        assert {f"apay-{pid}": 1 for pid in paid} == {k: v for k, v in payments.items() if k.startswith("apay-")}
        statuses = Counter(r["status"] for r in ledger_rows(world) if r["object_type"] == "payment")
        assert statuses == {"posted": len(paid)}
        assert world.audit()["violations"] == []
