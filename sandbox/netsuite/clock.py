"""The sandbox clock (a fixed start, real elapsed time and a movable offset) and the account's time formats.

NetSuite keeps date-times such as ``lastmodifieddate`` in the account's time zone
while ``serverTime`` answers in UTC. The database stores every date-time as
local text ``YYYY-MM-DD HH:MM:SS`` (dates with ``00:00:00``), which sorts and
compares correctly as text.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sandbox.start_time import SANDBOX_NOW

STORED_FORMAT = "%Y-%m-%d %H:%M:%S"


class SandboxClock:
    """``start`` plus the real time elapsed since the clock was made, plus an offset tests move (or move back)."""

    def __init__(self, time_zone: str, start: datetime = SANDBOX_NOW) -> None:
        self.zone = ZoneInfo(time_zone)
        self._start = start.timestamp()
        self._started = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    @property
    def offset_seconds(self) -> float:
        return self._offset

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            self._offset += float(seconds)
        return self.now_utc()

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0

    def resume_after(self, stored: str | None) -> None:
        """Start no earlier than a kept data set's last change, so a restarted sandbox never stamps backwards."""
        if stored is not None:
            with self._lock:
                behind = self.stored_to_utc(stored).timestamp() + 1 - self.timestamp()
                if behind > 0:
                    self._start += behind

    def timestamp(self) -> float:
        return self._start + (time.monotonic() - self._started) + self._offset

    def auth_timestamp(self) -> float:
        """What client timestamps (TBA, JWT iat/exp) are checked against: clients sign with the machine's
        clock, so the machine's time, moved by the same offset as the sandbox clock."""
        return time.time() + self._offset

    def now_utc(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), UTC)

    def now_local(self) -> datetime:
        return self.now_utc().astimezone(self.zone)

    def now_stored(self) -> str:
        """The current time as stored in the database (account time zone)."""
        return self.now_local().strftime(STORED_FORMAT)

    def today(self) -> date:
        return self.now_local().date()

    def stored_to_utc(self, stored: str) -> datetime:
        """A stored local date-time as an aware UTC datetime."""
        local = datetime.strptime(stored, STORED_FORMAT).replace(tzinfo=self.zone)
        return local.astimezone(UTC)


def server_time_text(moment: datetime) -> str:
    """``serverTime``'s format: UTC with milliseconds and a Z."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def stored_date(day: date) -> str:
    return day.strftime("%Y-%m-%d") + " 00:00:00"


def parse_stored(stored: str) -> datetime:
    return datetime.strptime(stored, STORED_FORMAT)


def account_date_text(stored: str) -> str:
    """A stored value as the account's date preference (M/D/YYYY), the way SuiteQL shows dates."""
    moment = parse_stored(stored)
    return f"{moment.month}/{moment.day}/{moment.year}"


def iso_utc(moment: datetime) -> str:
    """Record service date-times: ISO 8601 in UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_days(stored: str, days: int) -> str:
    return (parse_stored(stored) + timedelta(days=days)).strftime(STORED_FORMAT)
