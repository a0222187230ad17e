"""Both sandboxes as the demo runs them, served from its own process on loopback."""

from __future__ import annotations

from datetime import datetime

from harness.sandboxes import Sandboxes, start_sandboxes
from sandbox.alternative_payments import AlternativePaymentsSettings
from sandbox.netsuite import NetSuiteSettings
from sandbox.start_time import SANDBOX_NOW

# AP documents 5 requests per second per key. At that rate the demo's first
# sync alone would take over ten minutes, so the AP sandbox runs faster.
DEMO_AP_RATE = 100.0
DOCUMENTED_AP_RATE = 5.0
DEMO_SEED = 7


def start(
    customers: int, invoices: int, years: float, db_path: str | None = None, now: datetime = SANDBOX_NOW
) -> Sandboxes:
    """Both sandboxes with their clocks started at ``now``: the same data set whatever the date."""
    return start_sandboxes(
        NetSuiteSettings.from_options(
            customers=customers, invoices=invoices, years=years, seed=DEMO_SEED, db_path=db_path, now=now
        ),
        AlternativePaymentsSettings(rate_limit_per_second=DEMO_AP_RATE),
    )
