"""The account's concurrency budget: at most ``limit`` requests in flight per process.

NetSuite enforces one limit per account across REST, SOAP and RESTlets, so
every hook of the same account in this process shares one gate.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class Gate(Protocol):
    """What every request holds while in flight: ``AccountGate`` in one process, or one
    shared by every process (the pipeline's warehouse-leased partner slots)."""

    def slot(self) -> AbstractContextManager[None]: ...


class AccountGate:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._semaphore = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self.in_flight = 0
        self.peak_in_flight = 0

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._semaphore:
            with self._lock:
                self.in_flight += 1
                self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            try:
                yield
            finally:
                with self._lock:
                    self.in_flight -= 1


_GATES: dict[tuple[str, str, int], AccountGate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(account_id: str, base_url: str, limit: int) -> AccountGate:
    """The shared gate of one account (and endpoint) at one limit."""
    key = (account_id.upper(), base_url, limit)
    with _GATES_LOCK:
        gate = _GATES.get(key)
        if gate is None:
            gate = _GATES[key] = AccountGate(limit)
        return gate
