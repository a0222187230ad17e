"""Extract from NetSuite with SuiteQL and stage page by page.

Incremental reads start at the watermark minus an overlap window, both in
NetSuite's own clock (TO_CHAR of lastmodifieddate), so neither this machine's
clock nor the account's time zone can lose a record. The read includes the
watermark's own second (``>=``): a record changed again within that second keeps
its lastmodifieddate, and staging's content hash tells it from a re-read of what
is staged, which is de-duplicated on (id, lastmodifieddate, content hash). Pages go
straight into bulk inserts: memory holds a few pages whatever the table size.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.objects import ObjectSpec
from netsuite_ap_sync.extract.extracted import Extracted
from netsuite_ap_sync.extract.suiteql_files import keyset_query, plain_query
from netsuite_ap_sync.mapping import staging_rows
from netsuite_ap_sync.rules.ns_clock import shift_ns_clock

if TYPE_CHECKING:
    from netsuite_hook.suiteql import SuiteQL

log = logging.getLogger(__name__)

# Long NetSuite transactions can commit with a lastmodifieddate a little in the
# past; reading this far behind the watermark catches them.
OVERLAP_SECONDS = 15 * 60
BEGINNING = "1970-01-01 00:00:00"


def read_from(ctx: RunContext, object_type: str) -> str:
    watermark = ctx.wh.watermark(object_type)
    return shift_ns_clock(watermark, seconds=-OVERLAP_SECONDS) if watermark else BEGINNING


def _pages(ctx: RunContext, query, workers: int) -> Iterator[list[dict]]:
    """Parallel key ranges within the partner's NetSuite slots."""
    yield from ctx.netsuite.suiteql.parallel_pages(query, workers=workers)


def extract_customers(ctx: RunContext, spec: ObjectSpec) -> Extracted:
    query = keyset_query("customers.sql", [read_from(ctx, spec.watermark)], key="c.id")
    out = Extracted()
    workers = ctx.netsuite_workers(5)
    for page in _pages(ctx, query, workers):
        rows = [staging_rows.ns_customer(r, ctx.partner_id, ctx.run_id) for r in page]
        out.read += len(rows)
        out.staged += ctx.wh.table(spec.table).insert(rows)
    log.info("partner %s: read %d customers, %d new versions", ctx.partner_id, out.read, out.staged)
    return out


def extract_invoices(ctx: RunContext, spec: ObjectSpec) -> Extracted:
    """Invoices changed since the watermark, with their lines."""
    query = keyset_query("invoices.sql", [read_from(ctx, spec.watermark)], key="t.id")
    return _extract_invoice_pages(ctx, spec, query, run_id=ctx.run_id)


def extract_invoice_window(
    ctx: RunContext,
    spec: ObjectSpec,
    date_from: str,
    date_to: str,
    unpaid: bool,
    after: int | None,
    up_to: int | None,
    run_id: str,
) -> Extracted:
    """Initial sync: one chunk of invoices dated in [date_from, date_to), unpaid or paid."""
    query = keyset_query("invoices_in_window.sql", [date_from, date_to, "T" if unpaid else "F"], key="t.id")
    pages = ctx.netsuite.suiteql.keyset_pages(query, after=after, up_to=up_to)
    return stage_invoice_pages(ctx, spec, pages, run_id)


def _extract_invoice_pages(ctx: RunContext, spec: ObjectSpec, query, run_id: str) -> Extracted:
    """Parallel key ranges; each worker reads the lines of its range's invoices as it goes,
    so the line requests run in parallel too and stay within the partner's slots."""
    workers = ctx.netsuite_workers(5)
    batches = ctx.netsuite.suiteql.parallel_pages(
        query, workers=workers, each_range=lambda pages, suiteql: _with_lines(ctx, pages, run_id, suiteql)
    )
    return stage_invoice_batches(ctx, spec, batches)


def stage_invoice_pages(ctx: RunContext, spec: ObjectSpec, pages, run_id: str) -> Extracted:
    """Stage pages of invoices read one after another, with their lines."""
    return stage_invoice_batches(ctx, spec, _with_lines(ctx, pages, run_id, ctx.netsuite.suiteql))


