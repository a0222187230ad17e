"""The warehouse's own timestamps (audit columns): always UTC."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
