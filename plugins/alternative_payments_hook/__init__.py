"""Airflow hook for Alternative Payments (conn_type ``alternative_payments``).

The names below are imported on first use: Airflow reads the connection form
(``form``) from the provider info in every process, which need not load the hook's
HTTP, OAuth and Redis stack for it.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "APIError": "errors",
    "AlternativePaymentsError": "errors",
    "AlternativePaymentsHook": "hook",
    "AuthenticationError": "errors",
    "ConfigurationError": "errors",
    "CursorPaginator": "pagination",
    "InsecureTransportError": "errors",
    "NotFoundError": "errors",
    "Page": "pagination",
    "PaginationError": "errors",
    "PaginationLoopError": "errors",
    "RateLimitError": "errors",
    "RetryPolicy": "retry",
    "ServerError": "errors",
    "TransportError": "errors",
    "ValidationError": "errors",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
