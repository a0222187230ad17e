"""Airflow hook for Alternative Payments (conn_type ``alternative_payments``)."""

from alternative_payments_hook.errors import (
    AlternativePaymentsError,
    APIError,
    AuthenticationError,
    ConfigurationError,
    InsecureTransportError,
    NotFoundError,
    PaginationError,
    PaginationLoopError,
    RateLimitError,
    ServerError,
    TransportError,
    ValidationError,
)
from alternative_payments_hook.hook import AlternativePaymentsHook
from alternative_payments_hook.pagination import CursorPaginator, Page
from alternative_payments_hook.retry import RetryPolicy

__all__ = [
    "APIError",
    "AlternativePaymentsError",
    "AlternativePaymentsHook",
    "AuthenticationError",
    "ConfigurationError",
    "CursorPaginator",
    "InsecureTransportError",
    "NotFoundError",
    "Page",
    "PaginationError",
    "PaginationLoopError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "TransportError",
    "ValidationError",
]
