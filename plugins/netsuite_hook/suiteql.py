"""SuiteQL reads: one page, offset paging, keyset paging past the row cap, parallel key ranges.

Every reader is a generator of pages (lists of rows), so memory stays flat.
Values are always bound through ``params``. With ``columns`` given, each row has
exactly those keys, with None where NetSuite left an empty column out.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hook_support.pagination import iter_pages
from netsuite_hook.errors import NetSuiteError, json_answer
from netsuite_hook.keyset_query import KeysetQuery
from netsuite_hook.paginators import MAX_PAGE_SIZE, ROW_CAP, KeysetPaginator, SuiteQLOffsetPaginator
from netsuite_hook.parallel import KeyRange, KeySpans, Span, merge_parallel, split_key_range
from netsuite_hook.transport import Transport

SUITEQL_PATH = "query/v1/suiteql"
Row = dict[str, Any]
# What runs over the pages of one key range, given the reader for any further requests.
RangeFinish = Callable[[Iterator[list[Row]], "SuiteQL"], Iterator[Any]]


class RowCapReached(NetSuiteError):
    """An offset-paged query has more rows than SuiteQL will page through."""


@dataclass(frozen=True)
class SuiteQLPage:
    items: list[Row]
    offset: int
    count: int
    has_more: bool
    total_results: int | None
    body: dict = field(repr=False, default_factory=dict)  # NetSuite's answer, for the paginators

    @classmethod
    def from_json(cls, body: dict) -> SuiteQLPage:
        return cls(
            items=list(body.get("items") or []),
            offset=int(body.get("offset") or 0),
            count=int(body.get("count") or 0),
            has_more=bool(body.get("hasMore")),
            total_results=body.get("totalResults"),
            body=body,
        )


@dataclass(frozen=True)
class KeyStats:
    lo: int | None
    hi: int | None
    count: int


def normalise_rows(items: Iterable[Row], columns: list[str] | None) -> list[Row]:
    """Drop ``links``; with ``columns``, give every row exactly those keys (missing -> None)."""
    if columns is None:
        return [{k: v for k, v in item.items() if k != "links"} for item in items]
    names = [c.lower() for c in columns]
    return [{name: item.get(name) for name in names} for item in items]


def plan_ranges(
    stats: KeyStats, parts: int, page_size: int = MAX_PAGE_SIZE, after: int | None = None
) -> list[KeyRange]:
    """Key ranges from MIN/MAX/COUNT of the key: no more ranges than pages of rows.

    With ``after``, the ranges cover only the keys above it (those up to it are read).
    """
    if stats.count == 0 or stats.lo is None or stats.hi is None:
        return []
    lo = stats.lo if after is None else max(stats.lo, after + 1)
    if lo > stats.hi:
        return [KeyRange(after=after, up_to=None)]
    parts = max(1, min(parts, math.ceil(stats.count / page_size)))
    ranges = split_key_range(lo, stats.hi, parts)
    return ranges if after is None else [KeyRange(after, ranges[0].up_to), *ranges[1:]]


class SuiteQL:
    def __init__(self, transport: Transport, row_cap: int = ROW_CAP) -> None:
        self.transport = transport
        self.row_cap = row_cap

    def page(self, query: str, params: list[Any] | None = None, *, limit: int = 1000, offset: int = 0) -> SuiteQLPage:
        """One page as NetSuite answers it; limit/offset are passed through for NetSuite to judge."""
        body: dict[str, Any] = {"q": query}
        if params:
            body["params"] = list(params)
        response = self.transport.request(
            "POST",
            self.transport.urls.rest_url(SUITEQL_PATH),
            params={"limit": limit, "offset": offset},
            json=body,
            headers={"Prefer": "transient"},
            idempotent=True,  # a read, safe to repeat
        )
        return SuiteQLPage.from_json(json_answer(response, self.transport.redact))

    def pages(
        self,
        query: str,
        params: list[Any] | None = None,
        *,
        columns: list[str] | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> Iterator[list[Row]]:
        """Offset paging; raises RowCapReached rather than stop silently at the row cap."""
        paginator = SuiteQLOffsetPaginator(page_size, row_cap=self.row_cap)
        for page in self._offset_pages(query, params, page_size, paginator):
            if page.items:
                yield normalise_rows(page.items, columns)
        if paginator.capped:
            raise RowCapReached(
                f"the query has more than {self.row_cap} rows, past SuiteQL's paging limit: "
                "read it by key with keyset_pages()"
            )

    def _offset_pages(
        self, query: str, params: list[Any] | None, page_size: int, offsets: SuiteQLOffsetPaginator
    ) -> Iterator[SuiteQLPage]:
        def fetch(offset: int) -> SuiteQLPage:
            return self.page(query, params, limit=page_size, offset=offset)

        return iter_pages(fetch, offsets, answer=lambda page: page.body)

    def rows(self, query: str, params: list[Any] | None = None, **options: Any) -> Iterator[Row]:
        for page in self.pages(query, params, **options):
            yield from page

    def keyset_pages(
        self,
        query: KeysetQuery,
        *,
        page_size: int = MAX_PAGE_SIZE,
        after: int | None = None,
        up_to: int | None = None,
    ) -> Iterator[list[Row]]:
        """Pages of ``query`` in key order for keys in ``(after, up_to]``, however many rows.

        Within a range, offset paging from 0; at the row cap a new range starts
        after the greatest key read so far.
        """
        ranges = KeysetPaginator(after)
        while not ranges.finished:
            sql, params = query.select(after=ranges.current_value, up_to=up_to)
            offsets = SuiteQLOffsetPaginator(page_size, row_cap=self.row_cap)
            last_key: int | None = None
            for page in self._offset_pages(sql, params, page_size, offsets):
                rows = normalise_rows(page.items, query.names)
                # A row without its key is still handed on (validation quarantines it); paging goes by the others.
                keys = [int(row[query.key_name]) for row in rows if row.get(query.key_name) is not None]
                if keys:
                    last_key = max(keys)
                if rows:
                    yield rows
            ranges.advance(last_key if offsets.capped else None)

    def key_stats(self, query: KeysetQuery) -> KeyStats:
        sql, params = query.key_stats()
        items = self.page(sql, params, limit=1).items
        row = items[0] if items else {}
        lo, hi = row.get("lo"), row.get("hi")
        return KeyStats(
            lo=None if lo is None else int(lo),
            hi=None if hi is None else int(hi),
            count=int(row.get("n") or 0),
        )

    def parallel_pages(
        self,
        query: KeysetQuery,
        *,
        page_size: int = MAX_PAGE_SIZE,
        workers: int | None = None,
        parts: int | None = None,
        each_range: RangeFinish | None = None,
    ) -> Iterator[Any]:
        """Pages of ``query``, key ranges read ``workers`` at a time; pages arrive in no fixed order.

        The first page is read alone, so a small result (an hourly run's few changes)
        costs one request; past it, ranges planned from MIN/MAX/COUNT of the key are
        read in parallel, the first page leading the first range. ``each_range`` runs
        in the worker over the pages of one range and the reader to use for more
        requests (to read their detail rows alongside, say, within the same
        ``workers`` requests in flight); what it yields is handed on in place of the pages.
        In-flight requests stay within the account's concurrency limit whatever
        ``workers`` is, since every request passes the shared account gate.
        """
        workers = workers or self.transport.settings.concurrency_limit
        finish = each_range or _unchanged
        sql, params = query.select()
        first = self.page(sql, params, limit=page_size)
        rows = normalise_rows(first.items, query.names)
        spans = self._plan_spans(query, rows, first.has_more, parts or workers * 2, page_size)
        if spans is None:
            yield from finish(iter([rows] if rows else []), self)
            return
        # More threads than requests in flight: while some threads wait on NetSuite,
        # others turn the pages they got into rows, so no slot idles meanwhile.
        limited = SuiteQL(InFlightLimit(self.transport, workers), self.row_cap)
        threads = workers * 2
        producers = [
            limited._spans_reader(query, spans, page_size, finish, [rows] if n == 0 else []) for n in range(threads)
        ]
        yield from merge_parallel(producers, threads)

    def _plan_spans(
        self, query: KeysetQuery, first: list[Row], has_more: bool, parts: int, page_size: int
    ) -> KeySpans | None:
        """The key ranges past the first page, or None if it held everything."""
        keys = [int(row[query.key_name]) for row in first if row.get(query.key_name) is not None]
        if not (keys and has_more):
            return None
        stats = self.key_stats(query)
        ranges = plan_ranges(stats, parts, page_size, after=max(keys))
        if not ranges:  # the rows past the first page went while it was read
            return None
        keys_per_row = max(1, (stats.hi - stats.lo + 1) // stats.count)
        return KeySpans(ranges, stats.hi, min_keys=2 * page_size * keys_per_row)

    def _spans_reader(
        self,
        query: KeysetQuery,
        spans: KeySpans,
        page_size: int,
        finish: RangeFinish,
        leading: list[list[Row]],
    ) -> Callable[[], Iterator[Any]]:
        def pages() -> Iterator[list[Row]]:
            yield from leading
            while (span := spans.take()) is not None:
                yield from self._span_pages(query, spans, span, page_size)

        return lambda: finish(pages(), self)

    def _span_pages(self, query: KeysetQuery, spans: KeySpans, span: Span, page_size: int) -> Iterator[list[Row]]:
        """One span page by page, each page starting after the greatest key read (no offsets)."""
        more = True
        while more:
            sql, params = query.select(*spans.bounds(span))
            page = self.page(sql, params, limit=page_size)
            rows = normalise_rows(page.items, query.names)
            keys = [None if row.get(query.key_name) is None else int(row[query.key_name]) for row in rows]
            kept, more = spans.advance(span, keys, page.has_more)
            if kept:
                yield rows[:kept]


class InFlightLimit:
    """A transport through which one read keeps at most ``limit`` requests in flight, over any
    number of threads (the partner slots it holds), within the account gate every request passes."""

    def __init__(self, transport: Transport, limit: int) -> None:
        self._transport = transport
        self._slots = threading.BoundedSemaphore(max(1, limit))

    def request(self, *args: Any, **kwargs: Any) -> Any:
        with self._slots:
            return self._transport.request(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


def _unchanged(pages: Iterator[list[Row]], suiteql: SuiteQL) -> Iterator[list[Row]]:
    return pages
