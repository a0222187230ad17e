"""How each scheduled run finds which partners have work, longest-waiting first.

``plan_probes`` (the run's first task) reads the warehouse once for every partner (open
records, watermarks, when the DAG last took each partner) and slices the partners that still
look idle into probe tasks of ``SYNC_PROBE_PARTNERS_PER_TASK`` each. ``probe_partners`` (one
mapped task per slice, labelled with its partners) sends at most one small request per source
and object for each, in a thread pool: AP payments and payouts updated after their watermark
(one record each), NetSuite counts of what changed or was deleted after its watermark; for the
hourly cycle also AP customers and invoices changed after the hourly steps last read them (the
payments steps refresh the AP mirror too, so the mirror's own watermark would hide an AP-side
change from the hourly). A partner waiting to reconnect (C4) or in error gets its one link
check there. ``find_work`` reads the warehouse again, adds the probes' answers, and returns the
partners with work, at most ``SYNC_MAX_PARTNERS_PER_RUN`` (below Airflow's ``max_map_length``),
each mapped to a task group; the rest go first in the next run. Nothing here changes a record:
an idle partner costs a few requests and no task of its own.

Why slices: a probe reads each partner's connections, and every secret a task learns is sent to
its supervisor, whose log masker compiles one expression of every secret it knows for each new
one, so one task probing P partners costs the square of P; slices keep that bounded (the task's
own masker compiles only when it logs, ``hook_support.masking``) and spread the probes over
every worker.

Partners are also taken without a probe when they have open records (new or held), when
they have quarantined records and were last taken ``SYNC_QUARANTINE_RETRY_MINUTES`` ago, or
(hourly) an invoice PDF upload failed in the run that last took them
(quarantines are retried as before, at most that often when nothing else changes), and at
least every ``SYNC_SWEEP_HOURS`` whatever the probes say: the sweep re-reads the overlap
window the probes leave out (records NetSuite commits late with an earlier last-modified).
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hook_support.masking import compile_on_use
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.extract.netsuite import BEGINNING
from netsuite_ap_sync.extract.suiteql_files import plain_query
from netsuite_ap_sync.orchestration.readiness import restore_link, takes_part
from netsuite_ap_sync.warehouse import engine_for, partners, work
from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.engine import DEFAULT_CONN_ID
from netsuite_ap_sync.warehouse.partners import Partner

log = logging.getLogger(__name__)
MAX_MAP_LENGTH = 1024  # Airflow's default [core] max_map_length
PROBE_PAGE = 5  # AP's updated_at_start is inclusive: the record at the watermark comes back
# The hourly reads a longer page of AP invoices and customers: its own writes of the last run come
# back too, and only a page it sees to the end can show that they are all there is.
HOURLY_PROBE_PAGE = 25
LINK_DOWN = ("reconnect_required", "error")  # statuses whose partners get a link check in the probe


@dataclass(frozen=True)
class Settings:
    max_partners: int = 500
    threads: int = 16
    probe_slice: int = 20
    quarantine_retry: timedelta = timedelta(minutes=60)
    sweep: timedelta = timedelta(hours=24)

    @classmethod
    def from_env(cls) -> Settings:
        settings = cls(
            max_partners=int(os.environ.get("SYNC_MAX_PARTNERS_PER_RUN", cls.max_partners)),
            threads=int(os.environ.get("SYNC_FIND_WORK_THREADS", cls.threads)),
            probe_slice=max(1, int(os.environ.get("SYNC_PROBE_PARTNERS_PER_TASK", cls.probe_slice))),
            quarantine_retry=timedelta(minutes=float(os.environ.get("SYNC_QUARANTINE_RETRY_MINUTES", 60))),
            sweep=timedelta(hours=float(os.environ.get("SYNC_SWEEP_HOURS", 24))),
        )
        if not 1 <= settings.max_partners < MAX_MAP_LENGTH:
            raise ValueError(
                f"SYNC_MAX_PARTNERS_PER_RUN is {settings.max_partners}; set it from 1 to {MAX_MAP_LENGTH - 1} "
                "(a run maps one task group per partner, and Airflow maps at most max_map_length)"
            )
        return settings


Probe = Callable[[RunContext, dict[str, str | None]], str | None]


@dataclass(frozen=True)
class Cycle:
    dag_id: str
    need_twelve_months: bool
    watermarks: tuple[str, ...]
    probe: Probe


def _ap_changed(pages, watermark: str | None) -> bool:
    """Whether AP holds a record updated after ``watermark`` (any record, with none yet)."""
    first = next(iter(pages(updated_at_start=watermark, page_size=PROBE_PAGE) if watermark else pages(page_size=1)), [])
    records = list(first)
    if watermark is None or len(records) >= PROBE_PAGE:
        return bool(records)
    since = _instant(watermark)
    return any(_instant(r.get("updated_at")) > since for r in records)


def _instant(stamp: str | None) -> datetime:
    return datetime.fromisoformat(str(stamp or "1970-01-01T00:00:00+00:00").replace("Z", "+00:00"))


def _ns_changed(ctx: RunContext, query: str, watermark: str | None) -> bool:
    for page in ctx.netsuite.suiteql.pages(plain_query(query), [watermark or BEGINNING]):
        return any(int(row.get("changed") or 0) for row in page)
    return False


def _payments_probe(ctx: RunContext, marks: dict[str, str | None]) -> str | None:
    if _ap_changed(ctx.ap.iter_payments, marks.get("ap_payment")):
        return "AP payments changed"
    if _ap_changed(ctx.ap.iter_payouts, marks.get("ap_payout")):
        return "AP payouts changed"
    if _ns_changed(ctx, "changed_deleted_payments.sql", marks.get("deleted_payment")):
        return "NetSuite payments deleted"
    return None


def _hourly_probe(ctx: RunContext, marks: dict[str, str | None]) -> str | None:
    for kind, pages in (("invoice", ctx.ap.iter_invoices), ("customer", ctx.ap.iter_customers)):
        if _ap_changed_in_ap(ctx, pages, kind, marks):
            return f"AP {kind}s changed"
    for object_type, query in (
        ("customer", "changed_customers.sql"),
        ("invoice", "changed_invoices.sql"),
        ("deleted_record", "changed_deleted_records.sql"),
    ):
        if _ns_changed(ctx, query, marks.get(object_type)):
            return f"NetSuite {object_type}s changed"
    return None


def _ap_changed_in_ap(ctx: RunContext, pages, kind: str, marks: dict[str, str | None]) -> bool:
    """Whether AP holds a ``kind`` changed after the hourly steps last read them (before they first
    did: after the mirror's watermark) that is not this integration's own write since the hourly
    DAG last took the partner (AP stamps those too; the run that wrote them knows them)."""
    mirror = f"ap_{kind}_mirror"
    watermark = marks.get(work.hourly_read_key(mirror)) or marks.get(mirror)
    if watermark is None:
        return _ap_changed(pages, None)
    records = list(next(iter(pages(updated_at_start=watermark, page_size=HOURLY_PROBE_PAGE)), []))
    since = _instant(watermark)
    newer = {str(r["id"]) for r in records if _instant(r.get("updated_at")) > since}
    taken = marks.get(work.taken_key(CYCLES["hourly"].dag_id))
    if len(records) >= HOURLY_PROBE_PAGE or not newer or taken is None:
        return len(records) >= HOURLY_PROBE_PAGE or bool(newer)
    return bool(newer - work.own_ap_writes(ctx.engine, ctx.partner_id, newer, _instant(taken)))


CYCLES = {
    "payments": Cycle("netsuite_payments_sync", True, ("ap_payment", "ap_payout", "deleted_payment"), _payments_probe),
    "hourly": Cycle(
        "netsuite_hourly_sync",
        False,
        (
            "customer",
            "invoice",
            "deleted_record",
            "ap_invoice_mirror",
            "ap_customer_mirror",
            work.hourly_read_key("ap_invoice_mirror"),
            work.hourly_read_key("ap_customer_mirror"),
            work.taken_key("netsuite_hourly_sync"),
        ),
        _hourly_probe,
    ),
}


@dataclass
class Candidate:
    partner: Partner
    taken_at: datetime | None
    reason: str | None = None  # why it has work; None: idle


@dataclass
class Survey:
    """What the warehouse alone shows for a cycle: every covered partner, and those that need a probe."""

    spec: Cycle
    engine: Any
    candidates: list[Candidate]
    states: dict

    @property
    def to_probe(self) -> list[Candidate]:
        return [c for c in self.candidates if c.reason is None or c.partner.status in LINK_DOWN]


def survey(cycle: str, only: str | None, engine, settings: Settings, now: datetime) -> Survey:
    """One read of the warehouse for every partner: who has known work, who must be probed."""
    spec = CYCLES[cycle]
    registered = [partners.get(engine, only)] if only else partners.all_partners(engine)
    covered = [p for p in registered if takes_part(p, spec.need_twelve_months)]
    states = work.sync_states(engine, [*spec.watermarks, work.taken_key(spec.dag_id)])
    open_records = work.open_records(engine, cycle)
    failed_pdfs = work.failed_pdfs(engine, spec.dag_id) if cycle == "hourly" else {}
    candidates = []
    for p in covered:
        taken = states.get((p.partner_id, work.taken_key(spec.dag_id)))
        candidate = Candidate(p, _aware(taken["updated_at"]) if taken else None)
        candidate.reason = "named in the run" if only else _known_work(candidate, open_records, settings, now)
        if candidate.reason is None and failed_pdfs.get(p.partner_id):
            candidate.reason = "PDF uploads to retry"
        candidates.append(candidate)
    return Survey(spec, engine, candidates, states)


def plan_probes(
    cycle: str,
    only: str | None = None,
    warehouse_conn_id: str = DEFAULT_CONN_ID,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> list[list[str]]:
    """The partners whose work only a probe can tell, in slices of ``SYNC_PROBE_PARTNERS_PER_TASK``:
    one probe task each (see the module's docstring for why slices)."""
    settings = settings or Settings.from_env()
    found = survey(cycle, only, engine_for(warehouse_conn_id), settings, now or utcnow())
    ids = [c.partner.partner_id for c in found.to_probe]
    size = max(settings.probe_slice, -(-len(ids) // (MAX_MAP_LENGTH - 1)))
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def probe_partners(
    cycle: str,
    partner_ids: list[str],
    run_id: str,
    dry_run: bool = False,
    warehouse_conn_id: str = DEFAULT_CONN_ID,
    settings: Settings | None = None,
) -> dict[str, str | None]:
    """Partner -> why it has work (``None``: idle), for the partners of one probe task."""
    settings = settings or Settings.from_env()
    spec = CYCLES[cycle]
    engine = engine_for(warehouse_conn_id)
    found = []
    for partner_id in partner_ids:
        try:
            found.append(partners.get(engine, partner_id))
        except partners.UnknownPartner:
            log.info("partner %s is no longer registered", partner_id)
    states = work.sync_states(engine, [*spec.watermarks, work.taken_key(spec.dag_id)], partner_ids)
    return _probe_all([Candidate(p, None) for p in found], spec, states, run_id, dry_run, engine, settings)


def _probe_all(
    candidates: list[Candidate], spec: Cycle, states: dict, run_id: str, dry_run: bool, engine, settings: Settings
) -> dict[str, str | None]:
    # Each probed partner brings secrets to the log masker: compile its expression once per log
    # record instead of once per secret.
    compile_on_use()

    def probe(candidate: Candidate) -> str | None:
        return _probe(candidate, spec, states, run_id, dry_run, engine)

    if not candidates:
        return {}
    with ThreadPoolExecutor(max_workers=min(settings.threads, len(candidates))) as pool:
        reasons = list(pool.map(probe, candidates))
    return {c.partner.partner_id: reason for c, reason in zip(candidates, reasons, strict=True)}


def find_work(
    cycle: str,
    run_id: str,
    only: str | None = None,
    dry_run: bool = False,
    warehouse_conn_id: str = DEFAULT_CONN_ID,
    settings: Settings | None = None,
    now: datetime | None = None,
    probed: Probed | None = None,
) -> list[str]:
    """The partners a run of ``cycle`` maps over: those with work, longest-waiting first, capped.

    ``probed``: what the run's probe tasks found; without it, the partners are probed here."""
    settings = settings or Settings.from_env()
    now = now or utcnow()
    engine = engine_for(warehouse_conn_id)
    found = survey(cycle, only, engine, settings, now)
    spec, candidates = found.spec, found.candidates
    to_probe = found.to_probe
    if probed is None:
        probed = Probed(
            planned=[c.partner.partner_id for c in to_probe],
            reasons=_probe_all(to_probe, spec, found.states, run_id, dry_run, engine, settings),
        )
    for candidate in to_probe:
        candidate.reason = probed.reason(candidate.partner.partner_id) or candidate.reason
    with_work = sorted(
        (c for c in candidates if c.reason and c.reason != "link down"),
        key=lambda c: (c.taken_at is not None, c.taken_at or now, c.partner.partner_id),
    )
    chosen = with_work[: settings.max_partners]
    if not dry_run:
        work.mark_taken(engine, spec.dag_id, [c.partner.partner_id for c in chosen], run_id, now)
    reasons = Counter(c.reason.split(":")[0] for c in chosen)
    log.info("taken: %s", ", ".join(f"{n} ({reason})" for reason, n in reasons.most_common()) or "none")
    log.info(
        "%s: %d partners covered, %d probed, %d with work, %d taken this run, %d wait for the next",
        spec.dag_id,
        len(candidates),
        len(probed.reasons),
        len(with_work),
        len(chosen),
        len(with_work) - len(chosen),
    )
    return [c.partner.partner_id for c in chosen]


@dataclass(frozen=True)
class Probed:
    """What a run's probe tasks found: the partners planned for a probe, and each answer they gave."""

    planned: list[str]
    reasons: dict[str, str | None]

    @classmethod
    def from_tasks(cls, slices: list[list[str]] | None, answers: list[dict | None]) -> Probed:
        reasons: dict[str, str | None] = {}
        for answer in answers:
            reasons.update(answer or {})
        return cls([p for part in slices or [] for p in part], reasons)

    def reason(self, partner_id: str) -> str | None:
        """A probe task that failed for good answered nothing: its partners are taken, and their own
        tasks meet (and report) what failed."""
        if partner_id in self.reasons:
            return self.reasons[partner_id]
        return "check for work failed" if partner_id in self.planned else None


def _aware(value) -> datetime:
    """The warehouse's audit stamps are UTC; SQLite returns them without a zone."""
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _known_work(candidate: Candidate, open_records: dict, settings: Settings, now: datetime) -> str | None:
    """Work the warehouse alone shows: no request needed."""
    if candidate.taken_at is None:
        return "first scheduled run"
    found = open_records.get(candidate.partner.partner_id, work.OpenRecords())
    if found.unfinished:
        return "open records"
    waited = now - candidate.taken_at
    if found.quarantined and waited >= settings.quarantine_retry:
        return "quarantined records to retry"
    if waited >= settings.sweep:
        return "sweep"
    return None


def _probe(candidate: Candidate, spec: Cycle, states: dict, run_id: str, dry_run: bool, engine) -> str | None:
    partner = candidate.partner
    ctx = RunContext(partner, engine, run_id, spec.dag_id, dry_run)
    try:
        if partner.status in LINK_DOWN:
            if not restore_link(ctx):
                log.info("partner %s is %s: %s", partner.partner_id, partner.status, partner.status_message)
                return "link down"
            return "link restored"
        marks = {o: (states.get((partner.partner_id, o)) or {}).get("watermark") for o in spec.watermarks}
        return spec.probe(ctx, marks)
    except Exception as exc:  # the partner's own tasks meet the failure and report it
        log.warning("partner %s: could not check for work (%s: %s)", partner.partner_id, type(exc).__name__, exc)
        return "check for work failed"
