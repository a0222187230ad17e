"""What the planners return: mutations to execute, or why nothing is applied.

Every planner returns a non-empty list of these (I4). The pipeline executes
``Mutation``s in list order (a create comes before the mutations that act on
what it created), reports ``ManualAction``s, retries ``Hold``s on a later run,
and records ``Skip``s and ``Quarantine``s as outcomes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

RULE_IDS = frozenset(
    [f"F{n}" for n in range(1, 9)]
    + [f"S{n}" for n in range(1, 9)]
    + [f"C{n}" for n in range(1, 5)]
    + [f"I{n}" for n in range(1, 6)]
    + [f"R{n}" for n in range(1, 5)]
)

AP = "ap"
NETSUITE = "netsuite"
# The NetSuite record each NetSuite action upserts by external id (``posters.netsuite``).
NETSUITE_RECORDS = {
    "create_customer_payment": "customerpayment",
    "create_deposit": "deposit",
    # R1-R4: a reversed AP payment booked in NetSuite.
    "unapply_customer_payment": "customerpayment",
    "create_credit_memo": "creditmemo",
    "create_customer_refund": "customerrefund",
}
ACTIONS = {
    AP: frozenset(
        {
            "create_customer",
            "update_customer",
            "create_invoice",
            "update_invoice",
            "mark_invoice_paid",
            "archive_invoice",
            "attach_pdf",
            "reopen_invoice_balance",
            # R1/R2: the AP invoice's balance set to NetSuite's, read when posted.
            "follow_netsuite_balance",
        }
    ),
    NETSUITE: frozenset(NETSUITE_RECORDS),
}


def _require_rule(rule: str) -> None:
    if rule not in RULE_IDS:
        raise ValueError(f"unknown rule id {rule!r}")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, frozenset, set)):
        return sorted(value) if isinstance(value, (frozenset, set)) else list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 kept: equal values give equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


@dataclass(frozen=True)
class Mutation:
    """One change to apply on ``target``.

    ``key`` is the idempotency key: the same intended effect always yields the
    same key, a different effect (for example a later NetSuite edit) a new one.
    It holds no partner id; the pipeline prefixes it. ``target_id`` names the
    record changed on the target side; it is None for creates and for a
    mutation on a record created by an earlier mutation of the same list (the
    pipeline finds it by ``external_id`` = ``source_id``). ``carries`` names the
    AP payments the change posts as part of it (S7 payments on a payout's
    deposit), so the ledger shows each of them posted too.
    """

    rules: tuple[str, ...]
    target: str
    action: str
    object_type: str
    source_id: str
    key: str
    payload: Mapping[str, Any] = field(hash=False)
    target_id: str | None = None
    carries: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.rules:
            raise ValueError("a mutation names at least one rule")
        for rule in self.rules:
            _require_rule(rule)
        if self.action not in ACTIONS.get(self.target, ()):
            raise ValueError(f"unknown action {self.action!r} for target {self.target!r}")

    def payload_hash(self) -> str:
        """sha256 of the canonical JSON of the payload."""
        return hashlib.sha256(canonical_json(self.payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Skip:
    """Nothing applied because rule ``rule`` says so."""

    rule: str
    object_type: str
    source_id: str
    reason: str

    def __post_init__(self) -> None:
        _require_rule(self.rule)


@dataclass(frozen=True)
class Hold:
    """Not applied yet: retry on a later run, never drop."""

    rule: str
    object_type: str
    source_id: str
    reason: str

    def __post_init__(self) -> None:
        _require_rule(self.rule)


@dataclass(frozen=True)
class ManualAction:
    """Something the partner must do by hand; reported once per ``key``."""

    rule: str
    object_type: str
    source_id: str
    message: str
    invoice_number: str | None
    amount: Decimal | None
    key: str

    def __post_init__(self) -> None:
        _require_rule(self.rule)


@dataclass(frozen=True)
class Quarantine:
    """Data breaking a rule's precondition; ``check`` is ``'<rule>:<check name>'``."""

    check: str
    object_type: str
    source_id: str
    reason: str

    def __post_init__(self) -> None:
        _require_rule(self.check.split(":", 1)[0])


Decision = Mutation | Skip | Hold | ManualAction | Quarantine


class Outcome(StrEnum):
    """What became of one input record (I4)."""

    APPLIED = "applied"
    SKIPPED = "skipped"
    HELD = "held"
    QUARANTINED = "quarantined"


DONE = frozenset({Outcome.APPLIED, Outcome.SKIPPED, Outcome.QUARANTINED})


def planned_outcome(decisions: Iterable[Decision]) -> Outcome:
    """The record's outcome once its mutations succeed.

    A quarantine outweighs a hold, a hold outweighs mutations (the record is
    not finished), and a record with only skips is skipped. The pipeline
    reports a record whose mutation failed as held.
    """
    kinds = {type(decision) for decision in decisions}
    if not kinds:
        raise ValueError("a planner returned no decision (I4)")
    if Quarantine in kinds:
        return Outcome.QUARANTINED
    if Hold in kinds:
        return Outcome.HELD
    if kinds & {Mutation, ManualAction}:
        return Outcome.APPLIED
    return Outcome.SKIPPED
