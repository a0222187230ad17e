"""Retry at one place: injected 500s, 429s, dropped and truncated connections; fatal 4xx."""

from __future__ import annotations

import pytest

from netsuite_hook.errors import NetSuiteConnectionError, NetSuiteNotFound, NetSuiteServerError
from netsuite_hook.keyset_query import KeysetQuery
from tests.netsuite_hook.conftest import stats

CUSTOMERS = KeysetQuery(columns=("id", "companyname"), from_="customer")


@pytest.mark.parametrize(
    ("fault", "counter"),
    [("error_rate", "error"), ("throttle_rate", "throttle"), ("drop_rate", "drop"), ("truncate_rate", "truncate")],
)
def test_reads_recover_from_injected_faults(make_netsuite_sandbox, make_hook, fault, counter):
    running = make_netsuite_sandbox(**{fault: 0.4, "fault_seed": 3})
    hook = make_hook(running)
    rows = [row for page in hook.suiteql.keyset_pages(CUSTOMERS, page_size=3) for row in page]
    assert len(rows) == len({row["id"] for row in rows}) == 12
    assert stats(running)["faults_injected"][counter] > 0


def test_retries_give_up_when_the_time_budget_is_spent(make_netsuite_sandbox, make_hook):
    running = make_netsuite_sandbox(error_rate=1.0)
    # The budget leaves room for several attempts even when the machine is busy.
    hook = make_hook(running, retry_budget_seconds=3.0, retry_base_delay=0.05)
    with pytest.raises(NetSuiteServerError) as caught:
        hook.server_time()
    assert caught.value.status == 500 and caught.value.code == "UNEXPECTED_ERROR"
    assert caught.value.attempts == stats(running)["responses_by_status"]["system:500"] > 1
    assert f"after {caught.value.attempts} attempts" in str(caught.value)


def test_a_create_is_not_repeated_after_the_connection_dropped(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    hook.server_time()
    netsuite_sandbox.sandbox.update_settings(drop_rate=1.0)
    with pytest.raises(NetSuiteConnectionError, match="not retried"):
        hook.records.create("customer", {"companyName": "Maybe Created"})
    assert stats(netsuite_sandbox)["requests"]["record"] == 1


def test_an_upsert_is_retried_after_the_connection_dropped(make_netsuite_sandbox, make_hook):
    running = make_netsuite_sandbox(drop_rate=0.5, fault_seed=11)
    hook = make_hook(running)
    ids = {hook.records.upsert("customer", f"retry-{n}", {"companyName": f"Retry {n}"}) for n in range(4)}
    assert len(ids) == 4
    assert stats(running)["faults_injected"]["drop"] > 0


def test_other_4xx_fail_at_once(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    hook.server_time()
    netsuite_sandbox.sandbox.stats.reset()
    with pytest.raises(NetSuiteNotFound) as caught:
        hook.records.get("invoice", 987654321)
    assert caught.value.code == "NONEXISTENT_ID"
    assert stats(netsuite_sandbox)["requests"]["record"] == 1


def test_one_session_per_hook(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    session = hook.client.transport.session
    hook.server_time()
    list(hook.suiteql.rows("SELECT id FROM customer"))
    assert hook.client.transport.session is session
