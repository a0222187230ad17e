"""Staging tables: bulk inserts de-duplicated on (id, last modified, content hash),
the work set of each run, and what became of each record.

The statements are built with SQLAlchemy Core from the reflected tables, since
they are the same for every staging table; table names come from the object specs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import msgspec
from sqlalchemy import (
    Engine,
    MetaData,
    Table,
    and_,
    bindparam,
    exists,
    func,
    inspect,
    literal,
    literal_column,
    null,
    or_,
    select,
    type_coerce,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.types import NullType

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import batches, execute_in, load_sql, select_in

OPEN_OUTCOMES = ("held", "quarantined")
# What a source's clock looks like (LIKE patterns): NetSuite's 'YYYY-MM-DD HH:MM:SS', AP's RFC 3339.
_CLOCK_SHAPE = {"stg_ns_": "____-__-__ __:__:__", "stg_ap_": "____-__-__T__:__:__%"}
_INSERT = {"sqlite": sqlite_insert, "postgresql": pg_insert}


def table(engine: Engine, name: str) -> Table:
    # Names come from the object specs (``flows.objects``); never from input.
    if not name.startswith(tuple(_CLOCK_SHAPE)):
        raise ValueError(f"{name!r} is not a staging table")
    return _reflect(engine, name)


@functools.cache
def _reflect(engine: Engine, name: str) -> Table:
    return Table(name, MetaData(), autoload_with=engine)


def insert(engine: Engine, name: str, rows: Sequence[Mapping], chunk: int = 5000) -> int:
    """Insert rows; one already staged (same id and last modified) is left as it is, unless this
    reading of it has another content hash. Then it is replaced and processed again: NetSuite stamps
    changes to the second, so an edit in the second the record was read keeps its last-modified
    value (the rules' keys carry the hash, so its changes are posted as a new effect), and an
    answer garbled in transit must not keep a record held or quarantined once a retry reads it right.

    Returns how many rows were new or replaced.
    """
    if not rows:
        return 0
    _refuse_conflicting_duplicates(name, rows)
    tbl = table(engine, name)
    statement = _insert_statement(engine, tbl)
    now = utcnow()
    inserted = 0
    with engine.begin() as conn:
        for start in range(0, len(rows), chunk):
            batch = [{"staged_at": now, **row} for row in rows[start : start + chunk]]
            result = conn.execute(statement, batch)
            inserted += max(result.rowcount, 0)
    return inserted


def _insert_statement(engine: Engine, tbl: Table):
    statement = _INSERT[engine.dialect.name](tbl)
    if "raw_json" not in tbl.c:
        return statement.on_conflict_do_nothing()
    key = _version_key(engine, tbl.name)
    fresh = {c.name: statement.excluded[c.name] for c in tbl.c if c.name not in ("id", *key, *_PROGRESS)}
    return statement.on_conflict_do_update(
        index_elements=key,
        set_={**fresh, "validation_status": literal_column("'pending'"), **dict.fromkeys(_PROGRESS[1:], null())},
        where=_reads_differently(tbl, statement.excluded),
    )


def _reads_differently(tbl: Table, excluded):
    """The version as stored and as read now differ in content: by their hashes, or by the raw
    JSON for a row staged before rows carried a hash."""
    return or_(
        tbl.c.content_hash != excluded.content_hash,
        and_(tbl.c.content_hash.is_(None), tbl.c.raw_json != excluded.raw_json),
    )


_PROGRESS = ("validation_status", "outcome", "outcome_rule", "processed_at")


@functools.cache
def _version_key(engine: Engine, name: str) -> tuple[str, ...]:
    """The unique (partner, id, last modified) columns of a staging table."""
    for constraint in inspect(engine).get_unique_constraints(name):
        if {"source_id", "source_modified"} <= set(constraint["column_names"]):
            return tuple(constraint["column_names"])
    raise ValueError(f"{name} has no unique (source_id, source_modified) key")


class ConflictingDuplicates(ValueError):
    """One answer holds the same record version twice with different contents."""


def _refuse_conflicting_duplicates(name: str, rows: Sequence[Mapping]) -> None:
    """The same record twice in one answer is one record; twice with different contents, the answer
    cannot be trusted (which one is true?), so it is refused instead of keeping either silently."""
    seen: dict[tuple, str] = {}
    for row in rows:
        if "raw_json" not in row:
            continue
        key = (row.get("record_type"), row["source_id"], row["source_modified"])
        if seen.setdefault(key, row["raw_json"]) != row["raw_json"]:
            raise ConflictingDuplicates(
                f"{name}: record {row['source_id']!r} (last modified {row['source_modified']}) appears twice in "
                "one answer with different contents; nothing of this answer was staged, the step can be retried"
            )


def staged_with_lines(
    engine: Engine, partner_id: str, invoices: Sequence[Mapping]
) -> tuple[set[str], list[tuple[str, str]]]:
    """Among ``invoices`` (staging rows just read), the versions staged already with their lines:
    (source ids of those read unchanged, (id, last modified) of those that read differently now).

    An unchanged reading needs no new read of its lines; a new version, or the same one
    reading differently (an edit within its second), does, and the lines staged for the
    latter are stale (``drop_lines``).
    """
    readings = {(r["source_id"], r["source_modified"]): r for r in invoices if r["source_id"]}
    ids = {source_id for source_id, _ in readings}
    unchanged, changed = set(), []
    for staged in select_in(engine, "staging/invoices_with_lines.sql", "ids", ids, partner_id=partner_id):
        version = (staged["source_id"], staged["source_modified"])
        reading = readings.get(version)
        if reading is None:
            continue
        if _same_content(staged, reading):
            unchanged.add(staged["source_id"])
        else:
            changed.append(version)
    return unchanged, changed


def _same_content(staged: Mapping, reading: Mapping) -> bool:
    if staged["content_hash"] is None:
        return staged["raw_json"] == reading["raw_json"]
    return staged["content_hash"] == reading.get("content_hash")


def drop_lines(engine: Engine, partner_id: str, versions: Sequence[tuple[str, str]]) -> None:
    """Forget the staged lines of these invoice versions: their lines are staged again as read now."""
    if versions:
        params = [{"partner_id": partner_id, "invoice_id": i, "source_modified": m} for i, m in versions]
        with engine.begin() as conn:
            conn.execute(load_sql("staging/drop_invoice_lines.sql"), params)


def supersede(engine: Engine, name: str, partner_id: str) -> int:
    """Older versions of a record that never finished are skipped: the newest one speaks for it."""
    tbl = table(engine, name)
    newer = tbl.alias("newer")
    statement = (
        update(tbl)
        .where(
            tbl.c.partner_id == partner_id,
            _open(tbl),
            exists().where(
                newer.c.partner_id == tbl.c.partner_id,
                newer.c.source_id == tbl.c.source_id,
                newer.c.source_modified > tbl.c.source_modified,
            ),
        )
        .values(outcome="skipped", outcome_rule="superseded", processed_at=utcnow())
    )
    with engine.begin() as conn:
        return conn.execute(statement).rowcount


def _unfinished(tbl: Table):
    """New or held: the records a watermark must not pass (I5)."""
    return or_(tbl.c.outcome.is_(None), tbl.c.outcome == "held")


def _open(tbl: Table):
    return or_(tbl.c.outcome.is_(None), tbl.c.outcome.in_(OPEN_OUTCOMES))


def work_set_query(
    engine: Engine,
    name: str,
    partner_id: str,
    run_ids: Sequence[str] | None = None,
    passed_only: bool = False,
    as_stored: bool = False,
    raw: bool = True,
):
    """Newest version of each record that is new, held or quarantined.

    With ``run_ids``, only the records those runs staged (an initial-sync chunk);
    with ``passed_only``, only those that passed validation. ``as_stored`` leaves values
    as the driver gives them (no Decimal or date made of SQLite's numbers and text) for
    a reader that parses them itself; ``raw=False`` leaves out the raw JSON.
    """
    # Older open versions are closed by supersede() first, so no per-row MAX is needed here.
    tbl = table(engine, name)
    conditions = [tbl.c.partner_id == partner_id, _open(tbl)]
    if run_ids is not None:
        conditions.append(tbl.c.run_id.in_(run_ids))
    if passed_only:
        conditions.append(tbl.c.validation_status == "passed")
    columns = [c for c in tbl.c if c.name not in _BOOKKEEPING and (raw or c.name != "raw_json")]
    if as_stored:
        columns = [type_coerce(c, NullType()).label(c.name) for c in columns]
    return select(*columns).where(and_(*conditions)).order_by(tbl.c.source_modified, tbl.c.source_id)


# Written by the pipeline, never read by validation or the rules.
_BOOKKEEPING = ("staged_at", "processed_at", "outcome_rule")


def invoices_to_plan(
    engine: Engine, partner_id: str, run_ids: Sequence[str] | None = None, size: int = 1000
) -> Iterator[InvoiceRows]:
    """The validated work set of invoices, ``size`` at a time (see ``InvoiceRows``)."""
    query = load_sql("staging/invoices_to_plan.sql", engine.dialect.name).bindparams(
        bindparam("run_ids", expanding=True)
    )
    params = {"partner_id": partner_id, "every_run": run_ids is None, "run_ids": list(run_ids or [""])}
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(query, params)
        keys = tuple(result.keys())
        previous = None
        while rows := result.fetchmany(size):
            batch = []
            for row in rows:
                # The id comes first; a repeated one is a second AP invoice with that external id.
                if row[0] != previous:
                    batch.append(tuple(row))
                    previous = row[0]
            yield InvoiceRows(keys, batch)


@dataclass(frozen=True)
class InvoiceRows:
    """Rows of ``invoices_to_plan.sql`` as fetched. Each becomes a dict when iterated (in a
    planning process, when there is one): the invoice's columns, ``mirror`` (the AP invoice
    carrying its id, or None) and ``lines`` (its staged lines, in line order)."""

    keys: tuple[str, ...]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict]:
        # The query's columns: the invoice's, then mirror_*, then lines_json.
        mirror_at, lines_at = self.keys.index("mirror_ap_id"), self.keys.index("lines_json")
        invoice_keys = self.keys[:mirror_at]
        mirror_keys = [k.removeprefix("mirror_") for k in self.keys[mirror_at:lines_at]]
        for row in self.rows:
            invoice = dict(zip(invoice_keys, row[:mirror_at], strict=True))
            invoice["mirror"] = dict(zip(mirror_keys, row[mirror_at:lines_at], strict=True)) if row[mirror_at] else None
            invoice["lines"] = sorted(_LINES.decode(row[lines_at]), key=line_order) if row[lines_at] else []
            yield invoice


_LINES = msgspec.json.Decoder(list[dict])


def line_order(line: Mapping) -> tuple[int, str]:
    """NetSuite line ids are numbers kept as text: line 10 comes after line 9."""
    return len(line["line_id"]), line["line_id"]


def raw_json_of(engine: Engine, name: str, row_ids: Sequence[int]) -> dict[int, str]:
    """The raw JSON of some staging rows, by row id."""
    tbl = table(engine, name)
    query = select(tbl.c.id, tbl.c.raw_json).where(tbl.c.id.in_(bindparam("ids", expanding=True)))
    found: dict[int, str] = {}
    with engine.connect() as conn:
        for start in range(0, len(row_ids), 5000):
            found.update(conn.execute(query, {"ids": list(row_ids[start : start + 5000])}).tuples().all())
    return found


def set_outcomes(engine: Engine, name: str, outcomes: Iterable[tuple[int, str, str | None]]) -> int:
    """``outcomes``: (staging row id, outcome, rule or check)."""
    tbl = table(engine, name)
    rows = [{"row_id": row_id, "o": outcome, "r": rule, "t": utcnow()} for row_id, outcome, rule in outcomes]
    if not rows:
        return 0
    statement = (
        update(tbl)
        .where(tbl.c.id == bindparam("row_id"))
        .values(outcome=bindparam("o"), outcome_rule=bindparam("r"), processed_at=bindparam("t"))
    )
    with engine.begin() as conn:
        conn.execute(statement, rows)
    return len(rows)


def set_validation(engine: Engine, name: str, passed_ids: Sequence[int], failed: Mapping[int, str]) -> None:
    """Record a batch's validation: ``failed`` maps a row id to the first check it failed, and
    such a row is quarantined with that check as its rule, in the same transaction."""
    tbl = table(engine, name)
    writes = [(passed_ids, {"validation_status": "passed"})]
    quarantined = {"validation_status": "failed", "outcome": "quarantined", "processed_at": utcnow()}
    for check in sorted(set(failed.values())):
        writes.append(([i for i, c in failed.items() if c == check], {**quarantined, "outcome_rule": check}))
    with engine.begin() as conn:
        for ids, values in writes:
            # In id order, each statement rewrites neighbouring rows (pages) rather than scattered ones.
            ids = sorted(ids)
            for start in range(0, len(ids), 5000):
                conn.execute(update(tbl).where(tbl.c.id.in_(ids[start : start + 5000])).values(**values))


def done_through(engine: Engine, name: str, partner_id: str) -> str | None:
    """I5: the greatest last-modified value the watermark may move to.

    Every record at or below it was applied, skipped or quarantined; the oldest
    record still new or held stops it.
    """
    tbl = table(engine, name)
    mine = tbl.c.partner_id == partner_id
    blocked = select(func.min(tbl.c.source_modified)).where(mine, _unfinished(tbl))
    with engine.connect() as conn:
        first_open = conn.execute(blocked).scalar()
        done = select(func.max(tbl.c.source_modified)).where(
            mine,
            tbl.c.outcome.in_(("applied", "skipped", "quarantined")),
            # A record quarantined for a malformed last-modified value must not become the watermark.
            tbl.c.source_modified.like(_CLOCK_SHAPE[name[:7]]),
        )
        if first_open is not None:
            done = done.where(tbl.c.source_modified < first_open)
        return conn.execute(done).scalar()


def has_open(engine: Engine, name: str, partner_id: str) -> bool:
    """Whether any record is still new or held."""
    tbl = table(engine, name)
    query = select(tbl.c.id).where(tbl.c.partner_id == partner_id, _unfinished(tbl))
    with engine.connect() as conn:
        return conn.execute(query.limit(1)).first() is not None


def unposted_ap_payments(engine: Engine, partner_id: str) -> dict[str, Decimal]:
    """Per AP invoice id: succeeded AP payments that NetSuite does not show yet."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("staging/unposted_ap_payments.sql"), {"partner_id": partner_id})
        return {invoice_id: Decimal(str(amount)) for invoice_id, amount in rows}


def latest_raw_json(engine: Engine, partner_id: str, name: str, source_id: str) -> str | None:
    """The newest version of one record staged in table ``name`` as received, or None when none is staged."""
    tbl = table(engine, name)
    query = (
        select(tbl.c.raw_json)
        .where(and_(tbl.c.partner_id == partner_id, tbl.c.source_id == source_id))
        .order_by(tbl.c.id.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        return conn.execute(query).scalar()


def invoice_lines(engine: Engine, partner_id: str, invoice_ids: Iterable[str]) -> dict[tuple[str, str], list[dict]]:
    """Staged invoice lines by (invoice id, invoice version), in line order."""
    lines: dict[tuple[str, str], list[dict]] = {}
    for row in select_in(engine, "staging/invoice_lines.sql", "invoice_ids", invoice_ids, partner_id=partner_id):
        lines.setdefault((row["invoice_id"], row["source_modified"]), []).append(row)
    for key in lines:
        lines[key].sort(key=line_order)
    return lines


def latest_ns_invoices(engine: Engine, partner_id: str, ids: Iterable[str]) -> dict[str, dict]:
    """The newest staged version of each given NetSuite invoice, whatever became of it, by id."""
    rows = select_in(engine, "staging/ns_invoices_latest.sql", "ids", ids, partner_id=partner_id)
    return {r["source_id"]: r for r in rows}


def latest_ap_payments(engine: Engine, partner_id: str, ids: Iterable[str]) -> list[dict]:
    """The newest staged version of each given AP payment."""
    return select_in(engine, "staging/ap_payments_latest.sql", "ids", ids, partner_id=partner_id)


def deleted_invoice_ids(engine: Engine, partner_id: str, ids: Iterable[str]) -> set[str]:
    """Those of the given NetSuite invoices that NetSuite reported deleted."""
    rows = select_in(
        engine, "staging/deleted_invoice_ids.sql", "ids", [f"invoice:{i}" for i in ids], partner_id=partner_id
    )
    return {r["source_id"].split(":", 1)[1] for r in rows}


def customers_to_create(engine: Engine, partner_id: str) -> list[dict]:
    """Customers staged with no AP customer yet (source_id, is_inactive, email)."""
    with engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(load_sql("staging/customers_to_create.sql"), {"partner_id": partner_id}).mappings()
        ]


def customers_not_in_ap(engine: Engine, partner_id: str) -> list[dict]:
    """Customers kept out of AP (source_id, entity_id, and the reason when quarantined, else None)."""
    with engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(load_sql("staging/customers_not_in_ap.sql"), {"partner_id": partner_id}).mappings()
        ]


def close_deleted(engine: Engine, partner_id: str, record_type: str, ids: Iterable[str]) -> None:
    """Close the versions still waiting of records NetSuite deleted (``record_type``: invoice or customer)."""
    execute_in(engine, f"staging/close_deleted_{record_type}s.sql", "ids", ids, partner_id=partner_id, now=utcnow())


def invoices_needing_pdf(engine: Engine, partner_id: str) -> list[dict]:
    """Newest applied version of each invoice whose AP PDF is missing or from an older version."""
    with engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(load_sql("staging/invoices_needing_pdf.sql"), {"partner_id": partner_id}).mappings()
        ]


