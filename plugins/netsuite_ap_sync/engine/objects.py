"""What the generic steps need to know about one synced object (``ObjectSpec``).

Each object (customer, invoice, payment ...) is one ``ObjectSpec`` in
``netsuite_ap_sync.flows.objects``; ``engine.steps`` stages, validates and posts
any of them from it, so an object differs from another only in what is listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netsuite_ap_sync.rules.decisions import Decision

if TYPE_CHECKING:
    from netsuite_ap_sync.engine.apply import Poster
    from netsuite_ap_sync.engine.context import RunContext

# (staging row id, source id, decisions) for each record of a batch.
Planned = list[tuple[int, str, list[Decision]]]
Planner = Callable[[Iterable[dict]], Planned]
# Rows handed to the planner, a batch at a time: (context, spec, run ids or None for every run).
Reader = Callable[["RunContext", "ObjectSpec", "Sequence[str] | None"], Iterator[Iterable[dict]]]

# Where validation finds a NetSuite value as received, for its reason text (AP's keys are the columns' own).
NETSUITE_RAW_KEYS = {
    "total": "foreigntotal",
    "amount_unpaid": "foreignamountunpaid",
    "tran_date": "trandate",
    "due_date": "duedate",
    "tran_id": "tranid",
    "customer_id": "entity",
    "entity_id": "entityid",
}


@dataclass(frozen=True)
class ObjectSpec:
    """One synced object. Only ``name`` to ``direction`` are required; an object without a
    ``planner`` has steps of its own (PDFs, deleted payments) and uses the rest for its reports."""

    name: str  # the plural in its step names: stage_<name>, validate_<name>, post_<name>
    object_type: str  # as in quarantine, reports and the ledger
    table: str  # its staging table
    watermark: str | None  # the sync_state entry its reads start from and its post step advances (I5)
    direction: str  # "netsuite_to_ap" or "ap_to_netsuite", as in reports
    suite: str | None = None  # its GX suite in ``engine.validation.SUITES``; None: not validated
    extract: Callable[[RunContext, ObjectSpec], Any] | None = None  # source -> staging; returns ``Extracted``
    ap_pages: str | None = None  # an AP object's page iterator on the AP hook (``iter_payments``)
    to_row: Callable[[dict, str, str], dict] | None = None  # an AP answer -> its staging row
    planner: Callable[[RunContext], Planner] | None = None  # per run: what the rules decide for a batch of rows
    read: Reader | None = None  # the planner's rows; None: the rows that passed validation, as staged
    posters: Mapping[str, Poster] = field(default_factory=dict)  # by decision target
    netsuite_workers: int | None = None  # posting threads wanted within the partner's NetSuite slots; None: 8
    processes: Callable[[], int] | None = None  # planning processes, for a planner that reads nothing itself
    raw_keys: Mapping[str, str] = field(default_factory=dict)  # column -> key in the raw JSON (reasons)
    validation_context: Callable[[RunContext], dict] | None = None  # what its suite checks rows against
    validated_in_post: bool = False  # no validate step of its own: the post step validates first
    per_run: Callable[[], int] | None = None  # at most this many records a post step; the rest next run
    after_post: Callable[[RunContext, list[str]], None] | None = None  # with the source ids planned (not dry runs)
    refused_label: str | None = None  # fail the post step when AP refused most of these (``refusals``)
    lines_table: str | None = None  # staging table of its lines, when it has any
