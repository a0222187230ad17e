"""REST web services: the record service, SuiteQL and serverTime."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool

from sandbox.netsuite.clock import server_time_text
from sandbox.netsuite.errors import NetSuiteError, invalid_content, invalid_parameter
from sandbox.netsuite.guard import Principal, authenticate_rest
from sandbox.netsuite.record_json import RECORD_PATH
from sandbox.netsuite.record_service import READABLE, WRITABLE
from sandbox.netsuite.suiteql_service import run_query

if TYPE_CHECKING:
    from sandbox.netsuite.sandbox import NetSuiteSandbox


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise invalid_content("The request body is empty; a JSON object is expected.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise invalid_content("The request body is not valid JSON.") from None


def _strict(request: Request) -> bool:
    return request.headers.get("x-netsuite-propertynamevalidation", "").lower() == "error"


def _no_async(request: Request) -> None:
    if "respond-async" in request.headers.get("prefer", "").lower():
        raise invalid_parameter("Asynchronous requests (Prefer: respond-async) are not available in this sandbox.")


def _record_type(record_type: str, writable: bool = False) -> str:
    if record_type not in READABLE:
        raise NetSuiteError(404, "NONEXISTENT_ID", f"Record type '{record_type}' is not available in this account.")
    if writable and record_type not in WRITABLE:
        raise NetSuiteError(
            403, "INSUFFICIENT_PERMISSION", f"The integration's role cannot change {record_type} records."
        )
    return record_type


def rest_router(sandbox: NetSuiteSandbox) -> APIRouter:
    async def principal(request: Request) -> Principal:
        return await authenticate_rest(sandbox, request)

    router = APIRouter(prefix="/services/rest", dependencies=[Depends(principal)])
    service = sandbox.records_service

    @router.get("/system/v1/serverTime")
    async def server_time() -> dict[str, str]:
        return {"serverTime": server_time_text(sandbox.clock.now_utc())}

    @router.post("/query/v1/suiteql")
    async def suiteql(request: Request, limit: str | None = None, offset: str | None = None) -> dict[str, Any]:
        if "transient" not in request.headers.get("prefer", "").lower():
            raise invalid_parameter("SuiteQL requests need the header 'Prefer: transient'.")
        body = await json_body(request)
        return await run_in_threadpool(run_query, sandbox.db, body, limit, offset, base_url(request))

    @router.get("/record/v1/{record_type}")
    async def list_records(
        request: Request, record_type: str, q: str | None = None, limit: str | None = None, offset: str | None = None
    ) -> dict[str, Any]:
        _record_type(record_type)
        return await run_in_threadpool(service.list, record_type, q, limit, offset, base_url(request))

    @router.post("/record/v1/{record_type}", status_code=204)
    async def create_record(request: Request, record_type: str) -> Response:
        _record_type(record_type, writable=True)
        _no_async(request)
        body = await json_body(request)
        record_id = await run_in_threadpool(service.create, record_type, body, _strict(request))
        return _created(request, record_type, record_id)

    @router.get("/record/v1/{record_type}/{key}")
    async def get_record(request: Request, record_type: str, key: str) -> dict[str, Any]:
        _record_type(record_type)
        expand = request.query_params.get("expandSubResources", "").lower() == "true"
        return await run_in_threadpool(service.get, record_type, key, expand, base_url(request))

    @router.get("/record/v1/{record_type}/{key}/{sublist}")
    async def get_sublist(request: Request, record_type: str, key: str, sublist: str) -> dict[str, Any]:
        _record_type(record_type)
        return await run_in_threadpool(service.sublist, record_type, key, sublist, base_url(request))

    @router.patch("/record/v1/{record_type}/{key}", status_code=204)
    async def update_record(request: Request, record_type: str, key: str) -> Response:
        _record_type(record_type, writable=True)
        _no_async(request)
        body = await json_body(request)
        await run_in_threadpool(service.update, record_type, key, body, _strict(request))
        return Response(status_code=204)

    @router.put("/record/v1/{record_type}/{key}", status_code=204)
    async def upsert_record(request: Request, record_type: str, key: str) -> Response:
        _record_type(record_type, writable=True)
        _no_async(request)
        body = await json_body(request)
        record_id, _ = await run_in_threadpool(service.upsert, record_type, key, body, _strict(request))
        return _created(request, record_type, record_id)

    @router.delete("/record/v1/{record_type}/{key}", status_code=204)
    async def delete_record(request: Request, record_type: str, key: str) -> Response:
        _record_type(record_type, writable=True)
        await run_in_threadpool(service.delete, record_type, key)
        return Response(status_code=204)

    return router


def _created(request: Request, record_type: str, record_id: int) -> Response:
    location = f"{base_url(request)}{RECORD_PATH}/{record_type}/{record_id}"
    return Response(status_code=204, headers={"Location": location})
