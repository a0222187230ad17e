"""SuiteQL paging: limit/offset rules, the 100,000-row cap, and keyset reads past it."""

from __future__ import annotations

import pytest

from tests.fixtures.netsuite import start_netsuite
from tests.sandbox_netsuite.clients import error_detail, session, suiteql

# 101,500 generated invoices leave more than 100,001 after the ~1% deleted ones.
CAPPED_INVOICES = 101_500


@pytest.fixture(scope="module")
def large_netsuite():
    running = start_netsuite(customers=500, invoices=CAPPED_INVOICES, years=3.0)
    yield running
    running.stop()


@pytest.mark.parametrize(
    ("limit", "offset", "fragment"),
    [
        (0, 0, "between 1 and 1000"),
        (1001, 0, "between 1 and 1000"),
        (10, 15, "multiple of the limit"),
        (10, -10, "must not be negative"),
        ("ten", 0, "'limit'"),
    ],
)
def test_bad_limit_or_offset_is_refused(large_netsuite, limit, offset, fragment):
    http = session(large_netsuite)
    response = suiteql(http, large_netsuite, "SELECT id FROM customer", limit=limit, offset=offset)
    assert response.status_code == 400
    detail = error_detail(response)
    assert detail["o:errorCode"] == "INVALID_PARAMETER"
    assert fragment in detail["detail"]


def test_default_page_is_a_thousand_rows(large_netsuite):
    body = suiteql(session(large_netsuite), large_netsuite, "SELECT id FROM transaction").json()
    assert body["count"] == 1000 and body["hasMore"] is True and body["offset"] == 0


def test_no_page_reaches_past_row_100000(large_netsuite):
    http = session(large_netsuite)
    query = "SELECT id FROM transaction WHERE type = 'CustInvc' ORDER BY id"
    last_allowed = suiteql(http, large_netsuite, query, limit=1000, offset=99_000)
    assert last_allowed.status_code == 200
    body = last_allowed.json()
    assert body["count"] == 1000 and body["totalResults"] > 100_000 and body["hasMore"] is True
    beyond = suiteql(http, large_netsuite, query, limit=1000, offset=100_000)
    assert beyond.status_code == 400
    detail = error_detail(beyond)
    assert detail["o:errorCode"] == "INVALID_PARAMETER" and "100,000" in detail["detail"]
    straddling = suiteql(http, large_netsuite, query, limit=500, offset=99_600)
    assert straddling.status_code == 400


def test_keyset_read_gets_every_invoice_past_the_cap(large_netsuite):
    http = session(large_netsuite)
    expected = int(
        suiteql(http, large_netsuite, "SELECT COUNT(*) AS n FROM transaction WHERE type = 'CustInvc'").json()["items"][
            0
        ]["n"]
    )
    assert expected > 100_000
    seen: list[int] = []
    last = 0
    while True:
        page = suiteql(
            http,
            large_netsuite,
            "SELECT id FROM transaction WHERE type = ? AND id > ? ORDER BY id",
            ["CustInvc", last],
            limit=1000,
        ).json()
        ids = [int(item["id"]) for item in page["items"]]
        if not ids:
            break
        seen.extend(ids)
        last = ids[-1]
    assert len(seen) == expected
    assert seen == sorted(set(seen))


@pytest.mark.slow
def test_keyset_ranges_read_250k_invoices_in_parallel():
    from concurrent.futures import ThreadPoolExecutor

    running = start_netsuite(customers=2_500, invoices=250_000, years=3.0, concurrency_limit=5)
    try:
        http = session(running)
        bounds = suiteql(
            http, running, "SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM transaction WHERE type = 'CustInvc'"
        ).json()["items"][0]
        lo, hi, total = int(bounds["lo"]), int(bounds["hi"]), int(bounds["n"])
        step = (hi - lo) // 4 + 1
        ranges = [(lo - 1 + i * step, min(hi, lo - 1 + (i + 1) * step)) for i in range(4)]

        def read(key_range: tuple[int, int]) -> list[int]:
            low, high = key_range
            ids: list[int] = []
            while True:
                page = suiteql(
                    http,
                    running,
                    "SELECT id FROM transaction WHERE type = 'CustInvc' AND id > ? AND id <= ? ORDER BY id",
                    [low, high],
                    limit=1000,
                ).json()
                batch = [int(item["id"]) for item in page["items"]]
                if not batch:
                    return ids
                ids.extend(batch)
                low = batch[-1]

        with ThreadPoolExecutor(4) as pool:
            chunks = list(pool.map(read, ranges))
        assert sum(len(chunk) for chunk in chunks) == total
        assert running.sandbox.stats_snapshot()["throttled_total"] == 0
    finally:
        running.stop()
