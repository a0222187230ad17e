"""Carry out the rules' decisions: mutations through the ledger, the rest recorded.

The ledger protocol per mutation: claim the idempotency key (the intent is
written before the call), call the target, mark it posted with the remote id.
A claim that finds an earlier unfinished attempt asks the poster to look the
record up first (by external id), so a crash between the call and the ledger
write neither loses nor doubles the mutation. Every post is itself idempotent
(PUT by external id, PATCH, archive), or preceded by that look-up. A mutation AP
refused as invalid is not sent again for the same payload: the record is quarantined
again with AP's stored answer (``StillRefused``), without a request.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.errors import StillRefused, is_refusal, rejects_record
from netsuite_ap_sync.partners.manual_action_notice import announce
from netsuite_ap_sync.rules.decisions import (
    Decision,
    Hold,
    ManualAction,
    Mutation,
    Outcome,
    Quarantine,
    Skip,
    planned_outcome,
)
from netsuite_ap_sync.warehouse import ledger, quarantine, reports

log = logging.getLogger(__name__)


class Poster(Protocol):
    target: str

    def find_existing(self, ctx: RunContext, mutation: Mutation) -> str | None:
        """The remote id if an earlier attempt already made this change, else None."""

    def post(self, ctx: RunContext, mutation: Mutation) -> str | None:
        """Make the change; return the remote id (None when there is none)."""

    def after_posted(self, ctx: RunContext, mutation: Mutation, remote_id: str | None) -> None:
        """Keep the id map and mirror in step with what was just done."""


@dataclass
class RecordResult:
    row_id: int
    source_id: str
    outcome: Outcome
    rule: str | None
    decisions: list[Decision]
    posted: int = 0
    refused: str | None = None  # the target's answer when it refused a mutation of this record now


@dataclass
class Tally:
    """Counts for the run report."""

    read: int = 0
    applied: int = 0
    held: int = 0
    posted: int = 0
    skipped: Counter = field(default_factory=Counter)
    quarantined: Counter = field(default_factory=Counter)
    manual: int = 0
    refused: int = 0
    refusal_sample: str | None = None
    planned: list[dict] = field(default_factory=list)

    def add(self, result: RecordResult, dry_run: bool) -> None:
        self.read += 1
        self.posted += result.posted
        if result.outcome == Outcome.APPLIED:
            self.applied += 1
        elif result.outcome == Outcome.HELD:
            self.held += 1
        elif result.outcome == Outcome.SKIPPED:
            self.skipped[result.rule or "?"] += 1
        else:
            self.quarantined[result.rule or "?"] += 1
        self.manual += sum(isinstance(d, ManualAction) for d in result.decisions)
        if result.refused:
            self.refused += 1
            self.refusal_sample = self.refusal_sample or f"{result.source_id}: {result.refused}"
        if dry_run:
            self.planned.extend(describe(d) for d in result.decisions)

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "applied": self.applied,
            "posted": self.posted,
            "held": self.held,
            "skipped": dict(self.skipped),
            "quarantined": dict(self.quarantined),
            "manual_actions": self.manual,
            "refused": self.refused,
        }


def describe(decision: Decision) -> dict:
    """A decision as plain data, for a dry run's answer and the logs (payloads hold no secrets)."""
    base = {"kind": type(decision).__name__, "object_type": decision.object_type, "source_id": decision.source_id}
    if isinstance(decision, Mutation):
        return {**base, "rules": list(decision.rules), "target": decision.target, "action": decision.action}
    if isinstance(decision, Quarantine):
        return {**base, "check": decision.check, "reason": decision.reason}
    if isinstance(decision, ManualAction):
        return {**base, "rule": decision.rule, "message": decision.message}
    return {**base, "rule": decision.rule, "reason": decision.reason}


def _outcome_rule(decisions: Sequence[Decision], outcome: Outcome) -> str | None:
    for d in decisions:
        if outcome == Outcome.QUARANTINED and isinstance(d, Quarantine):
            return d.check
        if outcome == Outcome.HELD and isinstance(d, Hold):
            return d.rule
        if outcome == Outcome.SKIPPED and isinstance(d, Skip):
            return d.rule
        if outcome == Outcome.APPLIED and isinstance(d, Mutation | ManualAction):
            return ",".join(d.rules) if isinstance(d, Mutation) else d.rule
    return None


