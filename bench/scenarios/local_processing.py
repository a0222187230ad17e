"""local_processing: staged invoices validated and planned, against a bulk insert of the same rows.

The warehouse holds every invoice of a large account, staged by the pipeline's
own extract (kept under bench/.cache), and the AP mirror and id map a complete
sync leaves (every customer and USD invoice already in AP). Measured, with no
API call at all: ``inbound.validate_invoices`` (the GX suite over the work set;
statuses and quarantine written) plus planning every validated row with the
invoice rules: ``inbound.invoice_plans``, exactly what ``post_invoices`` hands to
``steps.reconcile`` (the invoices read with their AP mirror and lines, planned
in processes).
Applying decisions is network I/O and is left out. GX's one-time import is
done before the clock starts.

Peer, in the same run and warehouse: a plain bulk insert of the same staged
rows (their extract columns, for a second partner) into the same staging table:
SQLAlchemy Core ``insert()`` executemany, 50,000 rows a transaction.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sqlalchemy import insert, select, text

from bench.partner import PARTNER_ID, Partner, use_warehouse
from bench.results import Figure
from bench.sandboxes import cache_dir
from bench.scenarios.memory import data_set, extract_in_child
from bench.sizes import Sizes
from bench.timing import load_average, timed

SQL = Path(__file__).resolve().parent.parent / "sql"
MIGRATIONS = Path(__file__).resolve().parents[2] / "include" / "sql" / "migrations"
STAGING_ROWS = Path(__file__).resolve().parents[2] / "plugins" / "netsuite_ap_sync" / "mapping" / "staging_rows.py"
BULK_PARTNER = "bulk"
BULK_CHUNK = 50_000
# The columns an extract writes; the rest are the pipeline's bookkeeping.
STAGED_COLUMNS = (
    "partner_id", "run_id", "source_id", "source_modified", "raw_json", "tran_id", "customer_id", "tran_date",
    "due_date", "currency", "total", "amount_unpaid", "amount_paid", "status", "voided", "external_id",
)  # fmt: skip


def staged_warehouse(invoices: int, workdir: Path, concurrency: int) -> Path:
    """A warehouse with every invoice of the data set staged, made once per schema and row format, and kept."""
    sources = [*sorted(MIGRATIONS.glob("*.sql")), STAGING_ROWS]
    version = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]
    path = cache_dir() / f"staged-{data_set(invoices).name.removesuffix('.db')}-{version}.db"
    if not path.exists():
        partial = workdir / "staged.db"
        extract_in_child(invoices, workdir, partial, concurrency)
        _single_file(partial)
        shutil.move(partial, path)
    return path


def _single_file(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def run(sizes: Sizes, workdir: Path) -> list[Figure]:
    source = staged_warehouse(sizes.local_rows, workdir, sizes.concurrency)
    warehouse = workdir / "warehouse.db"
    shutil.copyfile(source, warehouse)
    partner = _as_after_complete_sync(warehouse)
    measured = _validate_and_plan(partner)
    bulk_seconds, inserted = _bulk_insert(partner)
    total = measured["validate"] + measured["plan"]
    notes = [
        f"{measured['rows']:,} staged invoices: validation {measured['validate']:.1f} s "
        f"({measured['failed']:,} quarantined), planning {measured['plan']:.1f} s ({measured['planned']:,} planned)",
        f"bound column = bulk insert of the same {inserted:,} rows: {bulk_seconds:.1f} s",
        f"one run; load {measured['load']:.1f}",
    ]
    return [Figure("local_processing", total, "s", bulk_seconds, total / bulk_seconds, "<= 3", notes=notes)]


def _as_after_complete_sync(warehouse: Path) -> Partner:
    from netsuite_ap_sync.warehouse import partners
    from netsuite_ap_sync.warehouse.clock import utcnow

    engine = use_warehouse(warehouse)
    with engine.begin() as conn:
        for name in ("id_map_from_staged.sql", "mirror_from_staged.sql"):
            conn.execute(text((SQL / name).read_text()), {"partner_id": PARTNER_ID, "now": utcnow()})
    partners.register(engine, BULK_PARTNER, "Bulk insert peer", "netsuite_bulk", "ap_bulk", 5)
    return Partner(PARTNER_ID, engine)


def _validate_and_plan(partner: Partner) -> dict:
    from netsuite_ap_sync.engine import validation
    from netsuite_ap_sync.flows import netsuite_to_ap as inbound

    validation._gx_context()  # GX's import and context: once per process, not per row
    ctx = partner.ctx("bench_local")
    load = load_average()
    outcome, validate_seconds = timed(lambda: inbound.validate_invoices(ctx))
    counts, plan_seconds = timed(lambda: _plan_all(ctx, inbound))
    return {
        "rows": outcome["validated"],
        "failed": outcome["failed"],
        "validate": validate_seconds,
        "plan": plan_seconds,
        "planned": counts,
        "load": load,
    }


def _plan_all(ctx, inbound) -> int:
    """What ``post_invoices`` hands to ``steps.reconcile``: every validated row of the work set planned."""
    return sum(len(planned) for planned in inbound.invoice_plans(ctx))


def _bulk_insert(partner: Partner) -> tuple[float, int]:
    """Insert the partner's staged rows again for ``BULK_PARTNER``: only the inserts are timed."""
    from netsuite_ap_sync.warehouse import staging
    from netsuite_ap_sync.warehouse.clock import utcnow

    table = staging.table(partner.engine, "stg_ns_invoice")
    query = (
        select(*(table.c[name] for name in STAGED_COLUMNS)).where(table.c.partner_id == PARTNER_ID).order_by(table.c.id)
    )
    statement = insert(table)
    seconds, inserted = 0.0, 0
    with partner.engine.connect() as reader:
        result = reader.execution_options(stream_results=True).execute(query)
        while chunk := result.mappings().fetchmany(BULK_CHUNK):
            rows = [{**row, "partner_id": BULK_PARTNER, "staged_at": utcnow()} for row in chunk]
            _, elapsed = timed(lambda rows=rows: _insert(partner, statement, rows))
            seconds += elapsed
            inserted += len(rows)
    return seconds, inserted


def _insert(partner: Partner, statement, rows: list[dict]) -> None:
    with partner.engine.begin() as conn:
        conn.execute(statement, rows)
