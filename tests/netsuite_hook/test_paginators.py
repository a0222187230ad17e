"""Paginator objects: offsets, the row cap, key ranges, and loop detection."""

from __future__ import annotations

import pytest

from netsuite_hook.errors import PaginationLoopError
from netsuite_hook.paginators import KeysetPaginator, SuiteQLOffsetPaginator


def _page(has_more: bool, next_offset: int | None = None) -> dict:
    links = [{"rel": "self", "href": "https://x/services/rest/query/v1/suiteql?limit=10&offset=0"}]
    if next_offset is not None:
        links.append({"rel": "next", "href": f"https://x/services/rest/query/v1/suiteql?limit=10&offset={next_offset}"})
    return {"hasMore": has_more, "links": links}


def test_offset_paginator_advances_by_page_and_finishes():
    paginator = SuiteQLOffsetPaginator(10)
    assert (paginator.current_value, paginator.finished) == (0, False)
    paginator.advance(_page(True))
    assert paginator.current_value == 10
    paginator.advance(_page(True, next_offset=20))
    assert paginator.current_value == 20
    paginator.advance(_page(False))
    assert paginator.finished and not paginator.capped
    with pytest.raises(RuntimeError):
        paginator.advance(_page(False))


def test_offset_paginator_refuses_a_repeated_next_link():
    paginator = SuiteQLOffsetPaginator(10)
    paginator.advance(_page(True, next_offset=10))
    with pytest.raises(PaginationLoopError, match="loop detected"):
        paginator.advance(_page(True, next_offset=10))


def test_offset_paginator_refuses_going_backwards():
    paginator = SuiteQLOffsetPaginator(10, start=30)
    with pytest.raises(PaginationLoopError, match="loop detected"):
        paginator.advance(_page(True, next_offset=20))


def test_offset_paginator_stops_before_the_row_cap():
    paginator = SuiteQLOffsetPaginator(1000, start=98000)
    paginator.advance(_page(True))
    assert paginator.current_value == 99000  # rows 99,001..100,000 are still allowed
    paginator.advance(_page(True))
    assert paginator.finished and paginator.capped


def test_offset_paginator_validates_page_size_and_start():
    with pytest.raises(ValueError):
        SuiteQLOffsetPaginator(1001)
    with pytest.raises(ValueError):
        SuiteQLOffsetPaginator(0)
    with pytest.raises(ValueError):
        SuiteQLOffsetPaginator(10, start=15)


def test_keyset_paginator_moves_to_the_greatest_key_read():
    paginator = KeysetPaginator(None)
    paginator.advance(500)
    assert paginator.current_value == 500
    paginator.advance(None)  # the last range ended below the cap
    assert paginator.finished


@pytest.mark.parametrize("repeated", [500, 499])
def test_keyset_paginator_refuses_a_key_that_does_not_increase(repeated):
    paginator = KeysetPaginator(None)
    paginator.advance(500)
    with pytest.raises(PaginationLoopError, match="loop detected"):
        paginator.advance(repeated)
