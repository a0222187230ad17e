"""The shared shape of every object's run: validate the staged work set, plan
each record with its rule, apply the decisions, record outcomes, advance the
watermark and report.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

import pandas as pd

from netsuite_ap_sync.engine import refusals, validation
from netsuite_ap_sync.engine.apply import Poster, RecordResult, Tally, apply_all
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.objects import ObjectSpec, Planned
from netsuite_ap_sync.engine.plan_processes import plan_in_processes
from netsuite_ap_sync.warehouse import quarantine, reports

log = logging.getLogger(__name__)
BATCH = 1000


def work_set(ctx: RunContext, spec: ObjectSpec, run_ids: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
    """The newest open version of each record, in batches, without its raw JSON (see ``_add_raw_columns``)."""
    return ctx.wh.table(spec.table).work_set_frames(run_ids, BATCH * 50)


def passed_rows(ctx: RunContext, spec: ObjectSpec, run_ids: Sequence[str] | None = None) -> Iterator[list[dict]]:
    """The records of the work set that passed validation, a batch at a time."""
    return ctx.wh.table(spec.table).passed_batches(run_ids, BATCH)


def validate_staged(
    ctx: RunContext, spec: ObjectSpec, context: dict | None = None, run_ids: Sequence[str] | None = None
) -> dict:
    """Run the object's GX suite over its work set; failing rows go to quarantine with the reason."""
    with long_lived_objects_frozen():
        return _validate_staged(ctx, spec, context, run_ids)


@contextlib.contextmanager
def long_lived_objects_frozen() -> Iterator[None]:
    """Keep what is alive before a bulk step (Airflow, GX, pandas and the rest) out of the cyclic
    collector while the step runs: it outlives the step, and GX and pandas allocate enough
    containers per batch that walking it again at every full collection costs seconds a run."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _validate_staged(ctx: RunContext, spec: ObjectSpec, context: dict | None, run_ids: Sequence[str] | None) -> dict:
    ctx.wh.table(spec.table).supersede()
    open_report(ctx, spec)
    checked = failed = 0
    by_check: dict[str, dict] = {}
    previously_quarantined = ctx.wh.quarantine.open_ids(spec.object_type)
    for frame in work_set(ctx, spec, run_ids):
        _add_raw_columns(ctx, spec, frame)
        failures = validation.validate(spec.suite, frame, context) if spec.suite else []
        first_check: dict[int, str] = {}
        for f in failures:
            first_check.setdefault(f.row_id, f"gx:{f.check}")
        good = frame[~frame["id"].isin(list(first_check))]
        ctx.wh.quarantine.record(
            [quarantine.Failure(spec.object_type, f.source_id, f"gx:{f.check}", f.reason) for f in failures],
        )
        ctx.wh.table(spec.table).set_validation([int(i) for i in good["id"]], first_check)
        passed_before = previously_quarantined & set(good["source_id"])
        _resolve_gx(ctx, spec.object_type, passed_before)
        checked += len(frame)
        failed += len(first_check)
        _count_by_check(by_check, failures)
    log.info("partner %s %s: validated %d, %d quarantined", ctx.partner_id, spec.object_type, checked, failed)
    for check, entry in sorted(by_check.items()):
        sample = entry["samples"][0]
        log.warning(
            "partner %s %s: %d quarantined by %s, e.g. %s: %s",
            ctx.partner_id,
            spec.object_type,
            entry["records"],
            check,
            sample["source_id"],
            sample["reason"],
        )
    record_quarantines(ctx, spec)
    return {"validated": checked, "failed": failed, "quarantined": by_check}


def _count_by_check(by_check: dict[str, dict], failures: Iterable) -> None:
    """This step's failures by check: how many, and the first few records with their reasons."""
    for f in failures:
        entry = by_check.setdefault(f"gx:{f.check}", {"records": 0, "samples": []})
        entry["records"] += 1
        if len(entry["samples"]) < reports.SAMPLES:
            entry["samples"].append({"source_id": f.source_id, "reason": f.reason})


