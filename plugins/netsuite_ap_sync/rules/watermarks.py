"""I5: a watermark never moves past a record that is not applied, skipped or quarantined.

Watermarks are NetSuite clock strings (the greatest ``lastmodifieddate`` seen),
read back with an overlap window and never compared with the local clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from netsuite_ap_sync.rules.decisions import DONE, Outcome
from netsuite_ap_sync.rules.ns_clock import require_ns_clock, shift_ns_clock


@dataclass(frozen=True)
class RecordOutcome:
    """One record read in a run, with what became of it."""

    record_id: str
    last_modified: str
    outcome: Outcome

    def __post_init__(self) -> None:
        require_ns_clock(self.last_modified)
        # Accept the plain strings the warehouse stores ('held', ...).
        object.__setattr__(self, "outcome", Outcome(self.outcome))


def first_unfinished(records: Iterable[RecordOutcome]) -> str | None:
    """The smallest last_modified among records not applied, skipped or quarantined."""
    return min((r.last_modified for r in records if r.outcome not in DONE), default=None)


def advance_watermark(old: str | None, records: Iterable[RecordOutcome]) -> str | None:
    """The new watermark after a run that read ``records`` (everything from ``old`` minus the overlap).

    It is the greatest last_modified such that every record at or below it is
    finished; a held record stops it, and can pull it back below ``old`` when
    it lies in the overlap window. ``None`` means "read from the beginning".
    """
    if old is not None:
        require_ns_clock(old)
    records = list(records)
    blocker = first_unfinished(records)
    candidates = [r.last_modified for r in records if r.outcome in DONE]
    if old is not None:
        candidates.append(old)
    if blocker is not None:
        candidates = [c for c in candidates if c < blocker]
    if candidates:
        return max(candidates)
    if blocker is None or old is None:
        return old
    # The held record sits at or below the old watermark: step back just before it
    # (clock strings have one-second resolution).
    return shift_ns_clock(blocker, seconds=-1)


def overlap_start(watermark: str | None, minutes: int) -> str | None:
    """Where the next read starts: ``minutes`` before the watermark, on NetSuite's own clock."""
    if minutes < 0:
        raise ValueError("the overlap window cannot be negative")
    if watermark is None:
        return None
    return shift_ns_clock(watermark, seconds=-60 * minutes)
