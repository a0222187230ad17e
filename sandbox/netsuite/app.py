"""The FastAPI app: routes, NetSuite-shaped error answers, and governance in front of everything."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sandbox.netsuite.errors import NetSuiteError, OAuthError, RestletError
from sandbox.netsuite.governance import Governor
from sandbox.netsuite.routes_auth import auth_router
from sandbox.netsuite.routes_controls import controls_router
from sandbox.netsuite.routes_rest import rest_router
from sandbox.netsuite.routes_restlet import RESTLET_PATH, restlet_router

if TYPE_CHECKING:
    from sandbox.netsuite.sandbox import NetSuiteSandbox

log = logging.getLogger(__name__)


class SandboxApp(FastAPI):
    """FastAPI with the account's governor in front (it needs the server's own ``send``)."""

    governor: Governor | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.governor is not None:
            await self.governor(scope, receive, send, super().__call__)
        else:
            await super().__call__(scope, receive, send)


def build_app(sandbox: NetSuiteSandbox) -> SandboxApp:
    app = SandboxApp(
        title="NetSuite sandbox", docs_url="/_sandbox/docs", openapi_url="/_sandbox/openapi.json", redoc_url=None
    )
    app.governor = sandbox.governor
    app.include_router(rest_router(sandbox))
    app.include_router(auth_router(sandbox))
    app.include_router(restlet_router(sandbox))
    app.include_router(controls_router(sandbox))
    _error_handlers(app)
    return app


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NetSuiteError)
    async def netsuite_error(request: Request, exc: NetSuiteError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(RestletError)
    async def restlet_error(request: Request, exc: RestletError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(OAuthError)
    async def oauth_error(request: Request, exc: OAuthError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        if request.url.path.startswith("/_sandbox"):
            return JSONResponse({"error": detail}, status_code=400)
        return NetSuiteError(400, "INVALID_PARAMETER", detail).response()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if request.url.path.startswith("/_sandbox"):
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)
        if request.url.path.startswith(RESTLET_PATH):
            return RestletError(exc.status_code, "INVALID_REQUEST", str(exc.detail)).response()
        code = "METHOD_NOT_ALLOWED" if exc.status_code == 405 else "NONEXISTENT_ID"
        return NetSuiteError(exc.status_code, code, f"{exc.detail}: {request.method} {request.url.path}").response()

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError) -> JSONResponse:
        if request.url.path.startswith("/_sandbox"):
            return JSONResponse({"error": str(exc)}, status_code=400)
        log.exception("unexpected error on %s", request.url.path)
        return NetSuiteError(500, "UNEXPECTED_ERROR", "An unexpected error occurred.").response()

    @app.exception_handler(TypeError)
    async def type_error(request: Request, exc: TypeError) -> JSONResponse:
        return await value_error(request, ValueError(str(exc)))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return NetSuiteError(500, "UNEXPECTED_ERROR", "An unexpected error occurred.").response()
