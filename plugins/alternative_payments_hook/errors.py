"""Exceptions raised by the Alternative Payments hook.

API errors carry AP's ``code``, ``message`` and ``validation_errors`` and name the
offending fields in their text. No exception text holds a secret or a token.
"""

from __future__ import annotations

from typing import Any

from airflow.providers.common.compat.sdk import AirflowException


class AlternativePaymentsError(AirflowException):
    """Base of every error this hook raises."""


class ConfigurationError(AlternativePaymentsError, ValueError):
    """The Airflow connection cannot be used as it is (bad base URL or extra)."""


class InsecureTransportError(ConfigurationError):
    """Plain http:// to a host that is not loopback: credentials would travel in clear text."""


class PaginationError(AlternativePaymentsError):
    """A list answer that cannot be followed (for example ``has_next_page`` without a cursor)."""


class PaginationLoopError(PaginationError):
    """The server handed back a cursor that was already followed."""


class UnreadableAnswer(AlternativePaymentsError):
    """A success status with a body that is not JSON (an HTML page, a cut-off body)."""


class TransportError(AlternativePaymentsError):
    """No usable answer: connection errors or timeouts until the retry budget ran out."""


class APIError(AlternativePaymentsError):
    """AP answered with an error status."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        validation_errors: dict[str, str] | None = None,
        *,
        method: str = "",
        path: str = "",
        attempts: int = 1,
        hint: str = "",
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.validation_errors = dict(validation_errors or {})
        self.method = method
        self.path = path
        self.attempts = attempts
        self.hint = hint
        super().__init__(self._text())

    def _text(self) -> str:
        text = f"Alternative Payments {self.method} {self.path} failed: HTTP {self.status} {self.code}: {self.message}"
        if self.validation_errors:
            details = "; ".join(f"{field}: {problem}" for field, problem in sorted(self.validation_errors.items()))
            text += f" [{details}]"
        if self.attempts > 1:
            text += f" (after {self.attempts} attempts)"
        return f"{text}. {self.hint}" if self.hint else text


class AuthenticationError(APIError):
    """401/403: bad client credentials, or a token AP no longer accepts."""


class NotFoundError(APIError):
    """404: no such record (or no such PDF / integration status)."""


class ValidationError(APIError):
    """400, 413 or 422: AP refused the request's content; see ``validation_errors``."""


class RateLimitError(APIError):
    """429 that outlasted the retry budget."""


class ServerError(APIError):
    """5xx that outlasted the retry budget."""


_BY_STATUS: dict[int, type[APIError]] = {
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    400: ValidationError,
    413: ValidationError,
    422: ValidationError,
    429: RateLimitError,
}


def error_class(status: int) -> type[APIError]:
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIError)


def error_body(status: int, body: Any, reason: str) -> tuple[str, str, dict[str, str]]:
    """(code, message, validation_errors) from an error answer, whatever its shape."""
    if not isinstance(body, dict):
        return f"http_{status}", reason or "error", {}
    errors = body.get("validation_errors") or {}
    if not isinstance(errors, dict):
        errors = {}
    code = str(body.get("code") or f"http_{status}")
    message = str(body.get("message") or reason or "error")
    return code, message, {str(k): str(v) for k, v in errors.items()}
