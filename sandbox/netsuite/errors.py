"""NetSuite's error answers: REST (RFC 9457-like with o:errorDetails), RESTlet, OAuth 2.0."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

_TYPES = {
    400: ("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1", "Bad Request"),
    401: ("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2", "Unauthorized"),
    403: ("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4", "Forbidden"),
    404: ("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5", "Not Found"),
    405: ("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.6", "Method Not Allowed"),
    415: ("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.16", "Unsupported Media Type"),
    429: ("https://www.rfc-editor.org/rfc/rfc6585.html#section-4", "Too Many Requests"),
    500: ("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1", "Internal Server Error"),
}

CONCURRENCY_DETAIL = "Concurrent request limit exceeded. Request blocked."
INVALID_LOGIN_DETAIL = (
    "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at "
    "Setup > Users/Roles > User Management > View Login Audit Trail."
)


def feature_disabled_detail(feature: str) -> str:
    return f"The feature '{feature}' required to access this page is not enabled in this account."


class NetSuiteError(Exception):
    """An error answer in the REST record/query services' shape."""

    def __init__(self, status: int, code: str, detail: str, path: str | None = None) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.path = path

    def body(self) -> dict[str, Any]:
        error_type, title = _TYPES.get(self.status, _TYPES[400])
        detail: dict[str, Any] = {"detail": self.detail, "o:errorCode": self.code}
        if self.path is not None:
            detail["o:errorPath"] = self.path
        return {"type": error_type, "title": title, "status": self.status, "o:errorDetails": [detail]}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status)


class RestletError(Exception):
    """An error thrown by (or in front of) a RESTlet: ``{"error": {"code", "message"}}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status)


class OAuthError(Exception):
    """An OAuth 2.0 token endpoint error: ``{"error", "error_description"}``."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(f"{status} {error}: {description}")
        self.status = status
        self.error = error
        self.description = description

    def response(self) -> JSONResponse:
        body = {"error": self.error, "error_description": self.description}
        headers = {"Cache-Control": "no-store"}
        return JSONResponse(body, status_code=self.status, headers=headers)


def invalid_login() -> NetSuiteError:
    return NetSuiteError(401, "INVALID_LOGIN", INVALID_LOGIN_DETAIL)


def not_found(record_type: str, record_id: str) -> NetSuiteError:
    return NetSuiteError(
        404,
        "NONEXISTENT_ID",
        f"The record instance does not exist. Provide a valid record instance ID ({record_type} {record_id}).",
    )


def invalid_parameter(detail: str, path: str | None = None) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_PARAMETER", detail, path)


def invalid_content(detail: str, path: str | None = None) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_CONTENT", detail, path)


def user_error(detail: str, path: str | None = None) -> NetSuiteError:
    return NetSuiteError(400, "USER_ERROR", detail, path)


def search_error(detail: str) -> NetSuiteError:
    """SuiteQL's wording for a query it cannot run."""
    return NetSuiteError(
        400,
        "INVALID_PARAMETER",
        f"Invalid search query. Detailed unprocessed description follows. Search error occurred: {detail}",
    )
