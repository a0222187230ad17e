"""Which failures belong to one record, and which stop the whole partner."""

from __future__ import annotations

_RECORD_STATUSES = {400, 404, 409, 413, 415, 422}
# AP's answers that the request's content is invalid: final for the record as it stands.
_REFUSAL_STATUSES = {400, 413, 422}


class StillRefused(Exception):
    """The target refused this mutation, as it stands, on an earlier attempt: it is not sent again."""


def rejects_record(exc: BaseException) -> bool:
    """The target refused this one record (bad data, missing reference): quarantine it, go on."""
    if isinstance(exc, StillRefused):
        return True
    from alternative_payments_hook.errors import APIError, AuthenticationError
    from netsuite_hook.errors import NetSuiteApiError, NetSuiteAuthError, NetSuitePermissionError

    if isinstance(exc, NetSuiteApiError):
        return exc.status in _RECORD_STATUSES and not isinstance(exc, NetSuiteAuthError | NetSuitePermissionError)
    if isinstance(exc, APIError):
        return exc.status in _RECORD_STATUSES and not isinstance(exc, AuthenticationError)
    from netsuite_hook.errors import InvalidPdf

    return isinstance(exc, InvalidPdf)


def is_refusal(exc: BaseException) -> bool:
    """AP answered that the request's content is invalid (400, 413, 422): no retry, in this run or a
    later one, can change that answer while the record stays as it is."""
    from alternative_payments_hook.errors import APIError, AuthenticationError

    return isinstance(exc, APIError) and exc.status in _REFUSAL_STATUSES and not isinstance(exc, AuthenticationError)


def needs_reconnect(exc: BaseException) -> bool:
    """The partner's NetSuite grant is gone (C4): they must authorize again."""
    from netsuite_hook.errors import ReconnectRequired

    return isinstance(exc, ReconnectRequired)
