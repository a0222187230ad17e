"""Which failures belong to one record, and which stop the whole partner."""

from __future__ import annotations

_RECORD_STATUSES = {400, 404, 409, 413, 415, 422}


def rejects_record(exc: BaseException) -> bool:
    """The target refused this one record (bad data, missing reference): quarantine it, go on."""
    from alternative_payments_hook.errors import APIError, AuthenticationError
    from netsuite_hook.errors import NetSuiteApiError, NetSuiteAuthError, NetSuitePermissionError

    if isinstance(exc, NetSuiteApiError):
        return exc.status in _RECORD_STATUSES and not isinstance(exc, NetSuiteAuthError | NetSuitePermissionError)
    if isinstance(exc, APIError):
        return exc.status in _RECORD_STATUSES and not isinstance(exc, AuthenticationError)
    from netsuite_hook.errors import InvalidPdf

    return isinstance(exc, InvalidPdf)


def needs_reconnect(exc: BaseException) -> bool:
    """The partner's NetSuite grant is gone (C4): they must authorize again."""
    from netsuite_hook.errors import ReconnectRequired

    return isinstance(exc, ReconnectRequired)
