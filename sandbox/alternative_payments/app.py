"""The FastAPI app of one sandbox instance."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments.context import SandboxContext
from sandbox.alternative_payments.errors import ApiError, error_response
from sandbox.alternative_payments.routes import (
    control,
    customers,
    integrations,
    invoices,
    oauth,
    payments,
    payouts,
    webhooks,
)
from sandbox.alternative_payments.traffic import TrafficMiddleware

log = logging.getLogger(__name__)
ROUTERS = (oauth, customers, invoices, payments, payouts, webhooks, integrations, control)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
    return error_response(exc.status_code, code, f"{request.method} {request.url.path}: {exc.detail}")


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = {".".join(str(p) for p in e["loc"]): e["msg"] for e in exc.errors()}
    return ApiError.bad_request(errors).response()


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("sandbox error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "internal server error")


def build_app(ctx: SandboxContext) -> FastAPI:
    app = FastAPI(
        title="Alternative Payments sandbox",
        description="Part A (public API) and Part B (integration surface); test controls under /_sandbox.",
    )
    app.state.ap = ctx
    for module in ROUTERS:
        app.include_router(module.router)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
    app.add_middleware(
        TrafficMiddleware,
        routes=app.router.routes,
        settings=ctx.settings,
        tokens=ctx.tokens,
        limiter=ctx.limiter,
        stats=ctx.stats,
        dice=ctx.dice,
    )
    return app
