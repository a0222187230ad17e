"""The ledger protocol: a crash between the call and the ledger write neither
loses nor doubles a mutation (I1, I2)."""

from __future__ import annotations

import pytest

from netsuite_ap_sync.engine.apply import post_mutation
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.rules.decisions import Mutation
from netsuite_ap_sync.warehouse import ledger, partners


class Crash(BaseException):
    """Stands for the task process dying (SIGKILL): nothing after it runs."""


class FakeRemote:
    """A target that upserts by external id, like NetSuite's PUT eid:."""

    target = "netsuite"

    def __init__(self, crash_after_post: bool = False):
        self.records: dict[str, str] = {}
        self.calls = 0
        self.crash_after_post = crash_after_post

    def find_existing(self, ctx, m):
        return self.records.get(m.payload["externalId"])

    def post(self, ctx, m):
        self.calls += 1
        remote = self.records.setdefault(m.payload["externalId"], str(9000 + len(self.records)))
        if self.crash_after_post:
            self.crash_after_post = False
            raise Crash()
        return remote

    def after_posted(self, ctx, m, remote_id):
        pass


@pytest.fixture
def ctx(warehouse):
    partner = partners.register(warehouse.engine, "acme", "Acme", "ns", "ap")
    return RunContext(partner, warehouse.engine, "run-1", "netsuite_payments_sync")


def _payment(pid: str = "pay_1") -> Mutation:
    return Mutation(
        rules=("F3", "S1"),
        target="netsuite",
        action="create_customer_payment",
        object_type="payment",
        source_id=pid,
        key=f"netsuite:create_customer_payment:payment:{pid}",
        payload={"externalId": f"apay-{pid}", "payment": 10.0},
    )


def test_I1_crash_after_the_call_then_retry_posts_once(ctx):
    remote = FakeRemote(crash_after_post=True)
    with pytest.raises(Crash):
        post_mutation(ctx, _payment(), remote)
    entry = ledger.get(ctx.engine, "acme:netsuite:create_customer_payment:payment:pay_1")
    assert entry.status == "pending", "the intent was written before the call"
    assert post_mutation(ctx, _payment(), remote) is True
    assert remote.calls == 1, "the retry found the record by external id instead of posting again"
    assert len(remote.records) == 1
    assert ledger.get(ctx.engine, entry.idempotency_key).status == "posted"


def test_I1_posted_mutation_is_never_posted_again(ctx):
    remote = FakeRemote()
    assert post_mutation(ctx, _payment(), remote) is True
    assert post_mutation(ctx, _payment(), remote) is False
    assert remote.calls == 1


def test_I1_two_runs_racing_on_one_key_share_one_ledger_row(ctx):
    from sqlalchemy import text

    remote = FakeRemote()
    other_run = RunContext(ctx.partner, ctx.engine, "run-2", ctx.dag_id)
    post_mutation(ctx, _payment(), remote)
    post_mutation(other_run, _payment(), remote)
    with ctx.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ledger")).scalar_one() == 1
    assert len(remote.records) == 1
