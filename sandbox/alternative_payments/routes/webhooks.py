"""``/webhooks``: subscriptions (one topic each) and the event log."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments import webhooks
from sandbox.alternative_payments.jsonio import json_object, respond
from sandbox.alternative_payments.queries import Query, between
from sandbox.alternative_payments.routes.common import context, list_answer, require_token

router = APIRouter(tags=["webhooks"], dependencies=[Depends(require_token)])


@router.get("/webhooks/events")
async def list_events(request: Request) -> JSONResponse:
    q = Query(request, {"topic", "created_at_start", "created_at_end", "updated_at_start"})
    topic = q.choice("topic", webhooks.TOPICS)
    created = q.timestamp("created_at_start"), q.timestamp("created_at_end")
    updated_start = q.timestamp("updated_at_start")
    page = q.page()

    def keep(e: dict) -> bool:
        return (
            (topic is None or e["topic"] == topic)
            and between(e["created_at"], *created)
            and between(e["updated_at"], updated_start, None)
        )

    return list_answer(context(request), "events", keep, page)


@router.post("/webhooks", status_code=201)
async def subscribe(request: Request) -> JSONResponse:
    return respond(webhooks.subscribe(context(request).store, await json_object(request)), status=201)


@router.get("/webhooks")
async def list_webhooks(request: Request) -> JSONResponse:
    q = Query(request, {"topic", "status"})
    topic, status = q.choice("topic", webhooks.TOPICS), q.choice("status", ("active", "deleted"))
    page = q.page()

    def keep(w: dict) -> bool:
        return (topic is None or w["topic"] == topic) and (status is None or w["status"] == status)

    return list_answer(context(request), "webhooks", keep, page)


@router.delete("/webhooks/{webhook_id}")
async def unsubscribe(webhook_id: str, request: Request) -> JSONResponse:
    return respond(webhooks.unsubscribe(context(request).store, webhook_id))
