"""Which failures belong to one record, and which stop the whole partner."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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


def retry_cannot_fix(exc: BaseException) -> bool:
    """Unknown partner, missing or unusable connection, refused credentials, a wrong account choice:
    the same attempt fails the same way until a person acts, so the task fails at once."""
    from airflow.sdk.exceptions import AirflowNotFoundException

    from alternative_payments_hook.errors import AuthenticationError
    from alternative_payments_hook.errors import ConfigurationError as APConfigurationError
    from netsuite_ap_sync.partners.accounts import AccountChoiceError
    from netsuite_ap_sync.warehouse.partners import UnknownPartner
    from netsuite_hook.errors import ConfigurationError as NetSuiteConfigurationError
    from netsuite_hook.errors import NetSuiteAuthError, NetSuitePermissionError

    return isinstance(
        exc,
        UnknownPartner
        | AirflowNotFoundException
        | NetSuiteAuthError
        | NetSuitePermissionError
        | NetSuiteConfigurationError
        | AuthenticationError
        | APConfigurationError
        | AccountChoiceError,
    )


def failure_text(exc: BaseException) -> str:
    from airflow.sdk.exceptions import AirflowNotFoundException

    if isinstance(exc, AirflowNotFoundException):
        return f"{exc}: create that connection in Airflow (Admin > Connections), then run again"
    return str(exc)


@contextmanager
def fail_at_once() -> Iterator[None]:
    """Raise an error no retry can fix as ``AirflowFailException`` (no retries), with the same text."""
    from airflow.sdk.exceptions import AirflowFailException

    try:
        yield
    except Exception as exc:
        if not retry_cannot_fix(exc):
            raise
        raise AirflowFailException(failure_text(exc)) from exc