def record_quarantines(ctx: RunContext, spec: ObjectSpec) -> None:
    """The run's report of the object counts its quarantines as they stand after this step."""
    if not ctx.dry_run:
        ctx.wh.reports.record_quarantines(dag_id=ctx.dag_id, run_id=ctx.run_id, object_type=spec.object_type)


def open_report(ctx: RunContext, spec: ObjectSpec) -> None:
    """Begin the run's report of the object before the step quarantines anything (see ``reports``)."""
    if not ctx.dry_run:
        ctx.wh.reports.open_report(
            dag_id=ctx.dag_id,
            run_id=ctx.run_id,
            object_type=spec.object_type,
            direction=spec.direction,
        )


def _add_raw_columns(ctx: RunContext, spec: ObjectSpec, frame: pd.DataFrame) -> None:
    """The values as received, for the rows whose typed value is missing: only those
    reasons quote them, so only their raw JSON is read and parsed."""
    columns = {column: key for column, key in spec.raw_keys.items() if column in frame}
    if frame.empty or not columns:
        return
    unreadable = frame.loc[frame[list(columns)].isna().any(axis=1), "id"]
    stored = ctx.wh.table(spec.table).raw_json_of([int(i) for i in unreadable])
    raw = unreadable.map(lambda row_id: json.loads(stored[row_id]))
    for column, key in columns.items():
        # NetSuite's name for the field, else AP's (which is the column's own name).
        frame[f"raw_{column}"] = raw.map(lambda r, k=key, c=column: r.get(k, r.get(c))).reindex(frame.index)


def _resolve_gx(ctx: RunContext, object_type: str, source_ids: set[str]) -> None:
    """Records that failed a GX check earlier and pass now leave quarantine (the rules may put them back)."""
    if source_ids:
        ctx.wh.quarantine.resolve(object_type, sorted(source_ids))


def plans(ctx: RunContext, spec: ObjectSpec, run_ids: Sequence[str] | None = None) -> Iterator[Planned]:
    """Every validated open record planned, a batch at a time, in work-set order.

    ``spec.read`` gives the planner its rows; an object whose rules compare each record with
    more than its staging row reads those together with it (see ``staging.invoices_to_plan``),
    and its planner, needing nothing else, may then run in several ``spec.processes``.
    """
    read = spec.read or passed_rows
    processes = spec.processes() if spec.processes else 1
    return plan_in_processes(spec.planner(ctx), read(ctx, spec, run_ids), processes)


def at_most(planned: Iterable[Planned], limit: int) -> Iterator[Planned]:
    """A long backlog in bounded slices: the first ``limit`` records in work-set order. The
    rest stay open for the next run, and the watermark stops before the first of them (I5),
    so a run never waits on one partner's backlog."""
    left = limit
    batches = iter(planned)
    try:
        for batch in batches:
            yield batch[:left]
            left -= len(batch)
            if left <= 0:
                return
    finally:
        getattr(batches, "close", lambda: None)()  # the reading cursor, left before its end


def reconcile(
    ctx: RunContext, spec: ObjectSpec, planned: Iterable[Planned], posters: dict[str, Poster], workers: int = 8
) -> Tally:
    """Apply the planned decisions (or only show them in a dry run), recording each record's outcome."""
    open_report(ctx, spec)
    tally = Tally()
    for batch in planned:
        results = apply_all(ctx, batch, posters, workers=workers)
        _record(ctx, spec, results, tally)
    # Validation resolved the entries of records that passed it; the rules may have put them back.
    record_quarantines(ctx, spec)
    return tally


def _record(ctx: RunContext, spec: ObjectSpec, results: list[RecordResult], tally: Tally) -> None:
    for r in results:
        tally.add(r, ctx.dry_run)
    if not ctx.dry_run:
        ctx.wh.table(spec.table).set_outcomes([(r.row_id, r.outcome.value, r.rule) for r in results])


def advance(ctx: RunContext, spec: ObjectSpec) -> str | None:
    """I5: move the watermark up to the last record every earlier one of which is finished."""
    if ctx.dry_run:
        return None
    through = ctx.wh.table(spec.table).done_through()
    if through:
        ctx.wh.advance_watermark(spec.watermark, through, ctx.run_id)
    return through


