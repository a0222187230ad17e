"""SQLite functions that give SuiteQL's Oracle functions their meaning.

SQLite reports an exception inside a user function only as "user-defined
function raised exception"; the message is kept per thread so the query
service can answer with the real reason.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sandbox.netsuite.clock import STORED_FORMAT
from sandbox.netsuite.oracle_format import FormatError, format_datetime, parse_datetime
from sandbox.netsuite.statuses import status_display, type_display

ACCOUNT_DATE_MODEL = "MM/DD/YYYY"  # the account's date preference (shown as M/D/YYYY)

_last_error = threading.local()


class SuiteQLValueError(ValueError):
    """A value a SuiteQL function cannot take (shown to the client)."""


def take_last_error() -> str | None:
    message = getattr(_last_error, "message", None)
    _last_error.message = None
    return message


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any) -> Any:
        try:
            return function(*args)
        except (FormatError, SuiteQLValueError) as exc:
            _last_error.message = str(exc)
            raise
        except Exception as exc:
            _last_error.message = f"{type(exc).__name__}: {exc}"
            raise

    return wrapper


def _stored(value: Any, function: str) -> datetime:
    if not isinstance(value, str):
        raise SuiteQLValueError(f"{function} expects a date, got {value!r}")
    try:
        return datetime.strptime(value, STORED_FORMAT)
    except ValueError:
        raise SuiteQLValueError(f"{function} expects a date, got the text {value!r}") from None


def to_char(value: Any, model: Any = None) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if model is not None:
            raise SuiteQLValueError("TO_CHAR with a number format model is not supported; use TO_CHAR(number)")
        return oracle_number(value)
    moment = _stored(value, "TO_CHAR")
    if model is None:
        return f"{moment.month}/{moment.day}/{moment.year}"
    if not isinstance(model, str):
        raise SuiteQLValueError("TO_CHAR's format must be text")
    return format_datetime(moment, model)


def to_timestamp(value: Any, model: Any = ACCOUNT_DATE_MODEL) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not isinstance(model, str):
        raise SuiteQLValueError(f"TO_TIMESTAMP/TO_DATE expect text and a format, got {value!r}")
    return parse_datetime(value, model).strftime(STORED_FORMAT)


def implicit_date(value: Any) -> str | None:
    """A text compared with a date column is read with the account's date format, as Oracle does."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise SuiteQLValueError(f"cannot compare a date with {value!r}; use TO_DATE or TO_TIMESTAMP")
    try:
        return parse_datetime(value, ACCOUNT_DATE_MODEL).strftime(STORED_FORMAT)
    except FormatError:
        raise SuiteQLValueError(
            f"the text {value!r} is not a date in the account's format (M/D/YYYY); "
            "use TO_DATE(?, 'YYYY-MM-DD') or TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS')"
        ) from None


def oracle_number(value: int | float) -> str:
    """Numbers as Oracle prints them: no trailing zeros, no leading zero before the point."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(round(value, 8))).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return "0" if text in ("", "-0") else text


def register(connection: sqlite3.Connection) -> None:
    functions: list[tuple[str, int, Callable[..., Any]]] = [
        ("NS_TO_CHAR", 1, to_char),
        ("NS_TO_CHAR", 2, to_char),
        ("NS_TO_TIMESTAMP", 1, to_timestamp),
        ("NS_TO_TIMESTAMP", 2, to_timestamp),
        ("NS_IMPLICIT_DATE", 1, implicit_date),
        ("NS_DF_STATUS", 2, status_display),
        ("NS_DF_TYPE", 1, type_display),
    ]
    for name, arity, function in functions:
        connection.create_function(name, arity, _guarded(function), deterministic=True)
