"""SuiteQL against the sandbox: paging, errors surfaced, keyset ranges and parallel reads."""

from __future__ import annotations

import pytest

from netsuite_hook.errors import NetSuiteApiError
from netsuite_hook.keyset_query import KeysetQuery
from netsuite_hook.suiteql import RowCapReached
from tests.netsuite_hook.conftest import stats

INVOICES_SQL = "SELECT id, tranid, memo FROM transaction WHERE type = ? ORDER BY id"
INVOICES = KeysetQuery(columns=("id", "tranid", "memo"), from_="transaction", where="type = ?", params=("CustInvc",))


def _invoice_count(hook) -> int:
    return int(hook.suiteql.page("SELECT COUNT(*) AS n FROM transaction WHERE type = ?", ["CustInvc"]).items[0]["n"])


def test_pages_yield_every_invoice_once_with_missing_columns_as_none(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    pages = list(hook.suiteql.pages(INVOICES_SQL, ["CustInvc"], columns=["id", "tranid", "memo"], page_size=25))
    rows = [row for page in pages for row in page]
    assert len(rows) == _invoice_count(hook) > 25
    assert all(len(page) <= 25 for page in pages)
    assert len({row["id"] for row in rows}) == len(rows)
    assert all(set(row) == {"id", "tranid", "memo"} for row in rows)
    assert any(row["memo"] is None for row in rows)  # NetSuite leaves empty columns out


def test_pages_are_fetched_lazily_one_at_a_time(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    hook.server_time()  # token fetched before counting
    netsuite_sandbox.sandbox.stats.reset()
    pages = hook.suiteql.pages(INVOICES_SQL, ["CustInvc"], page_size=10)
    first = next(pages)
    assert len(first) == 10
    assert stats(netsuite_sandbox)["requests"]["suiteql"] == 1
    pages.close()


@pytest.mark.parametrize(
    ("limit", "offset", "words"),
    [(1001, 0, "between 1 and 1000"), (10, 15, "multiple of the limit"), (1000, 100_000, "past row 100,000")],
)
def test_offset_and_limit_errors_are_surfaced_not_retried(netsuite_sandbox, make_hook, limit, offset, words):
    hook = make_hook(netsuite_sandbox)
    hook.server_time()
    netsuite_sandbox.sandbox.stats.reset()
    with pytest.raises(NetSuiteApiError) as caught:
        hook.suiteql.page(INVOICES_SQL, ["CustInvc"], limit=limit, offset=offset)
    assert caught.value.status == 400
    assert caught.value.code == "INVALID_PARAMETER"
    assert words in str(caught.value)
    assert stats(netsuite_sandbox)["requests"]["suiteql"] == 1


def test_a_query_netsuite_cannot_run_is_reported_with_its_reason(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    with pytest.raises(NetSuiteApiError) as caught:
        list(hook.suiteql.rows("SELECT nosuchcolumn FROM transaction"))
    assert caught.value.status == 400 and "nosuchcolumn" in str(caught.value).lower()


def test_values_are_bound_never_pasted_into_the_query(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    sql = "SELECT id, companyname FROM customer WHERE companyname = ?"
    name = hook.suiteql.page("SELECT companyname FROM customer ORDER BY id", limit=1).items[0]["companyname"]
    assert len(list(hook.suiteql.rows(sql, [name]))) == 1
    assert list(hook.suiteql.rows(sql, ["x' OR '1'='1"])) == []


def test_keyset_paging_reads_past_the_row_cap_in_key_order(netsuite_sandbox, make_hook, monkeypatch):
    hook = make_hook(netsuite_sandbox, row_cap=30)
    expected = _invoice_count(hook)
    calls = []
    original = hook.suiteql.page

    def recording_page(query, params=None, *, limit=1000, offset=0):
        calls.append((list(params or []), limit, offset))
        return original(query, params, limit=limit, offset=offset)

    monkeypatch.setattr(hook.suiteql, "page", recording_page)
    rows = [row for page in hook.suiteql.keyset_pages(INVOICES, page_size=10) for row in page]
    ids = [int(row["id"]) for row in rows]
    assert ids == sorted(set(ids))  # key order, no duplicates
    assert len(ids) == expected
    assert max(offset + limit for _, limit, offset in calls) <= 30  # never past the cap
    lower_bounds = [params[1] for params, _, offset in calls if len(params) == 2 and offset == 0]
    assert len(lower_bounds) >= len(ids) // 30  # a new key range (offset back to 0) per 30 rows
    assert lower_bounds == sorted(lower_bounds)


def test_offset_paging_refuses_to_stop_silently_at_the_row_cap(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox, row_cap=30)
    pages = hook.suiteql.pages(INVOICES_SQL, ["CustInvc"], page_size=10)
    assert len(next(pages)) == 10
    with pytest.raises(RowCapReached, match="keyset_pages"):
        list(pages)


def test_keyset_bounds_select_a_key_range(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    everything = [int(r["id"]) for page in hook.suiteql.keyset_pages(INVOICES) for r in page]
    after, up_to = everything[9], everything[29]
    ranged = [int(r["id"]) for page in hook.suiteql.keyset_pages(INVOICES, after=after, up_to=up_to) for r in page]
    assert ranged == everything[10:30]


def test_parallel_ranges_stay_within_the_concurrency_limit(make_netsuite_sandbox, make_hook):
    running = make_netsuite_sandbox(invoices=300, concurrency_limit=3, latency_seconds=0.05)
    hook = make_hook(running)
    assert hook.client.settings.concurrency_limit == 3
    rows = [row for page in hook.suiteql.parallel_pages(INVOICES, page_size=20, workers=8) for row in page]
    assert len(rows) == len({row["id"] for row in rows}) == _invoice_count(hook)
    gate = hook.client.transport.gate
    assert 2 <= gate.peak_in_flight <= 3


def test_parallel_ranges_recover_from_429s(make_netsuite_sandbox, make_hook):
    # The connection claims a bigger limit than the account has, and NetSuite also throttles at random.
    running = make_netsuite_sandbox(invoices=300, concurrency_limit=2, latency_seconds=0.03, throttle_rate=0.2)
    hook = make_hook(running, extra={"concurrency_limit": 6})
    rows = [row for page in hook.suiteql.parallel_pages(INVOICES, page_size=20, workers=6) for row in page]
    assert len(rows) == len({row["id"] for row in rows}) == _invoice_count(hook)
    assert stats(running)["throttled_total"] > 0


def test_parallel_pages_of_an_empty_selection_yield_nothing(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    empty = KeysetQuery(columns=("id",), from_="transaction", where="type = ?", params=("NoSuchType",))
    assert list(hook.suiteql.parallel_pages(empty)) == []
