"""The moment both sandboxes call "now" when they start, unless given another.

A fixed start makes a seed's NetSuite data set, and everything measured
against it, the same on every day the sandboxes run. From the start the
clocks run on with real elapsed time, so tokens expire and stamps move
forward as they would in the real services.
"""

from __future__ import annotations

from datetime import UTC, datetime

# A Monday, noon in the NetSuite account's default time zone (America/Los_Angeles).
SANDBOX_NOW = datetime(2026, 6, 15, 19, 0, tzinfo=UTC)


def parse_now(text: str) -> datetime:
    """A ``--now`` value: ISO 8601, a date or a date-time; without a zone it is UTC."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--now must be an ISO 8601 date or date-time, not {text!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
