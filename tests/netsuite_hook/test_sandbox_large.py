"""Keyset paging past SuiteQL's 100,000-row cap on a data set of more than 100,000 invoices."""

from __future__ import annotations

import pytest

from netsuite_hook.keyset_query import KeysetQuery
from netsuite_hook.suiteql import RowCapReached

INVOICES = KeysetQuery(columns=("id", "tranid"), from_="transaction", where="type = ?", params=("CustInvc",))


@pytest.fixture
def large_account(make_netsuite_sandbox):
    return make_netsuite_sandbox(customers=200, invoices=102_000, years=3.0)


@pytest.mark.slow
def test_keyset_and_parallel_reads_pass_the_100k_row_cap(large_account, make_hook):
    hook = make_hook(large_account, retry_budget_seconds=60.0)
    total = int(hook.suiteql.page("SELECT COUNT(*) AS n FROM transaction WHERE type = ?", ["CustInvc"]).items[0]["n"])
    assert total > 100_000

    previous, seen = 0, 0
    for page in hook.suiteql.keyset_pages(INVOICES, page_size=1000):
        keys = [int(row["id"]) for row in page]
        assert keys == sorted(keys) and keys[0] > previous
        previous, seen = keys[-1], seen + len(keys)
    assert seen == total

    ids = set()
    for page in hook.suiteql.parallel_pages(INVOICES, page_size=1000, workers=5):
        ids.update(row["id"] for row in page)
    assert len(ids) == total
    assert hook.client.transport.gate.peak_in_flight <= hook.client.settings.concurrency_limit

    with pytest.raises(RowCapReached):
        for _ in hook.suiteql.pages("SELECT id FROM transaction WHERE type = ? ORDER BY id", ["CustInvc"]):
            pass