def report(ctx: RunContext, spec: ObjectSpec, tally: Tally, read: int, started: float) -> dict:
    summary = {"object": spec.object_type, "direction": spec.direction, **tally.as_dict(), "extracted": read}
    if ctx.dry_run:
        summary["intended"] = tally.planned
    else:
        _write_report(ctx, spec, read, tally, time.monotonic() - started)
        summary["quarantines"] = ctx.wh.reports.run_quarantines(
            dag_id=ctx.dag_id, run_id=ctx.run_id, object_type=spec.object_type
        )
    log.info(
        "partner %s %s: read %d, applied %d (posted %d), held %d, skipped %s, quarantined %s, refused %d",
        ctx.partner_id,
        spec.object_type,
        read,
        tally.applied,
        tally.posted,
        tally.held,
        dict(tally.skipped),
        dict(tally.quarantined),
        tally.refused,
    )
    return summary


def report_read(ctx: RunContext, spec: ObjectSpec, read: int) -> None:
    """The extract task's share of the run report: how many records it read."""
    if not ctx.dry_run:
        _write_report(ctx, spec, read, Tally(), None)


def _write_report(ctx: RunContext, spec: ObjectSpec, read: int, tally: Tally, seconds: float | None) -> None:
    ctx.wh.reports.write_report(
        dag_id=ctx.dag_id,
        run_id=ctx.run_id,
        object_type=spec.object_type,
        direction=spec.direction,
        read_count=read,
        applied=tally.applied,
        held=tally.held,
        skipped=tally.skipped,
        quarantined=tally.quarantined,
        refused=tally.refused,
        seconds=seconds,
    )


# --- The three steps of every object, run from its spec --------------------------------------


def stage(ctx: RunContext, spec: ObjectSpec) -> dict:
    """Read what changed at the source since the watermark into staging."""
    out = spec.extract(ctx, spec)
    report_read(ctx, spec, out.read)
    return out.as_dict()


def validate(ctx: RunContext, spec: ObjectSpec, run_ids: Sequence[str] | None = None) -> dict:
    context = spec.validation_context(ctx) if spec.validation_context else None
    return validate_staged(ctx, spec, context, run_ids)


def post(ctx: RunContext, spec: ObjectSpec) -> dict:
    """Plan and apply the open records, advance the watermark over what is finished, report."""
    started = time.monotonic()
    if spec.validated_in_post:
        validate(ctx, spec)
    planned = plans(ctx, spec)
    if spec.per_run:
        planned = at_most(planned, spec.per_run())
    source_ids: list[str] = []
    tally = reconcile(ctx, spec, _noting_source_ids(planned, source_ids), spec.posters, posting_workers(ctx, spec))
    if spec.after_post and not ctx.dry_run:
        spec.after_post(ctx, source_ids)
    advance(ctx, spec)
    summary = report(ctx, spec, tally, 0, started)
    if spec.refused_label:
        refusals.stop_if_most_refused(ctx, spec.refused_label, tally)
    return summary


def posting_workers(ctx: RunContext, spec: ObjectSpec) -> int:
    return ctx.netsuite_workers(spec.netsuite_workers) if spec.netsuite_workers else 8


def _noting_source_ids(planned: Iterable[Planned], source_ids: list[str]) -> Iterator[Planned]:
    for batch in planned:
        source_ids.extend(source_id for _, source_id, _ in batch)
        yield batch


def bind(step: Callable[..., dict], spec: ObjectSpec) -> Callable[..., dict]:
    """``step`` for one object, under the name the step registry knows it by (``stage_customers``)."""

    def bound(ctx: RunContext, *args, **kwargs) -> dict:
        return step(ctx, spec, *args, **kwargs)

    bound.__name__ = bound.__qualname__ = f"{step.__name__}_{spec.name}"
    bound.__doc__ = f"{step.__name__.capitalize()} the {spec.object_type} records (``engine.steps.{step.__name__}``)."
    return bound
