"""Test controls under /_sandbox/: no auth, JSON in and out, never on NetSuite's own paths."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Body, Response
from fastapi.concurrency import run_in_threadpool

from sandbox.netsuite.clock import server_time_text

if TYPE_CHECKING:
    from sandbox.netsuite.sandbox import NetSuiteSandbox

Json = dict[str, Any]


def controls_router(sandbox: NetSuiteSandbox) -> APIRouter:
    router = APIRouter(prefix="/_sandbox")
    controls = sandbox.controls

    @router.get("/stats")
    async def stats() -> Json:
        return sandbox.stats_snapshot()

    @router.post("/stats/reset")
    async def reset_stats() -> Json:
        sandbox.stats.reset()
        return sandbox.stats_snapshot()

    @router.post("/reset")
    async def reset() -> Json:
        await run_in_threadpool(sandbox.reset)
        return {"reset": True}

    @router.get("/settings")
    async def get_settings() -> Json:
        return sandbox.settings.runtime.as_dict()

    @router.post("/settings")
    async def update_settings(changes: Json = Body(...)) -> Json:
        return sandbox.update_settings(**changes)

    @router.get("/clock")
    async def get_clock() -> Json:
        return _clock(sandbox)

    @router.post("/clock")
    async def move_clock(body: Json = Body(...)) -> Json:
        sandbox.advance_clock(float(body.get("advance_seconds", 0)))
        return _clock(sandbox)

    @router.post("/tokens/expire")
    async def expire_tokens(body: Json = Body(default={})) -> Json:
        return {"expired": sandbox.expire_tokens(body.get("kind", "all"))}

    @router.post("/oauth2/grant")
    async def grant() -> Json:
        return sandbox.issue_authorization_code_grant()

    @router.get("/credentials")
    async def credentials() -> Json:
        return sandbox.credentials.as_dict()

    @router.get("/login-audit")
    async def login_audit() -> list[Json]:
        return sandbox.audit.entries()

    @router.get("/records")
    async def records(kinds: str | None = None) -> Json:
        wanted = {k.strip() for k in kinds.split(",")} if kinds else None
        return await run_in_threadpool(controls.records, wanted)

    @router.get("/records/{record_type}/{record_id}")
    async def record(record_type: str, record_id: int) -> Json:
        return await run_in_threadpool(controls.record, record_type, record_id)

    @router.delete("/records/{record_type}/{record_id}", status_code=204)
    async def delete(record_type: str, record_id: int) -> Response:
        await run_in_threadpool(controls.delete, record_type, record_id)
        return Response(status_code=204)

    @router.post("/transactions/{record_id}/void")
    async def void(record_id: int) -> Json:
        return await run_in_threadpool(controls.void, record_id)

    @router.post("/customers")
    async def create_customer(body: Json = Body(...)) -> Json:
        return await run_in_threadpool(lambda: controls.create_customer(**body))

    @router.patch("/customers/{customer_id}")
    async def update_customer(customer_id: int, body: Json = Body(...)) -> Json:
        return await run_in_threadpool(lambda: controls.update_customer(customer_id, **body))

    @router.post("/customers/{customer_id}/inactivate")
    async def inactivate_customer(customer_id: int) -> Json:
        return await run_in_threadpool(controls.inactivate_customer, customer_id)

    @router.post("/invoices")
    async def create_invoice(body: Json = Body(...)) -> Json:
        return await run_in_threadpool(lambda: controls.create_invoice(**body))

    @router.patch("/invoices/{invoice_id}")
    async def edit_invoice(invoice_id: int, body: Json = Body(...)) -> Json:
        return await run_in_threadpool(lambda: controls.edit_invoice(invoice_id, **body))

    @router.post("/invoices/{invoice_id}/payments")
    async def apply_payment(invoice_id: int, body: Json = Body(...)) -> Json:
        return await run_in_threadpool(lambda: controls.apply_payment(invoice_id, **body))

    @router.post("/invoices/{invoice_id}/credits")
    async def apply_credit(invoice_id: int, body: Json = Body(...)) -> Json:
        return await run_in_threadpool(lambda: controls.apply_credit(invoice_id, **body))

    @router.post("/invoices/{invoice_id}/pay-in-full")
    async def pay_in_full(invoice_id: int, body: Json = Body(default={})) -> Json:
        return await run_in_threadpool(lambda: controls.pay_in_full(invoice_id, **body))

    return router


def _clock(sandbox: NetSuiteSandbox) -> Json:
    return {
        "offset_seconds": sandbox.clock.offset_seconds,
        "server_time": server_time_text(sandbox.clock.now_utc()),
        "account_time": sandbox.clock.now_stored(),
        "time_zone": sandbox.settings.time_zone,
    }