def open_rows(engine: Engine, name: str, partner_id: str, run_ids: Sequence[str] | None = None) -> list[dict]:
    """The work set as dicts (see ``work_set_query``)."""
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(work_set_query(engine, name, partner_id, run_ids)).mappings()]


def work_set_frames(engine: Engine, name: str, partner_id: str, run_ids: Sequence[str] | None, size: int) -> Iterator:
    """The work set as stored, without its raw JSON, in pandas frames of ``size`` rows (for validation)."""
    import pandas as pd  # not at import time: DAG files load this module while parsing

    query = work_set_query(engine, name, partner_id, run_ids, as_stored=True, raw=False)
    with engine.connect().execution_options(stream_results=True) as conn:
        yield from pd.read_sql(query, conn, chunksize=size)


def passed_batches(
    engine: Engine, name: str, partner_id: str, run_ids: Sequence[str] | None, size: int
) -> Iterator[list[dict]]:
    """The work set's records that passed validation, ``size`` at a time."""
    yield from batches(engine, work_set_query(engine, name, partner_id, run_ids, passed_only=True), {}, size)


def reopen_payments(engine: Engine, partner_id: str, ids: Iterable[str]) -> None:
    """F7: the newest version of these AP payments goes back in the work set."""
    execute_in(engine, "staging/reopen_payments.sql", "ids", ids, partner_id=partner_id)


def outcomes(engine: Engine, partner_id: str, tables: Mapping[str, str]) -> list[tuple[str, int, str | None]]:
    """I4: every record of a partner staged in ``tables`` (kind -> table), as (kind, row id, outcome)."""
    parts = []
    for kind, name in tables.items():
        tbl = table(engine, name)
        parts.append(select(literal(kind).label("kind"), tbl.c.id, tbl.c.outcome).where(tbl.c.partner_id == partner_id))
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(union_all(*parts)).all()]


def first_open(engine: Engine, name: str, partner_id: str) -> str | None:
    """The last-modified value of the oldest record still new or held (I5)."""
    tbl = table(engine, name)
    query = select(func.min(tbl.c.source_modified)).where(tbl.c.partner_id == partner_id, _unfinished(tbl))
    with engine.connect() as conn:
        return conn.execute(query).scalar()
