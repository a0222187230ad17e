"""The cursor paginator and page-by-page generators."""

from __future__ import annotations

import pytest

from alternative_payments_hook import CursorPaginator, PaginationError, PaginationLoopError
from alternative_payments_hook.pagination import iter_pages
from sandbox.alternative_payments import customers


def test_paginator_follows_cursors_until_the_last_page():
    paginator = CursorPaginator()
    paginator.advance({"has_next_page": True, "end_cursor": "a"})
    assert (paginator.current_value, paginator.finished) == ("a", False)
    paginator.advance({"has_next_page": False, "end_cursor": "b"})
    assert paginator.finished


def test_paginator_refuses_a_repeated_cursor():
    paginator = CursorPaginator()
    paginator.advance({"has_next_page": True, "end_cursor": "a"})
    paginator.advance({"has_next_page": True, "end_cursor": "b"})
    with pytest.raises(PaginationLoopError, match="loop detected"):
        paginator.advance({"has_next_page": True, "end_cursor": "a"})


def test_paginator_refuses_a_next_page_without_a_cursor():
    with pytest.raises(PaginationError, match="no end_cursor"):
        CursorPaginator().advance({"has_next_page": True, "end_cursor": None})


@pytest.fixture
def seven(make_ap_sandbox):
    running = make_ap_sandbox()
    ids = [
        customers.create(running.sandbox.store, {"name": f"Customer {n}", "email": f"c{n}@customers.example"})["id"]
        for n in range(7)
    ]
    return running, ids


def test_pages_are_fetched_lazily_one_request_each(seven):
    running, ids = seven
    hook = running.hook()
    pages = hook.iter_customers(page_size=3)
    first = next(pages)
    assert running.stats()["by_path"]["GET /customers"] == 1
    rest = list(pages)
    assert [len(p) for p in [first, *rest]] == [3, 3, 1]
    assert [p.number for p in [first, *rest]] == [1, 2, 3]
    assert [c["id"] for page in [first, *rest] for c in page] == ids
    assert running.stats()["by_path"]["GET /customers"] == 3


def test_a_server_repeating_its_cursor_is_stopped_with_loop_detected(seven):
    running, _ = seven
    running.control.settings(repeat_cursor=True)
    seen = []
    with pytest.raises(PaginationLoopError, match="loop detected"):
        for page in running.hook().iter_customers(page_size=3):
            seen.append(page)
    assert len(seen) == 1
    assert running.stats()["by_path"]["GET /customers"] == 2


def test_page_size_is_checked_before_any_request():
    requests_made = []
    with pytest.raises(ValueError, match="page_size"):
        next(iter_pages(requests_made.append, {}, page_size=500))
    assert requests_made == []
