"""AP's error shape: ``{code, message, validation_errors: {field: message}}``."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse


class ApiError(Exception):
    """Raised anywhere in the sandbox; turned into AP's error body by the app."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        validation_errors: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.validation_errors = validation_errors or {}

    @classmethod
    def validation(cls, errors: dict[str, str], status: int = 422) -> ApiError:
        fields = ", ".join(sorted(errors))
        return cls(status, "validation_error", f"Invalid fields: {fields}", errors)

    @classmethod
    def bad_request(cls, errors: dict[str, str]) -> ApiError:
        fields = ", ".join(sorted(errors))
        return cls(400, "bad_request", f"Invalid request parameters: {fields}", errors)

    @classmethod
    def not_found(cls, kind: str, record_id: str) -> ApiError:
        return cls(404, "not_found", f"{kind} {record_id} not found")

    @classmethod
    def conflict(cls, code: str, message: str) -> ApiError:
        """A request that is well formed but not allowed in the record's current state."""
        return cls(422, code, message)

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "validation_errors": self.validation_errors}

    def response(self, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=headers)


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return ApiError(status, code, message).response(headers)