def stage_invoice_batches(
    ctx: RunContext, spec: ObjectSpec, batches: Iterable[tuple[list[dict], list[dict]]]
) -> Extracted:
    """``batches``: (invoice staging rows, staging rows of their lines)."""
    out = Extracted()
    for invoices, lines in batches:
        out.read += len(invoices)
        out.staged += ctx.wh.table(spec.table).insert(invoices)
        ctx.wh.table(spec.lines_table).insert(lines)
        out.lines += len(lines)
    log.info(
        "partner %s: read %d invoices (%d new versions, %d lines)", ctx.partner_id, out.read, out.staged, out.lines
    )
    return out


def _with_lines(
    ctx: RunContext, pages: Iterable[list[dict]], run_id: str, suiteql: SuiteQL
) -> Iterator[tuple[list[dict], list[dict]]]:
    """Staging rows of the invoices on ``pages``, each batch with its lines.

    Lines are read for as many invoices as fill about one SuiteQL page, across page
    boundaries, so line reads are nearly all full pages. A version read again
    unchanged (the overlap window) already has its lines staged: it costs no request.
    """
    per_invoice = _LinesPerInvoice()
    waiting: list[dict] = []
    for page in pages:
        rows = [staging_rows.ns_invoice(r, ctx.partner_id, run_id) for r in page]
        known, changed = ctx.wh.staging.staged_with_lines(rows)
        ctx.wh.staging.drop_lines(changed)
        if known:
            yield [r for r in rows if r["source_id"] in known], []
        waiting += [r for r in rows if r["source_id"] not in known]
        while len(waiting) >= per_invoice.batch():
            batch, waiting = waiting[: per_invoice.batch()], waiting[per_invoice.batch() :]
            yield batch, _read_lines(ctx, suiteql, batch, run_id, per_invoice)
    if waiting:
        yield waiting, _read_lines(ctx, suiteql, waiting, run_id, per_invoice)


class _LinesPerInvoice:
    """Item lines per invoice seen so far, to size line reads to one page."""

    TARGET = 950  # lines a read aims at: few reads spill past a page of 1,000
    MAX_IDS = 1000  # ids in one IN list

    def __init__(self) -> None:
        self.invoices, self.lines = 0, 0

    def batch(self) -> int:
        average = self.lines / self.invoices if self.invoices else 2.0
        return max(1, min(self.MAX_IDS, int(self.TARGET / max(average, 0.5))))

    def add(self, invoices: int, lines: int) -> None:
        self.invoices += invoices
        self.lines += lines


def _read_lines(
    ctx: RunContext, suiteql: SuiteQL, invoices: list[dict], run_id: str, per_invoice: _LinesPerInvoice
) -> list[dict]:
    versions = {row["source_id"]: row["source_modified"] for row in invoices if row["source_id"]}
    if not versions:
        return []
    ids = sorted(versions, key=lambda i: (len(i), i))
    rows = []
    for page in suiteql.pages(plain_query("invoice_lines.sql", ids=len(ids)), ids):
        for row in page:
            invoice_id = str(row.get("transaction"))
            if invoice_id in versions:
                rows.append(staging_rows.ns_invoice_line(row, versions[invoice_id], ctx.partner_id, run_id))
    per_invoice.add(len(ids), len(rows))
    return rows


def extract_deletions(ctx: RunContext, spec: ObjectSpec) -> Extracted:
    """deletedrecord rows since the watermark: archived invoices (F5), customers (F6), payments (F7)."""
    return _extract_deleted(ctx, spec, "deleted_records.sql")


def extract_deleted_payments(ctx: RunContext, spec: ObjectSpec) -> Extracted:
    """Customer payments deleted in NetSuite since the watermark (F7)."""
    return _extract_deleted(ctx, spec, "deleted_payments.sql")


def _extract_deleted(ctx: RunContext, spec: ObjectSpec, query_file: str) -> Extracted:
    out = Extracted()
    for page in ctx.netsuite.suiteql.pages(plain_query(query_file), [read_from(ctx, spec.watermark)]):
        rows = [staging_rows.ns_deletion(r, ctx.partner_id, ctx.run_id) for r in page]
        out.read += len(rows)
        out.staged += ctx.wh.table(spec.table).insert(rows)
    return out
