"""NetSuite's paginators (``hook_support.pagination``): offsets within one SuiteQL query, and key ranges."""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from hook_support.pagination import Paginator
from netsuite_hook.errors import PaginationLoopError

T = TypeVar("T")

MAX_PAGE_SIZE = 1000
ROW_CAP = 100_000  # SuiteQL never reads past this row of one query


class NetSuitePaginator(Paginator[T]):
    def loop_error(self, new_value: T) -> Exception:
        return PaginationLoopError(
            f"loop detected: page token {new_value!r} follows {self.current_value!r} and was already used "
            "or goes backwards"
        )


class SuiteQLOffsetPaginator(NetSuitePaginator[int]):
    """Offset paging inside one SuiteQL query; stops (``capped``) before the row cap."""

    def __init__(self, page_size: int, start: int = 0, row_cap: int = ROW_CAP) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        if start % page_size:
            raise ValueError("start offset must be a multiple of page_size")
        super().__init__(start)
        self.page_size = page_size
        self.row_cap = row_cap
        self.capped = False

    def get_next(self, page: Any) -> int | None:
        if not page.get("hasMore"):
            return None
        next_offset = _next_link_offset(page)
        if next_offset is None:
            next_offset = self._value + self.page_size
        if next_offset + self.page_size > self.row_cap:
            self.capped = True
            return None
        return next_offset

    def moves_forward(self, new_value: int) -> bool:
        return new_value > self._value


class KeysetPaginator(NetSuitePaginator["int | None"]):
    """Key ranges: each range starts after the greatest key of the one before."""

    def get_next(self, page: Any) -> int | None:
        """``page`` is the greatest key read in the range just finished (None: nothing read)."""
        return page

    def moves_forward(self, new_value: int | None) -> bool:
        return self._value is None or (new_value is not None and new_value > self._value)


def _next_link_offset(page: dict) -> int | None:
    for link in page.get("links") or []:
        if link.get("rel") == "next" and link.get("href"):
            values = parse_qs(urlsplit(link["href"]).query).get("offset")
            if values and values[0].isdigit():
                return int(values[0])
    return None
