"""NetSuite clock strings: ``'YYYY-MM-DD HH:MM:SS'`` as selected with ``TO_CHAR``.

The time zone of ``lastmodifieddate`` is not documented, so these values are
compared and shifted as NetSuite wrote them and never against the local clock.
The fixed-width format sorts lexicographically in time order.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_NS_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def parse_ns_clock(value: str) -> datetime:
    """The naive datetime a NetSuite clock string names; ValueError when malformed."""
    if not isinstance(value, str) or not _NS_CLOCK.fullmatch(value):
        raise ValueError(f"not a NetSuite clock string 'YYYY-MM-DD HH:MM:SS': {value!r}")
    # The pattern fixes the layout, so the ISO parser reads it (strptime's locale lookups cost far more).
    return datetime.fromisoformat(value)


def require_ns_clock(value: str) -> str:
    """``value`` unchanged when it is a valid NetSuite clock string."""
    parse_ns_clock(value)
    return value


def shift_ns_clock(value: str, *, seconds: int) -> str:
    """``value`` moved by ``seconds`` (negative = earlier), as wall-clock arithmetic."""
    return format_ns_clock(parse_ns_clock(value) + timedelta(seconds=seconds))


def format_ns_clock(moment: datetime) -> str:
    """``moment`` as a NetSuite clock string (zero-padded year, unlike ``strftime`` on glibc)."""
    return f"{moment.year:04d}-{moment:%m-%d %H:%M:%S}"
