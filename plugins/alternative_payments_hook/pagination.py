"""Cursor pagination over AP lists (``hook_support.pagination``): the paginator and a page-by-page generator."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from alternative_payments_hook.errors import PaginationError, PaginationLoopError
from hook_support import pagination

DEFAULT_PAGE_SIZE = 100


class CursorPaginator(pagination.Paginator["str | None"]):
    """Follows ``end_cursor`` while ``has_next_page``; refuses a cursor it has already followed."""

    def __init__(self) -> None:
        super().__init__(None)

    def get_next(self, answer: Mapping[str, Any]) -> str | None:
        if not answer.get("has_next_page"):
            return None
        cursor = answer.get("end_cursor")
        if not cursor:
            raise PaginationError("AP reported a next page but sent no end_cursor")
        return cursor

    def loop_error(self, new_value: str | None) -> Exception:
        return PaginationLoopError(
            f"loop detected: AP returned cursor {(new_value or '')[:24]}... a second time; stopping to avoid "
            "reading the same pages forever"
        )


@dataclass(frozen=True)
class Page:
    """One list answer; iterating a page yields its records."""

    records: list[dict[str, Any]]
    start_cursor: str | None = None
    end_cursor: str | None = None
    has_next_page: bool = False
    has_previous_page: bool = False
    number: int = field(default=1, compare=False)

    @classmethod
    def from_answer(cls, answer: Mapping[str, Any], number: int) -> Page:
        data = answer.get("data")
        if not isinstance(data, list):
            raise PaginationError("AP list answer has no data list")
        return cls(
            records=data,
            start_cursor=answer.get("start_cursor"),
            end_cursor=answer.get("end_cursor"),
            has_next_page=bool(answer.get("has_next_page")),
            has_previous_page=bool(answer.get("has_previous_page")),
            number=number,
        )

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)


def iter_pages(
    fetch: Callable[[dict[str, Any]], Mapping[str, Any]],
    params: Mapping[str, Any],
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Iterator[Page]:
    """Yield pages lazily, one request each; only the current page is held in memory."""
    if not 1 <= page_size <= 100:
        raise ValueError("page_size must be between 1 and 100")

    def fetch_page(cursor: str | None) -> Mapping[str, Any]:
        query = {**params, "limit": page_size}
        if cursor:
            query["after"] = cursor
        return fetch(query)

    for number, answer in enumerate(pagination.iter_pages(fetch_page, CursorPaginator()), start=1):
        yield Page.from_answer(answer, number)
