"""A step in which the target refused most of what it was sent must not look green.

AP's 4xx validation answers are record-level and final for the record as it stands (the
record is quarantined with AP's message, its ledger entry marked refused, see
``netsuite_ap_sync.warehouse.ledger``). One such record is ordinary; a step in which more than
``SYNC_REFUSED_SHARE_LIMIT`` (default 0.5) of the records sent were refused points at a
cause no record-level quarantine explains (a changed contract, a wrong account): the
task logs a warning, the partner's status message says so, and the task fails once
everything else is recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from netsuite_ap_sync.engine.apply import Tally
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.partners.status import set_status
from netsuite_ap_sync.settings import env_number

log = logging.getLogger(__name__)
SHARE_LIMIT_ENV = "SYNC_REFUSED_SHARE_LIMIT"
DEFAULT_SHARE_LIMIT = 0.5


@dataclass(frozen=True)
class Refusals:
    what: str  # e.g. "invoice records", "invoices of the last 12 months"
    sent: int
    refused: int
    sample: str | None

    @property
    def share(self) -> float:
        return self.refused / self.sent if self.sent else 0.0

    def too_many(self) -> bool:
        return self.refused > 0 and self.share > share_limit()

    def text(self) -> str:
        sample = f"; e.g. {self.sample}" if self.sample else ""
        return (
            f"Alternative Payments refused {self.refused} of {self.sent} {self.what} sent to it "
            f"({self.share:.0%}, more than the {share_limit():.0%} allowed); they are in quarantine "
            f"with its reasons and are not sent again until they change{sample}"
        )


def share_limit() -> float:
    """The share of refused records above which a step fails: a number in [0, 1]."""
    return env_number(SHARE_LIMIT_ENV, DEFAULT_SHARE_LIMIT, low=0, high=1)


def of_tally(object_type: str, tally: Tally) -> Refusals:
    return Refusals(f"{object_type} records", tally.applied + tally.refused, tally.refused, tally.refusal_sample)


def of_phase(ctx: RunContext, phase: str) -> Refusals:
    """The invoices an initial-sync phase sent to AP, and how many of them AP refused."""
    applied, refused, sample = ctx.wh.initial_sync.phase_refusals(phase)
    what = "invoices of the last 12 months" if phase == "last_12_months" else "invoices of older history"
    example = f"{sample[0]}: {sample[1]}" if sample else None
    return Refusals(what, applied + refused, refused, example)


def warn(ctx: RunContext, refusals: Refusals) -> str | None:
    """Log the warning when too many were refused; the warning's text, else None."""
    if not refusals.too_many():
        return None
    text = refusals.text()
    log.warning("partner %s: %s", ctx.partner_id, text)
    return text


def fail(ctx: RunContext, text: str) -> None:
    """Fail the task without retries (a retry gets the same answers), naming the counts."""
    from airflow.sdk.exceptions import AirflowFailException

    raise AirflowFailException(f"partner {ctx.partner_id}: {text}")


def stop_if_most_refused(ctx: RunContext, object_type: str, tally: Tally) -> None:
    """After a post step has recorded everything: warn, say so in the partner's status message
    (its status stays as it is), and fail the task."""
    text = warn(ctx, of_tally(object_type, tally))
    if text and not ctx.dry_run:
        ctx.refresh()
        set_status(ctx, ctx.partner.status, text)
        fail(ctx, text)