def apply_record(
    ctx: RunContext, row_id: int, source_id: str, decisions: list[Decision], posters: dict[str, Poster]
) -> RecordResult:
    """Carry out one record's decisions in order; a rejected mutation quarantines the record."""
    outcome = planned_outcome(decisions)
    result = RecordResult(row_id, source_id, outcome, _outcome_rule(decisions, outcome), decisions)
    if ctx.dry_run:
        return result
    for decision in decisions:
        if isinstance(decision, Quarantine):
            _quarantine(ctx, decision.object_type, decision.source_id, decision.check, decision.reason)
        elif isinstance(decision, ManualAction):
            _report_manual_action(ctx, decision)
        elif isinstance(decision, Mutation) and outcome == Outcome.APPLIED:
            try:
                if post_mutation(ctx, decision, posters[decision.target]):
                    result.posted += 1
            except Exception as exc:
                if not rejects_record(exc):
                    raise
                check = f"{decision.rules[0]}:{decision.action}_rejected"
                _quarantine(ctx, decision.object_type, decision.source_id, check, str(exc))
                result.outcome, result.rule = Outcome.QUARANTINED, check
                if is_refusal(exc):
                    result.refused = str(exc)
                break
    if result.outcome != Outcome.QUARANTINED:
        ctx.wh.quarantine.resolve(decisions[0].object_type, [source_id])
    return result


def _report_manual_action(ctx: RunContext, decision: ManualAction) -> None:
    """List the action once; a new one is logged as a WARNING naming it and notified."""
    action = {
        "partner_id": ctx.partner_id,
        "rule": decision.rule,
        "object_type": decision.object_type,
        "source_id": decision.source_id,
        "message": decision.message,
        "invoice_number": decision.invoice_number,
        "amount": decision.amount,
    }
    if reports.report_manual_action(ctx.engine, run_id=ctx.run_id, **action):
        announce(action)


def _quarantine(ctx: RunContext, object_type: str, source_id: str, check: str, reason: str) -> None:
    ctx.wh.quarantine.record([quarantine.Failure(object_type, source_id, check, reason)])


def post_mutation(ctx: RunContext, mutation: Mutation, poster: Poster) -> bool:
    """Post one mutation under its ledger key; False when it had already been posted."""
    key = f"{ctx.partner_id}:{mutation.key}"
    entry = ledger.claim(
        ctx.engine,
        key=key,
        partner_id=ctx.partner_id,
        target_system=mutation.target,
        action=mutation.action,
        object_type=mutation.object_type,
        source_id=mutation.source_id,
        rules=",".join(mutation.rules),
        payload_hash=mutation.payload_hash(),
        run_id=ctx.run_id,
    )
    if entry.done:
        # A task killed between the ledger write and the id map/mirror update left that undone.
        poster.after_posted(ctx, mutation, entry.remote_id)
        return False
    if entry.refused:
        # Refused as it stands (this run or an earlier one): asking again gets the same answer.
        raise StillRefused(entry.last_error or "refused by the target")
    remote_id = poster.find_existing(ctx, mutation) if entry.attempts > 1 else None
    if remote_id is None:
        try:
            remote_id = poster.post(ctx, mutation)
        except Exception as exc:
            if is_refusal(exc):
                ledger.mark_refused(ctx.engine, key, str(exc))
            elif rejects_record(exc):
                ledger.mark_failed(ctx.engine, key, str(exc))
            raise
    ledger.mark_posted(ctx.engine, key, remote_id)
    poster.after_posted(ctx, mutation, remote_id)
    return True


def apply_all(
    ctx: RunContext,
    planned: Sequence[tuple[int, str, list[Decision]]],
    posters: dict[str, Poster],
    workers: int = 8,
    on_result: Callable[[RecordResult], None] | None = None,
) -> list[RecordResult]:
    """Apply many records' decisions, several records at once (each record's own decisions in order)."""
    if workers <= 1 or len(planned) <= 1:
        results = [apply_record(ctx, *item, posters) for item in planned]
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"post-{ctx.partner_id}") as pool:
            results = list(pool.map(lambda item: apply_record(ctx, *item, posters), planned))
    if on_result:
        for r in results:
            on_result(r)
    return results
