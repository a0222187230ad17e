"""GET|POST /app/site/hosting/restlet.nl?script=..&deploy=..: the bundle's invoice PDF RESTlet."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from sandbox.netsuite.errors import RestletError
from sandbox.netsuite.guard import authenticate_restlet
from sandbox.netsuite.restlet import check_deployment, invoice_pdf

if TYPE_CHECKING:
    from sandbox.netsuite.sandbox import NetSuiteSandbox

RESTLET_PATH = "/app/site/hosting/restlet.nl"


def restlet_router(sandbox: NetSuiteSandbox) -> APIRouter:
    router = APIRouter()

    @router.api_route(RESTLET_PATH, methods=["GET", "POST"])
    async def restlet(request: Request) -> dict[str, Any]:
        params = request.query_params
        await authenticate_restlet(sandbox, request)
        check_deployment(sandbox, params.get("script"), params.get("deploy"))
        if request.method == "GET":
            arguments: dict[str, Any] = dict(params)
        else:
            arguments = _json_arguments(request, await request.body())
        if arguments.get("action") == "ping":
            return {"status": "ok", "account": sandbox.settings.account_id}
        invoice_id = arguments.get("id", arguments.get("invoiceId"))
        return await run_in_threadpool(invoice_pdf, sandbox, invoice_id)

    return router


def _json_arguments(request: Request, raw: bytes) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("application/json", "text/plain"):
        raise RestletError(
            415,
            "INVALID_CONTENT_TYPE",
            "Invalid content type. You can only use application/json, application/xml or text/plain with RESTlets.",
        )
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise RestletError(400, "SYNTAX_ERROR", "The request body is not valid JSON.") from None
    return body if isinstance(body, dict) else {}
